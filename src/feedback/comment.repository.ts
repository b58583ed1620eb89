import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Comment } from '../db/schema.ts';

// Comments as a materialised path (migration 015 explains the layout): a thread, or a page of
// threads, is one range of the (chapter_id, path) index. Paths are compared byte by byte on
// both engines (SQLite's default, "C" on PostgreSQL), and '~' sorts after every base-36 digit,
// so `path >= P and path < P || '~'` is P and everything below it.

export const SEGMENT = 6;
const AFTER_ALL = '~';

export type CommentStatus = Comment['status'];

/** A comment with what its page shows of its author. */
export interface CommentRow extends Comment {
  pseudName: string | null;
  login: string | null;
}

function withAuthor(db: Queryable) {
  return db
    .selectFrom('comments')
    .leftJoin('pseuds', 'pseuds.id', 'comments.pseudId')
    .leftJoin('users', 'users.id', 'comments.userId')
    .selectAll('comments')
    .select(['pseuds.name as pseudName', 'users.login']);
}

export async function findComment(db: Queryable, id: number): Promise<CommentRow | undefined> {
  return withAuthor(db).where('comments.id', '=', id).executeTakeFirst();
}

/** The segment after the last of a parent's children (or the chapter's threads): base 36, fixed width. */
export async function nextPath(db: Queryable, chapterId: number, parentPath: string): Promise<string> {
  let query = db.selectFrom('comments').select('path').where('chapterId', '=', chapterId);
  if (parentPath !== '') query = query.where('path', '>', parentPath).where('path', '<', parentPath + AFTER_ALL);
  const last = await query.orderBy('path', 'desc').limit(1).executeTakeFirst();
  const segment = last ? parseInt(last.path.slice(parentPath.length, parentPath.length + SEGMENT), 36) + 1 : 0;
  return parentPath + segment.toString(36).padStart(SEGMENT, '0');
}

export type NewComment = Omit<Comment, 'id' | 'isFrozen' | 'externalCreatorId'> & { externalCreatorId?: number | null };

