import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

// The map of an old archive's records to what they became here (migration 018).

export type LegacyKind = 'story' | 'chapter' | 'author' | 'series' | 'challenge' | 'review';

export interface LegacyRow {
  kind: LegacyKind;
  legacyId: number;
  newId: number | null;
  data?: string | null;
}

/** The new ids of these legacy ids of one kind, where they are mapped. */
export async function mappedIds(db: Queryable, source: string, kind: LegacyKind, legacyIds: number[]): Promise<Map<number, number | null>> {
  const found = new Map<number, number | null>();
  for (const part of chunks(legacyIds, 500)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('legacyIds').select(['legacyId', 'newId']).where('source', '=', source).where('kind', '=', kind).where('legacyId', 'in', part).execute();
    for (const row of rows) found.set(row.legacyId, row.newId);
  }
  return found;
}

/** Records mappings; one already there is kept as it is (a run again changes nothing). */
export async function insertLegacyIds(db: Queryable, source: string, rows: LegacyRow[], now: string): Promise<void> {
  for (const part of chunks(rows, 200)) {
    if (part.length === 0) continue;
    await db
      .insertInto('legacyIds')
      .values(part.map((row) => ({ source, kind: row.kind, legacyId: row.legacyId, newId: row.newId, data: row.data ?? null, createdAt: now })))
      .onConflict((oc) => oc.columns(['source', 'kind', 'legacyId']).doNothing())
      .execute();
  }
}

/** Records or refreshes rows kept to be linked later (series, challenges): their data follows the source. */
export async function upsertKeptRows(db: Queryable, source: string, rows: LegacyRow[], now: string): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('legacyIds')
      .values({ source, kind: row.kind, legacyId: row.legacyId, newId: row.newId, data: row.data ?? null, createdAt: now })
      .onConflict((oc) => oc.columns(['source', 'kind', 'legacyId']).doUpdateSet({ data: row.data ?? null, newId: row.newId }))
      .execute();
  }
}

export function countLegacyIds(db: Queryable, source: string) {
  return db.selectFrom('legacyIds').select(['kind', (eb) => eb.fn.countAll<number>().as('count')]).where('source', '=', source).groupBy('kind').execute();
}

/** What an old address names: the first source that knows it (the archive imported first). */
export function findLegacy(db: Queryable, kind: LegacyKind, legacyId: number) {
  return db
    .selectFrom('legacyIds')
    .select(['source', 'newId', 'data'])
    .where('kind', '=', kind)
    .where('legacyId', '=', legacyId)
    .orderBy('createdAt')
    .orderBy('source')
    .executeTakeFirst();
}

/** A work's chapter ids and external creator ids, in order: what its legacy chapters and authors map to. */
export async function storedPartsOfWork(db: Queryable, workId: number): Promise<{ chapterIds: number[]; creatorIds: number[] }> {
  const chapters = await db.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').execute();
  const creators = await db.selectFrom('externalCreatorships').select('externalCreatorId').where('workId', '=', workId).orderBy('position').execute();
  return { chapterIds: chapters.map((c) => c.id), creatorIds: creators.map((c) => c.externalCreatorId) };
}

/**
 * Where an external creator's works are now: the pseud a claimed work went to, or else the
 * archivist's pseud named after them, which holds their works until they claim.
 */
export async function pagePseudOfExternalCreator(db: Queryable, externalCreatorId: number): Promise<{ login: string; pseud: string } | undefined> {
  const claimed = await db
    .selectFrom('externalCreatorships as ec')
    .innerJoin('importedWorks as iw', 'iw.workId', 'ec.workId')
    .innerJoin('importBatches as b', 'b.id', 'iw.batchId')
    .innerJoin('creatorships as c', 'c.workId', 'ec.workId')
    .innerJoin('pseuds as p', 'p.id', 'c.pseudId')
    .innerJoin('users as u', 'u.id', 'p.userId')
    .select(['u.login', 'p.name'])
    .where('ec.externalCreatorId', '=', externalCreatorId)
    .where('ec.state', '=', 'claimed')
    .whereRef('p.userId', '!=', 'b.archivistId')
    .orderBy('c.createdAt', 'desc')
    .executeTakeFirst();
  if (claimed) return { login: claimed.login, pseud: claimed.name };
  const held = await db
    .selectFrom('externalCreatorships as ec')
    .innerJoin('creatorships as c', (join) => join.onRef('c.workId', '=', 'ec.workId').onRef('c.position', '=', 'ec.position'))
    .innerJoin('pseuds as p', 'p.id', 'c.pseudId')
    .innerJoin('users as u', 'u.id', 'p.userId')
    .select(['u.login', 'p.name'])
    .where('ec.externalCreatorId', '=', externalCreatorId)
    .orderBy('ec.workId')
    .executeTakeFirst();
  return held ? { login: held.login, pseud: held.name } : undefined;
}

/** The id of a work's chapter at a position (1, 2, …), for old chapter addresses. */
export async function chapterAtPosition(db: Queryable, workId: number, position: number): Promise<number | undefined> {
  const row = await db.selectFrom('chapters').select('id').where('workId', '=', workId).where('position', '=', position).executeTakeFirst();
  return row?.id;
}

export async function workExists(db: Queryable, workId: number): Promise<boolean> {
  return (await db.selectFrom('works').select('id').where('id', '=', workId).executeTakeFirst()) !== undefined;
}

/** The chapter ids of each of these works, in order (where an imported review's comment goes). */
export async function chaptersOfWorks(db: Queryable, workIds: number[]): Promise<Map<number, number[]>> {
  const found = new Map<number, number[]>();
  for (const part of chunks(workIds, 500)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('chapters').select(['id', 'workId']).where('workId', 'in', part).orderBy('workId').orderBy('position').execute();
    for (const row of rows) found.set(row.workId, [...(found.get(row.workId) ?? []), row.id]);
  }
  return found;
}

export async function externalCreatorNames(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (const part of chunks(ids, 500)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('externalCreators').select(['id', 'name']).where('id', 'in', part).execute();
    for (const row of rows) found.set(row.id, row.name);
  }
  return found;
}
