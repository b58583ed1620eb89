import { sql, type Insertable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Series, SeriesTable, Work } from '../db/schema.ts';
import { listedWithCreators, listedWorks, type CreatorAudience, type ListingAudience } from '../works/work.visibility.ts';

// Series and their parts (migration 029). Which parts a reader sees is listedWorks, the
// condition of every listing: a draft or hidden part is skipped, a restricted one is for
// logged-in readers.

export function findSeries(db: Queryable, id: number): Promise<Series | undefined> {
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSeriesByIds(db: Queryable, ids: number[]): Promise<Series[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('series').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function insertSeries(db: Queryable, values: Insertable<SeriesTable>): Promise<number> {
  const row = await db.insertInto('series').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSeriesRow(db: Queryable, id: number, values: Partial<Insertable<SeriesTable>>): Promise<void> {
  await db.updateTable('series').set(values).where('id', '=', id).execute();
}

export async function deleteSeriesRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('series').where('id', '=', id).execute();
}

/** A part of a series, whoever may see it: for the creators' checks and the order. */
export interface PartRow {
  seriesId: number;
  workId: number;
  position: number;
}

/** Every part of a series in order, drafts and hidden works included. */
export function partsOf(db: Queryable, seriesId: number): Promise<PartRow[]> {
  return db
    .selectFrom('serialWorks')
    .select(['seriesId', 'workId', 'position'])
    .where('seriesId', '=', seriesId)
    .orderBy('position')
    .orderBy('workId')
    .execute();
}

/** Adds the work at that position; false when it is in the series already (the key). */
export async function insertPart(db: Queryable, part: PartRow & { createdAt: string }): Promise<boolean> {
  const row = await db.insertInto('serialWorks').values(part).onConflict((oc) => oc.doNothing()).returning('workId').executeTakeFirst();
  return row !== undefined;
}

export async function deletePart(db: Queryable, seriesId: number, workId: number): Promise<void> {
  await db.deleteFrom('serialWorks').where('seriesId', '=', seriesId).where('workId', '=', workId).execute();
}

/** Numbers the parts 1, 2, 3 … in the order given (a series has few parts). */
export async function renumberParts(db: Queryable, seriesId: number, orderedWorkIds: number[]): Promise<void> {
  for (const [i, workId] of orderedWorkIds.entries()) {
    await db.updateTable('serialWorks').set({ position: i + 1 }).where('seriesId', '=', seriesId).where('workId', '=', workId).execute();
  }
}

/** The position after the last part. */
export async function nextPosition(db: Queryable, seriesId: number): Promise<number> {
  const row = await db.selectFrom('serialWorks').select(sql<number | null>`max(position)`.as('last')).where('seriesId', '=', seriesId).executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/** Whether the viewer is an approved creator of `works`. */
function viewerCreated(eb: any, viewerId: number) {
  return eb.exists(
    eb
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
      .select('creatorships.workId')
      .whereRef('creatorships.workId', '=', 'works.id')
      .where('pseuds.userId', '=', viewerId)
      .where('creatorships.isApproved', '=', 1),
  );
}

/**
 * The works of a series the audience may see listed, in order, with their places; an
 * anonymous part only to its own creators (`viewer`) and administrators (listedWithCreators).
 */
export async function listedParts(db: Queryable, seriesIds: number[], audience: ListingAudience, viewer: CreatorAudience, alsoWorkId?: number): Promise<(Work & { seriesId: number; position: number })[]> {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('serialWorks')
    .innerJoin('works', 'works.id', 'serialWorks.workId')
    .selectAll('works')
    .select(['serialWorks.seriesId', 'serialWorks.position'])
    .where('serialWorks.seriesId', 'in', seriesIds)
    // The work whose page this is may be one not listed (its creator's draft): it is in its own box.
    .where((eb) => (alsoWorkId === undefined ? listedWorks(eb, audience) : eb.or([listedWorks(eb, audience), eb('works.id', '=', alsoWorkId)])))
    .where((eb) => listedWithCreators(eb, viewer, viewer === null ? null : viewerCreated(eb, viewer.id)))
    .orderBy('serialWorks.seriesId')
    .orderBy('serialWorks.position')
    .orderBy('works.id')
    .execute();
}

/** The series a work is in, oldest first. */
export function seriesOfWork(db: Queryable, workId: number): Promise<Series[]> {
  return db
    .selectFrom('series')
    .innerJoin('serialWorks', 'serialWorks.seriesId', 'series.id')
    .selectAll('series')
    .where('serialWorks.workId', '=', workId)
    .orderBy('series.id')
    .execute();
}

/**
 * Series in which the user is an approved creator of a part. With an audience, only parts
 * listed to it count, so a user's draft in a series does not show the series on their page.
 */
export function seriesOfUser(db: Queryable, userId: number, audience: ListingAudience | null): Promise<Series[]> {
  return db
    .selectFrom('series')
    .selectAll('series')
    .where((eb) => {
      let parts = eb
        .selectFrom('serialWorks')
        .innerJoin('works', 'works.id', 'serialWorks.workId')
        .innerJoin('creatorships', 'creatorships.workId', 'serialWorks.workId')
        .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
        .select('serialWorks.workId')
        .whereRef('serialWorks.seriesId', '=', 'series.id')
        .where('pseuds.userId', '=', userId)
        .where('creatorships.isApproved', '=', 1);
      if (audience !== null) parts = parts.where((inner) => listedWorks(inner, audience));
      return eb.exists(parts);
    })
    .orderBy('series.updatedAt', 'desc')
    .orderBy('series.id', 'desc')
    .execute();
}

/**
 * The series of this title (by its key) that has a part credited to the pseud: the series an
 * imported work of the same original creator joins.
 */
export async function seriesTitledForPseud(db: Queryable, pseudId: number, titleKey: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('series')
    .innerJoin('serialWorks', 'serialWorks.seriesId', 'series.id')
    .innerJoin('creatorships', 'creatorships.workId', 'serialWorks.workId')
    .select('series.id')
    .where('series.titleKey', '=', titleKey)
    .where('creatorships.pseudId', '=', pseudId)
    .orderBy('series.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Public bookmarks of each series. */
export async function seriesBookmarkCounts(db: Queryable, seriesIds: number[]): Promise<Map<number, number>> {
  if (seriesIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('bookmarks')
    .select(['seriesId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('seriesId', 'in', seriesIds)
    .where('isPrivate', '=', 0)
    .groupBy('seriesId')
    .execute();
  return new Map(rows.map((r) => [r.seriesId!, Number(r.n)]));
}

/** The series among these ids that have no parts left. */
export async function emptySeriesAmong(db: Queryable, seriesIds: number[]): Promise<number[]> {
  if (seriesIds.length === 0) return [];
  const rows = await db
    .selectFrom('series')
    .select('id')
    .where('id', 'in', seriesIds)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('serialWorks').select('workId').whereRef('serialWorks.seriesId', '=', 'series.id'))))
    .execute();
  return rows.map((r) => r.id);
}

/** The series ids these works are in, each once (before their deletion: to remove the series they leave empty). */
export async function seriesIdsOfWorks(db: Queryable, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const rows = await db.selectFrom('serialWorks').select('seriesId').distinct().where('workId', 'in', workIds).execute();
  return rows.map((r) => r.seriesId);
}

/** Every part's works row in order, whoever may see it: the series form sorts out what to show. */
export function partWorks(db: Queryable, seriesId: number): Promise<(Work & { position: number })[]> {
  return db
    .selectFrom('serialWorks')
    .innerJoin('works', 'works.id', 'serialWorks.workId')
    .selectAll('works')
    .select('serialWorks.position')
    .where('serialWorks.seriesId', '=', seriesId)
    .orderBy('serialWorks.position')
    .orderBy('works.id')
    .execute();
}

/** The series of this title (by its key) that the work is in, if any. */
export async function seriesOfWorkTitled(db: Queryable, workId: number, titleKey: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('series')
    .innerJoin('serialWorks', 'serialWorks.seriesId', 'series.id')
    .select('series.id')
    .where('serialWorks.workId', '=', workId)
    .where('series.titleKey', '=', titleKey)
    .executeTakeFirst();
  return row?.id;
}