export async function insertComment(db: Queryable, comment: NewComment): Promise<number> {
  const row = await db.insertInto('comments').values(comment).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A top-level comment, told by its path alone (one segment) rather than by `depth`, so that
 * finding and counting a chapter's threads reads only the (chapter_id, path) index and never
 * the comments' rows with their bodies.
 */
const topLevel = sql<boolean>`length(path) = ${sql.lit(SEGMENT)}`;

/** The chapter's threads, oldest first, as `[first, last]` top-level paths of one page. */
export async function threadRoots(db: Queryable, chapterIds: number[], limit: number, offset: number): Promise<{ chapterId: number; path: string }[]> {
  if (chapterIds.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['chapterId', 'path'])
    .where('chapterId', 'in', chapterIds)
    .where(topLevel)
    .orderBy('chapterId')
    .orderBy('path')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countThreads(db: Queryable, chapterIds: number[]): Promise<number> {
  if (chapterIds.length === 0) return 0;
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chapterId', 'in', chapterIds)
    .where(topLevel)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A comment of a page, and (on the page's last level) whether replies go deeper than it shows. */
export interface RangeRow extends CommentRow {
  hasDeeper: number;
}

/**
 * Every comment of one chapter from path `from` to the end of the thread at path `to`, down to
 * `maxDepth`: one index range, in thread order. Whether a comment on the last level has
 * replies is asked in the same statement (the parent index, only for those rows), so a page
 * costs no second round trip for its "continue this thread" links.
 */
export async function commentRange(db: Queryable, chapterId: number, from: string, to: string, maxDepth: number): Promise<RangeRow[]> {
  return withAuthor(db)
    .select(sql<number>`case when comments.depth = ${maxDepth} and exists (select 1 from comments r where r.parent_id = comments.id) then 1 else 0 end`.as('hasDeeper'))
    .where('comments.chapterId', '=', chapterId)
    .where('comments.path', '>=', from)
    .where('comments.path', '<', to + AFTER_ALL)
    .where('comments.depth', '<=', maxDepth)
    .orderBy('comments.path')
    .execute();
}

export interface CappedRow extends RangeRow {
  /** How many comments of its subtree (down to the range's depth) the range holds in all. */
  subtreeSize: number;
}

/**
 * As commentRange, from depth `topDepth` down, but at most `cap` comments of each subtree
 * rooted at `topDepth` (in thread order, so a subtree's shown part holds every shown
 * comment's parent): a thread of a thousand replies costs one read and a page of a hundred.
 * The window counts each subtree's comments, so the caller knows which were cut.
 */
export async function cappedRange(db: Queryable, chapterId: number, from: string, to: string, topDepth: number, maxDepth: number, cap: number): Promise<CappedRow[]> {
  const subtree = sql.raw(`substr(comments.path, 1, ${(topDepth + 1) * SEGMENT})`);
  const inner = withAuthor(db)
    .select(sql<number>`case when comments.depth = ${maxDepth} and exists (select 1 from comments r where r.parent_id = comments.id) then 1 else 0 end`.as('hasDeeper'))
    .select(sql<number>`row_number() over (partition by ${subtree} order by comments.path)`.as('place'))
    .select(sql<number>`count(*) over (partition by ${subtree})`.as('subtreeSize'))
    .where('comments.chapterId', '=', chapterId)
    .where('comments.path', '>=', from)
    .where('comments.path', '<', to + AFTER_ALL)
    .where('comments.depth', '>=', topDepth)
    .where('comments.depth', '<=', maxDepth);
  const rows = await db.selectFrom(inner.as('t')).selectAll().where('t.place', '<=', cap).orderBy('t.path').execute();
  return rows.map(({ place: _place, ...row }) => ({ ...row, subtreeSize: Number(row.subtreeSize) }));
}

/** The paths of one page of a comment's direct replies, in thread order. */
export async function childPaths(db: Queryable, parentId: number, limit: number, offset: number): Promise<string[]> {
  const rows = await db.selectFrom('comments').select('path').where('parentId', '=', parentId).orderBy('path').limit(limit).offset(offset).execute();
  return rows.map((r) => r.path);
}

export async function countChildren(db: Queryable, parentId: number): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('parentId', '=', parentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasReplies(db: Queryable, id: number): Promise<boolean> {
  return (await db.selectFrom('comments').select('id').where('parentId', '=', id).limit(1).executeTakeFirst()) !== undefined;
}

/** The comment and those above it, nearest first: a frozen one anywhere above stops replies. */
export async function ancestorsFrozen(db: Queryable, chapterId: number, path: string): Promise<boolean> {
  const prefixes: string[] = [];
  for (let end = SEGMENT; end <= path.length; end += SEGMENT) prefixes.push(path.slice(0, end));
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('chapterId', '=', chapterId)
    .where('path', 'in', prefixes)
    .where('isFrozen', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

type CommentChanges = Partial<Pick<Comment, 'body' | 'status' | 'isFrozen' | 'editedAt' | 'updatedAt' | 'pseudId'>>;

export async function updateComment(db: Queryable, id: number, changes: CommentChanges): Promise<void> {
  await db.updateTable('comments').set(changes).where('id', '=', id).execute();
}

/**
 * Changes the comment only if its status is still `expected` (what the caller read); whether it
 * did. Two creators approving, marking or deleting one comment at once, or an edit racing a
 * moderator, then change it once: the second finds the status moved and changes nothing, so
 * works.comment_count moves once too.
 */
export async function updateCommentIfStatus(db: Queryable, id: number, expected: CommentStatus, changes: CommentChanges): Promise<boolean> {
  const result = await db.updateTable('comments').set(changes).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Freezes or thaws a comment and every reply below it. */
export async function setThreadFrozen(db: Queryable, chapterId: number, path: string, frozen: boolean, now: string): Promise<void> {
  await db
    .updateTable('comments')
    .set({ isFrozen: frozen ? 1 : 0, updatedAt: now })
    .where('chapterId', '=', chapterId)
    .where('path', '>=', path)
    .where('path', '<', path + AFTER_ALL)
    .execute();
}

export async function deleteCommentRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('notifications').where('commentId', '=', id).execute();
  await db.deleteFrom('comments').where('id', '=', id).execute();
}

/** works.comment_count counts published comments; it moves with each change of status, in the same transaction. */
export async function addToCommentCount(db: Queryable, workId: number, change: number): Promise<void> {
  if (change === 0) return;
  await db
    .updateTable('works')
    .set({ commentCount: sql<number>`comment_count + ${change}` })
    .where('id', '=', workId)
    .execute();
}

/** Whether a guest's name is someone's login or pseud, in any case. */
export async function nameIsRegistered(db: Queryable, name: string): Promise<boolean> {
  const key = name.toLowerCase();
  const [user, pseud] = await Promise.all([
    db.selectFrom('users').select('id').where(sql`lower(login)`, '=', key).limit(1).executeTakeFirst(),
    db.selectFrom('pseuds').select('id').where('nameKey', '=', key).limit(1).executeTakeFirst(),
  ]);
  return user !== undefined || pseud !== undefined;
}

export async function firstChapterId(db: Queryable, workId: number): Promise<number | undefined> {
  const row = await db.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').limit(1).executeTakeFirst();
  return row?.id;
}

export async function chapterOfWork(db: Queryable, chapterId: number): Promise<{ id: number; workId: number; position: number } | undefined> {
  return db.selectFrom('chapters').select(['id', 'workId', 'position']).where('id', '=', chapterId).executeTakeFirst();
}

export async function chaptersOfWork(db: Queryable, workId: number): Promise<{ id: number; position: number; title: string | null }[]> {
  return db.selectFrom('chapters').select(['id', 'position', 'title']).where('workId', '=', workId).orderBy('position').execute();
}

export async function updateWorkCommentSettings(db: Queryable, workId: number, permission: string, moderate: boolean): Promise<void> {
  await db.updateTable('works').set({ commentPermission: permission, moderateComments: moderate ? 1 : 0 }).where('id', '=', workId).execute();
}

/** Whether this account already answered `parentId` with exactly this stored text (a mail delivered twice). */
export async function hasSameReply(db: Queryable, userId: number, parentId: number, body: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('parentId', '=', parentId).where('userId', '=', userId).where('body', '=', body).where('status', '!=', 'deleted').executeTakeFirst();
  return row !== undefined;
}
