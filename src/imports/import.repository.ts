import { sql } from 'kysely';
import { insertRows } from '../db/insert.rows.ts';
import type { Database, ImportBatchesTable } from '../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

export type ImportBatch = Selectable<ImportBatchesTable>;

export interface BatchCounts {
  filesRead: number;
  worksImported: number;
  worksPresent: number;
  skipped: number;
  repairs: number;
  flags: number;
}

export async function insertBatch(db: Queryable, values: Insertable<ImportBatchesTable>): Promise<number> {
  const row = await db.insertInto('importBatches').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function finishBatch(db: Queryable, id: number, counts: BatchCounts, finishedAt: string): Promise<void> {
  await db.updateTable('importBatches').set({ ...counts, finishedAt }).where('id', '=', id).execute();
}

/** Closes a batch whose run was interrupted, leaving its counts as they were. */
/** Closes a batch a run left unfinished, with the counts of what it did store. */
export async function closeBatch(db: Queryable, id: number, finishedAt: string, counts: Omit<BatchCounts, 'filesRead' | 'worksPresent'>): Promise<void> {
  await db.updateTable('importBatches').set({ ...counts, finishedAt }).where('id', '=', id).execute();
}

export async function recordFilesRead(db: Queryable, id: number, filesRead: number): Promise<void> {
  await db.updateTable('importBatches').set({ filesRead }).where('id', '=', id).execute();
}

// SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535: lists of keys
// go in chunks well below either.
const KEYS_PER_STATEMENT = 500;

/** The works already imported under these content hashes, by hash. */
export async function presentHashes(db: Queryable, hashes: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks([...new Set(hashes)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('importedWorks').select(['contentHash', 'workId']).where('contentHash', 'in', chunk).execute();
    for (const row of rows) found.set(row.contentHash, row.workId);
  }
  return found;
}

/**
 * Among these content hashes, those of works an archivist deleted at their creator's request
 * (claim_events keeps the hash: the work's imported_works row went with it). Deletions are few,
 * so the (event, id) index narrows the search enough without one on the hash.
 */
export async function hashesDeletedOnRequest(db: Queryable, hashes: string[]): Promise<Set<string>> {
  const deleted = new Set<string>();
  for (const chunk of chunks([...new Set(hashes)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('claimEvents').select('contentHash').where('event', '=', 'work-deleted').where('contentHash', 'in', chunk).execute();
    for (const row of rows) deleted.add(row.contentHash!);
  }
  return deleted;
}

export async function insertImportedWorks(db: Queryable, rows: Insertable<Database['importedWorks']>[]): Promise<void> {
  await insertRows(db, 'importedWorks', rows);
}

export async function insertFlags(db: Queryable, rows: Insertable<Database['importFlags']>[]): Promise<void> {
  await insertRows(db, 'importFlags', rows);
}

/** Addresses among these that their owners blocked from further imports. */
export async function blockedAddresses(db: Queryable, emailKeys: string[]): Promise<Set<string>> {
  const blocked = new Set<string>();
  for (const chunk of chunks([...new Set(emailKeys)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('externalCreators').select('emailKey').where('emailKey', 'in', chunk).where('isBlocked', '=', 1).execute();
    for (const row of rows) blocked.add(row.emailKey!);
  }
  return blocked;
}

/**
 * External creators by address, and those without one by name (one per address, as AO3's
 * ExternalAuthor): keys are "e:" + address or "n:" + name, lower case.
 */
export async function findExternalCreators(db: Queryable, emailKeys: string[], nameKeys: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks([...new Set(emailKeys)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('externalCreators').select(['id', 'emailKey']).where('emailKey', 'in', chunk).execute();
    for (const row of rows) found.set(`e:${row.emailKey}`, row.id);
  }
  for (const chunk of chunks([...new Set(nameKeys)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('externalCreators').select(['id', 'nameKey']).where('nameKey', 'in', chunk).where('emailKey', 'is', null).orderBy('id', 'desc').execute();
    // Descending, so the oldest of any duplicates is the one kept.
    for (const row of rows) found.set(`n:${row.nameKey}`, row.id);
  }
  return found;
}

export async function insertExternalCreator(db: Queryable, name: string, email: string | null, now: string): Promise<number> {
  const row = await db
    .insertInto('externalCreators')
    .values({ name, nameKey: name.toLowerCase(), email, emailKey: email?.toLowerCase() ?? null, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertExternalCreatorships(db: Queryable, rows: { workId: number; externalCreatorId: number; position: number }[]): Promise<void> {
  await insertRows(db, 'externalCreatorships', rows, { onConflictDoNothing: true });
}

/** The archivist's pseuds among these names (lower case), by name. */
export async function findPseuds(db: Queryable, userId: number, nameKeys: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks([...new Set(nameKeys)], KEYS_PER_STATEMENT)) {
    const rows = await db.selectFrom('pseuds').select(['id', 'nameKey']).where('userId', '=', userId).where('nameKey', 'in', chunk).execute();
    for (const row of rows) found.set(row.nameKey, row.id);
  }
  return found;
}

/** An archivist's pseud for one original creator's works. */
export async function insertImportPseud(db: Queryable, userId: number, name: string, now: string): Promise<number> {
  const row = await db
    .insertInto('pseuds')
    .values({ userId, name, nameKey: name.toLowerCase(), description: 'Works imported from legacy archives, held until their creators claim them.', isDefault: 0, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** New works' tags, many to a statement (their filter sets are rebuilt after). */
export async function insertWorkTags(db: Queryable, rows: { workId: number; tagId: number }[]): Promise<void> {
  await insertRows(db, 'workTags', rows);
}

/** New works' chapters, many to a statement. */
export async function insertChapters(db: Queryable, rows: Insertable<Database['chapters']>[]): Promise<void> {
  await insertRows(db, 'chapters', rows);
}

export function listBatches(db: Queryable, limit = 200) {
  return db
    .selectFrom('importBatches')
    .innerJoin('users', 'users.id', 'importBatches.archivistId')
    .selectAll('importBatches')
    .select('users.login as archivistLogin')
    .orderBy('importBatches.id', 'desc')
    .limit(limit)
    .execute();
}

export function findBatch(db: Queryable, id: number) {
  return db
    .selectFrom('importBatches')
    .innerJoin('users', 'users.id', 'importBatches.archivistId')
    .selectAll('importBatches')
    .select('users.login as archivistLogin')
    .where('importBatches.id', '=', id)
    .executeTakeFirst();
}

export function worksOfBatch(db: Queryable, batchId: number, offset = 0, limit = 200) {
  return db
    .selectFrom('importedWorks')
    .innerJoin('works', 'works.id', 'importedWorks.workId')
    .select(['works.id', 'works.title', 'works.hiddenAt', 'works.isRestricted', 'works.wordCount', 'works.chapterCount', 'importedWorks.sources', 'importedWorks.archiveConsent', 'importedWorks.removalRequestedAt'])
    .where('importedWorks.batchId', '=', batchId)
    .orderBy('works.id')
    .offset(offset)
    .limit(limit)
    .execute();
}

/** The review flags of a page of works, in one query. */
export function flagsOfWorks(db: Queryable, workIds: number[]) {
  if (workIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('importFlags').select(['workId', 'code', 'detail']).where('workId', 'in', workIds).orderBy('id').execute();
}

/** Files and messages of a batch that gave no work, with the reason. */
export function skippedOfBatch(db: Queryable, batchId: number, limit = 1000) {
  return db.selectFrom('importFlags').select(['source', 'detail']).where('batchId', '=', batchId).where('workId', 'is', null).orderBy('id').limit(limit).execute();
}

/** Each work's original creators with their claim state; never their addresses. */
export function externalCreatorsOfWorks(db: Queryable, workIds: number[]) {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('externalCreatorships')
    .innerJoin('externalCreators', 'externalCreators.id', 'externalCreatorships.externalCreatorId')
    .select([
      'externalCreatorships.workId',
      'externalCreatorships.externalCreatorId',
      'externalCreators.name',
      'externalCreatorships.state',
      sql<number>`case when external_creators.email is null then 0 else 1 end`.as('isReachable'),
      'externalCreators.isBlocked',
    ])
    .where('externalCreatorships.workId', 'in', workIds)
    .orderBy('externalCreatorships.position')
    .execute();
}

export function importedWork(db: Queryable, workId: number) {
  return db
    .selectFrom('importedWorks')
    .innerJoin('importBatches', 'importBatches.id', 'importedWorks.batchId')
    .innerJoin('users', 'users.id', 'importBatches.archivistId')
    .selectAll('importedWorks')
    .select('users.login as archivistLogin')
    .where('importedWorks.workId', '=', workId)
    .executeTakeFirst();
}

/** Batches whose run never reached its end. */
export function unfinishedBatches(db: Queryable) {
  return db.selectFrom('importBatches').select('id').where('finishedAt', 'is', null).execute();
}

export async function workIdsOfBatch(db: Queryable, batchId: number): Promise<number[]> {
  const rows = await db.selectFrom('importedWorks').select('workId').where('batchId', '=', batchId).orderBy('workId').execute();
  return rows.map((r) => r.workId);
}

/**
 * What a batch stored, counted from its rows: for a batch whose run was interrupted before it
 * wrote its counts. A repair's flag stands for one repair (its "(×N)" is not read back), and
 * works found already imported and files read leave no row, so they are not counted.
 */
export async function storedCountsOfBatch(db: Queryable, batchId: number): Promise<Omit<BatchCounts, 'filesRead' | 'worksPresent'>> {
  const works = await db.selectFrom('importedWorks').select((eb) => eb.fn.countAll<number | string>().as('count')).where('batchId', '=', batchId).executeTakeFirstOrThrow();
  const flags = await db
    .selectFrom('importFlags')
    .select((eb) => [
      eb.fn.countAll<number | string>().filterWhere('code', '=', 'skipped').as('skipped'),
      eb.fn.countAll<number | string>().filterWhere('code', 'like', 'repair:%').as('repairs'),
      eb.fn.countAll<number | string>().filterWhere((w) => w.and([w('code', '!=', 'skipped'), w('code', 'not like', 'repair:%')])).as('flags'),
    ])
    .where('batchId', '=', batchId)
    .executeTakeFirstOrThrow();
  return { worksImported: Number(works.count), skipped: Number(flags.skipped), repairs: Number(flags.repairs), flags: Number(flags.flags) };
}
