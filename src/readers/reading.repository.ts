import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';

export interface Visit {
  userId: number;
  workId: number;
  title: string;
  /** The chapter opened; null for the work's first page or the entire work, which keep the chapter reached. */
  chapterId: number | null;
  at: string;
}

/**
 * One statement per visit: the row is inserted or bumped only when the reader keeps a history
 * (users.history_enabled), so the preference costs no extra query. The chapter reached is the
 * chapter page last opened; the work's first page and the entire work leave it as it was.
 */
export async function recordVisit(db: Queryable, visit: Visit): Promise<void> {
  await db
    .insertInto('readings')
    .columns(['userId', 'workId', 'title', 'chapterId', 'visitCount', 'lastReadAt', 'toRead', 'updatedAt'])
    .expression(
      db
        .selectFrom('users')
        .select([
          'users.id as userId',
          sql.lit(visit.workId).as('workId'),
          sql.val(visit.title).as('title'),
          sql.val(visit.chapterId).as('chapterId'),
          sql.lit(1).as('visitCount'),
          sql.val(visit.at).as('lastReadAt'),
          sql.lit(0).as('toRead'),
          sql.val(visit.at).as('updatedAt'),
        ])
        .where('users.id', '=', visit.userId)
        .where('users.historyEnabled', '=', 1),
    )
    .onConflict((oc) =>
      oc.columns(['userId', 'workId']).doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        chapterId: eb.fn.coalesce('excluded.chapterId', 'readings.chapterId'),
        visitCount: eb('readings.visitCount', '+', 1),
        lastReadAt: eb.ref('excluded.lastReadAt'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute();
}

/** Marks or unmarks a work for later; a row left with neither a visit nor a mark goes. */
export async function setToRead(db: Queryable, mark: { userId: number; workId: number; title: string; toRead: boolean; at: string }): Promise<void> {
  if (mark.toRead) {
    await db
      .insertInto('readings')
      .values({ userId: mark.userId, workId: mark.workId, title: mark.title, toRead: 1, updatedAt: mark.at })
      .onConflict((oc) => oc.columns(['userId', 'workId']).doUpdateSet({ toRead: 1, title: mark.title }))
      .execute();
    return;
  }
  await db.updateTable('readings').set({ toRead: 0 }).where('userId', '=', mark.userId).where('workId', '=', mark.workId).execute();
  await db.deleteFrom('readings').where('userId', '=', mark.userId).where('workId', '=', mark.workId).where('visitCount', '=', 0).execute();
}

/** The reader's row for a work: the chapter reached (for "continue reading") and the mark. */
export function findReading(db: Queryable, userId: number, workId: number) {
  return db
    .selectFrom('readings')
    .leftJoin('chapters', 'chapters.id', 'readings.chapterId')
    .select(['readings.id', 'readings.chapterId', 'readings.toRead', 'readings.visitCount', 'readings.lastReadAt', 'chapters.position as chapterPosition'])
    .where('readings.userId', '=', userId)
    .where('readings.workId', '=', workId)
    .executeTakeFirst();
}

/** The one reading row `id` of `userId`, or nothing: someone else's row is not theirs to see. */
export function findOwnReading(db: Queryable, userId: number, id: number) {
  return db.selectFrom('readings').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
}

/** Forgets one entry of the history; true when there was one. A mark for later stays, without the visits. */
export async function clearReading(db: Queryable, userId: number, id: number): Promise<boolean> {
  const forgotten = await db
    .updateTable('readings')
    .set({ visitCount: 0, lastReadAt: null, chapterId: null })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('toRead', '=', 1)
    .executeTakeFirst();
  const deleted = await db.deleteFrom('readings').where('id', '=', id).where('userId', '=', userId).where('toRead', '=', 0).executeTakeFirst();
  return Number(forgotten.numUpdatedRows) + Number(deleted.numDeletedRows) > 0;
}

/** Forgets the whole history; works marked for later stay on that list. */
export async function clearAllReadings(db: Queryable, userId: number): Promise<void> {
  await db.deleteFrom('readings').where('userId', '=', userId).where('toRead', '=', 0).execute();
  await db.updateTable('readings').set({ visitCount: 0, lastReadAt: null, chapterId: null }).where('userId', '=', userId).execute();
}

/** The time of a work's newest chapter, for "updated since you read it". Times are ISO text, so they compare as strings on both engines. */
function newestChapterAt(db: Queryable) {
  return db
    .selectFrom('chapters as newest')
    .select((eb) => eb.fn.max('newest.createdAt').as('at'))
    .where(sql<boolean>`newest.work_id = readings.work_id`);
}

export interface ReadingListRow {
  id: number;
  workId: number | null;
  title: string;
  chapterId: number | null;
  chapterPosition: number | null;
  visitCount: number;
  lastReadAt: string | null;
  toRead: number;
  newestChapterAt: string | null;
  /** Null when the work was deleted. */
  workIsDraft: number | null;
  workHiddenAt: string | null;
  workIsRestricted: number | null;
  workChapterCount: number | null;
}

/** A page of the reader's history (visited works, latest first) or of their Mark for Later list. */
export async function listReadings(db: Queryable, userId: number, show: 'history' | 'to-read', limit: number, offset: number): Promise<{ rows: ReadingListRow[]; total: number }> {
  let base = db.selectFrom('readings').where('readings.userId', '=', userId);
  base = show === 'to-read' ? base.where('readings.toRead', '=', 1) : base.where('readings.lastReadAt', 'is not', null);
  const [rows, count] = await Promise.all([
    base
      .leftJoin('chapters', 'chapters.id', 'readings.chapterId')
      .leftJoin('works', 'works.id', 'readings.workId')
      .select(['readings.id', 'readings.workId', 'readings.title', 'readings.chapterId', 'chapters.position as chapterPosition', 'readings.visitCount', 'readings.lastReadAt', 'readings.toRead'])
      .select(['works.isDraft as workIsDraft', 'works.hiddenAt as workHiddenAt', 'works.isRestricted as workIsRestricted', 'works.chapterCount as workChapterCount'])
      .select((eb) => newestChapterAt(db).as('newestChapterAt'))
      .orderBy(show === 'to-read' ? 'readings.updatedAt' : 'readings.lastReadAt', 'desc')
      .orderBy('readings.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ReadingListRow[], total: Number(count.total) };
}

export interface ReadingState {
  workId: number;
  lastReadAt: string | null;
  toRead: number;
  newestChapterAt: string | null;
}

/** The viewer's readings among a page of works, in one query (see viewer.state.ts). */
export async function readingsAmong(db: Queryable, userId: number, workIds: number[]): Promise<ReadingState[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('readings')
    .select(['readings.workId', 'readings.lastReadAt', 'readings.toRead'])
    .select(() => newestChapterAt(db).as('newestChapterAt'))
    .where('readings.userId', '=', userId)
    .where('readings.workId', 'in', workIds)
    .execute();
  return rows as ReadingState[];
}
