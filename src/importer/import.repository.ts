import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImportBatchesTable } from '../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';

type Queryable = Kysely<Database> | Transaction<Database>;

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

export async function findImportedWorkByHash(db: Queryable, contentHash: string): Promise<{ workId: number } | undefined> {
  return db.selectFrom('importedWorks').select('workId').where('contentHash', '=', contentHash).executeTakeFirst();
}

export async function insertImportedWork(db: Queryable, values: Insertable<Database['importedWorks']>): Promise<void> {
  await db.insertInto('importedWorks').values(values).execute();
}

export async function insertFlags(db: Queryable, rows: Insertable<Database['importFlags']>[]): Promise<void> {
  // Chunks keep each statement well under SQLite's bound-parameter limit (32,766).
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('importFlags').values(rows.slice(i, i + 500)).execute();
}

/** Addresses among these that their owners blocked from further imports. */
export async function blockedAddresses(db: Queryable, emailKeys: string[]): Promise<Set<string>> {
  if (emailKeys.length === 0) return new Set();
  const rows = await db.selectFrom('externalCreators').select('emailKey').where('emailKey', 'in', emailKeys).where('isBlocked', '=', 1).execute();
  return new Set(rows.map((r) => r.emailKey!));
}

/** The external creator for an address (one per address, as AO3's ExternalAuthor), or for a name without one. */
export async function findOrCreateExternalCreator(db: Queryable, name: string, email: string | null, now: string): Promise<number> {
  const emailKey = email?.toLowerCase() ?? null;
  const nameKey = name.toLowerCase();
  const existing = emailKey
    ? await db.selectFrom('externalCreators').select('id').where('emailKey', '=', emailKey).executeTakeFirst()
    : await db.selectFrom('externalCreators').select('id').where('nameKey', '=', nameKey).where('emailKey', 'is', null).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('externalCreators')
    .values({ name, nameKey, email, emailKey, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertExternalCreatorships(db: Queryable, rows: { workId: number; externalCreatorId: number; position: number }[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('externalCreatorships').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

/** The archivist's pseud of this name, made on first use. */
export async function findOrCreatePseud(db: Queryable, userId: number, name: string, now: string): Promise<number> {
  const nameKey = name.toLowerCase();
  const found = await db.selectFrom('pseuds').select('id').where('userId', '=', userId).where('nameKey', '=', nameKey).executeTakeFirst();
  if (found) return found.id;
  const row = await db
    .insertInto('pseuds')
    .values({ userId, name, nameKey, description: 'Works imported from legacy archives, held until their creators claim them.', isDefault: 0, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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
    .select(['works.id', 'works.title', 'works.isDraft', 'works.isRestricted', 'works.wordCount', 'works.chapterCount', 'importedWorks.sources', 'importedWorks.archiveConsent', 'importedWorks.removalRequestedAt'])
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

/** Works whose creators asked for removal, waiting for an archivist. */
export function removalQueue(db: Queryable) {
  return db
    .selectFrom('importedWorks')
    .innerJoin('works', 'works.id', 'importedWorks.workId')
    .select(['works.id', 'works.title', 'importedWorks.batchId', 'importedWorks.removalRequestedAt'])
    .where('importedWorks.removalRequestedAt', 'is not', null)
    .orderBy('importedWorks.removalRequestedAt')
    .execute();
}

/** Batches whose run never reached its end. */
export function unfinishedBatches(db: Queryable) {
  return db.selectFrom('importBatches').select('id').where('finishedAt', 'is', null).execute();
}

export async function workIdsOfBatch(db: Queryable, batchId: number): Promise<number[]> {
  const rows = await db.selectFrom('importedWorks').select('workId').where('batchId', '=', batchId).orderBy('workId').execute();
  return rows.map((r) => r.workId);
}
