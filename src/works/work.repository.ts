import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { compiledInsert, insertRows } from '../db/insert.rows.ts';
import type { Chapter, Work, WorksTable } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

export function findWork(db: Queryable, id: number): Promise<Work | undefined> {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWorkBySubmissionKey(db: Queryable, key: string): Promise<Work | undefined> {
  return db.selectFrom('works').selectAll().where('submissionKey', '=', key).executeTakeFirst();
}

/** A new works row; the statement is built once (an import inserts thousands, one at a time). */
export async function insertWork(db: Queryable, values: Insertable<WorksTable>): Promise<number> {
  const result = await db.executeQuery<{ id: number }>(compiledInsert(db, 'works', [values], { returning: 'id' }));
  return result.rows[0]!.id;
}

export async function updateWorkRow(db: Queryable, id: number, values: Partial<Insertable<WorksTable>>): Promise<void> {
  await db.updateTable('works').set(values).where('id', '=', id).execute();
}

/** Makes the work public if it is a draft: its dates start now, unless its creators chose a publication date. Returns whether it was one. */
export async function publishDraft(db: Queryable, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('works')
    .set((eb) => ({ isDraft: 0, publishedAt: eb.fn.coalesce('publishedAt', eb.val(now)), updatedAt: now })).where('id', '=', id).where('isDraft', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function firstChapterId(db: Queryable, workId: number): Promise<number | undefined> {
  const row = await db.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').limit(1).executeTakeFirst();
  return row?.id;
}

/** Those of these works that are drafts. */
export async function draftIdsAmong(db: Queryable, workIds: number[]): Promise<number[]> {
  const drafts = await db.selectFrom('works').select('id').where('id', 'in', workIds).where('isDraft', '=', 1).execute();
  return drafts.map((d) => d.id);
}

export async function deleteWorkRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('works').where('id', '=', id).execute();
}

export interface CreatorRow {
  workId: number;
  pseudId: number;
  pseudName: string;
  userId: number;
  login: string;
  isApproved: number;
  position: number;
  /**
   * For an imported work's credit held by its archivist (a pseud named after the original
   * creator): that creator's claim state ('unclaimed', …); null for everyone else's credit.
   */
  heldState?: string | null;
}

/** The creators of a page of works, in one query. */
export function creatorsOfWorks(db: Queryable, workIds: number[]): Promise<CreatorRow[]> {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .innerJoin('users', 'users.id', 'pseuds.userId')
    // An imported work credits its archivist's pseud at the external creator's position.
    .leftJoin('importedWorks', 'importedWorks.workId', 'creatorships.workId')
    .leftJoin('importBatches', (join) => join.onRef('importBatches.id', '=', 'importedWorks.batchId').onRef('importBatches.archivistId', '=', 'users.id'))
    .leftJoin('externalCreatorships', (join) => join.onRef('externalCreatorships.workId', '=', 'creatorships.workId').onRef('externalCreatorships.position', '=', 'creatorships.position'))
    .select([
      'creatorships.workId',
      'creatorships.pseudId',
      'pseuds.name as pseudName',
      'users.id as userId',
      'users.login',
      'creatorships.isApproved',
      'creatorships.position',
      'importBatches.id as heldBatchId',
      'externalCreatorships.state as externalState',
    ])
    .where('creatorships.workId', 'in', workIds)
    .orderBy('creatorships.position')
    .execute()
    .then((rows) => rows.map(({ heldBatchId, externalState, ...row }) => ({ ...row, heldState: heldBatchId !== null ? externalState ?? null : null })));
}

export async function insertCreatorships(
  db: Queryable,
  rows: { workId: number; pseudId: number; position: number; isApproved: number; createdAt: string }[],
): Promise<void> {
  await insertRows(db, 'creatorships', rows, { onConflictDoNothing: true });
}

/** Chapter list without bodies: navigation and the table of contents. */
export function chapterIndex(db: Queryable, workId: number) {
  return db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'wordCount', 'createdAt'])
    .where('workId', '=', workId)
    .orderBy('position')
    .execute();
}

export function chaptersWithText(db: Queryable, workId: number): Promise<Chapter[]> {
  return db.selectFrom('chapters').selectAll().where('workId', '=', workId).orderBy('position').execute();
}

export function findChapter(db: Queryable, workId: number, chapterId: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('workId', '=', workId).where('id', '=', chapterId).executeTakeFirst();
}

export function findChapterAt(db: Queryable, workId: number, position: number): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('workId', '=', workId).where('position', '=', position).executeTakeFirst();
}

export function findChapterBySubmissionKey(db: Queryable, key: string): Promise<Chapter | undefined> {
  return db.selectFrom('chapters').selectAll().where('submissionKey', '=', key).executeTakeFirst();
}

export async function insertChapter(db: Queryable, values: Omit<Chapter, 'id'>): Promise<number> {
  const row = await db.insertInto('chapters').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChapterRow(db: Queryable, id: number, values: Partial<Omit<Chapter, 'id' | 'workId'>>): Promise<void> {
  await db.updateTable('chapters').set(values).where('id', '=', id).execute();
}

/** Numbers the chapters 1, 2, 3 … in the order given. */
export async function renumberChapters(db: Queryable, orderedIds: number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db.updateTable('chapters').set({ position: i + 1 }).where('id', '=', id).execute();
  }
}

export async function deleteChapterRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('chapters').where('id', '=', id).execute();
}

/** Word and chapter totals recomputed from the chapters, the one source of truth. */
export async function chapterTotals(db: Queryable, workId: number): Promise<{ wordCount: number; chapterCount: number }> {
  const row = await db
    .selectFrom('chapters')
    .select([sql<number>`coalesce(sum(word_count), 0)`.as('wordCount'), sql<number>`count(*)`.as('chapterCount')])
    .where('workId', '=', workId)
    .executeTakeFirstOrThrow();
  return { wordCount: Number(row.wordCount), chapterCount: Number(row.chapterCount) };
}

/** Which of these works has the user among its approved creators. */
export async function workIdsCreatedBy(db: Queryable, userId: number, workIds: number[]): Promise<Set<number>> {
  if (workIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .select('creatorships.workId')
    .where('pseuds.userId', '=', userId)
    .where('creatorships.isApproved', '=', 1)
    .where('creatorships.workId', 'in', workIds)
    .execute();
  return new Set(rows.map((r) => r.workId));
}

/** The pseud orphaned works are credited to (see migration 001). */
export async function orphanAccountPseudId(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.userId')
    .select('pseuds.id')
    .where('users.loginKey', '=', 'orphan_account')
    .where('pseuds.isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether the work exists and is credited to orphan_account alone. */
export async function isOrphaned(db: Queryable, workId: number): Promise<boolean> {
  const creators = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .innerJoin('users', 'users.id', 'pseuds.userId')
    .select('users.loginKey')
    .where('creatorships.workId', '=', workId)
    .where('creatorships.isApproved', '=', 1)
    .execute();
  return creators.length > 0 && creators.every((c) => c.loginKey === 'orphan_account');
}

/**
 * Ends the pending co-creator invitations of those of these works that are credited to
 * orphan_account alone: an orphaned work has no creator left to have invited anyone.
 */
export async function endInvitationsOfOrphanedWorks(db: Queryable, workIds: number[]): Promise<void> {
  // In chunks: SQLite allows 32,766 bound parameters per statement, and an account may hold many works.
  for (const chunk of chunks(workIds, 500)) await endInvitationsIn(db, chunk);
}

async function endInvitationsIn(db: Queryable, workIds: number[]): Promise<void> {
  await db
    .deleteFrom('creatorships')
    .where('creatorships.workId', 'in', workIds)
    .where('creatorships.isApproved', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('creatorships as other')
            .innerJoin('pseuds', 'pseuds.id', 'other.pseudId')
            .innerJoin('users', 'users.id', 'pseuds.userId')
            .select('other.workId')
            .whereRef('other.workId', '=', 'creatorships.workId')
            .where('other.isApproved', '=', 1)
            .where('users.loginKey', '!=', 'orphan_account'),
        ),
      ),
    )
    .execute();
}
