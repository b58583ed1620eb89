import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';

// The inbox reads the notification events of one reader (migration 015): a comment on a work
// of theirs, a reply to a comment of theirs. Every query here is scoped to the reader's own
// rows, so an id from another reader's inbox, forged into a form, changes nothing.

export type InboxFilter = 'all' | 'unread' | 'read' | 'replied' | 'unreplied';

export interface InboxRow {
  id: number;
  kind: string;
  isRead: number;
  isReplied: number;
  createdAt: string;
  commentId: number;
  parentId: number | null;
  body: string;
  status: string;
  editedAt: string | null;
  commentedAt: string;
  userId: number | null;
  guestName: string | null;
  pseudName: string | null;
  login: string | null;
  workId: number;
  workTitle: string;
  chapterId: number;
  chapterPosition: number;
  chapterTitle: string | null;
  chapterCount: number;
  /** The work's anonymity now (migration 028), and whether the comment is by one of its creators. */
  inAnonCollection: number;
  byCreator: number;
}

/**
 * The events the reader may still see: the comment is there (not deleted, not marked as spam),
 * a comment waiting for approval only in its work's creators' inbox (a 'comment' event), and a
 * reply only while the work is posted and in sight.
 */
function inboxOf(db: Queryable, userId: number) {
  return db
    .selectFrom('notifications')
    .innerJoin('comments', 'comments.id', 'notifications.commentId')
    .innerJoin('works', 'works.id', 'comments.workId')
    .where('notifications.userId', '=', userId)
    .where((eb) =>
      eb.or([
        eb.and([eb('notifications.kind', '=', 'comment'), eb('comments.status', 'in', ['published', 'pending'])]),
        eb.and([eb('comments.status', '=', 'published'), eb('works.isDraft', '=', 0), eb('works.hiddenAt', 'is', null)]),
      ]),
    );
}

function filtered<Q extends ReturnType<typeof inboxOf>>(query: Q, filter: InboxFilter): Q {
  switch (filter) {
    case 'unread':
      return query.where('notifications.isRead', '=', 0) as Q;
    case 'read':
      return query.where('notifications.isRead', '=', 1) as Q;
    case 'replied':
      return query.where('notifications.isReplied', '=', 1) as Q;
    case 'unreplied':
      return query.where('notifications.isReplied', '=', 0) as Q;
    default:
      return query;
  }
}

/** A page of the inbox: unread first, then newest first. */
export async function listInbox(db: Queryable, userId: number, filter: InboxFilter, limit: number, offset: number): Promise<{ rows: InboxRow[]; total: number }> {
  const base = filtered(inboxOf(db, userId), filter);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('chapters', 'chapters.id', 'comments.chapterId')
      .leftJoin('pseuds', 'pseuds.id', 'comments.pseudId')
      .leftJoin('users', 'users.id', 'comments.userId')
      .select([
        'notifications.id',
        'notifications.kind',
        'notifications.isRead',
        'notifications.isReplied',
        'notifications.createdAt',
        'comments.id as commentId',
        'comments.parentId',
        'comments.body',
        'comments.status',
        'comments.editedAt',
        'comments.createdAt as commentedAt',
        'comments.userId',
        'comments.guestName',
        'pseuds.name as pseudName',
        'users.login',
        'works.id as workId',
        'works.title as workTitle',
        'works.chapterCount',
        'chapters.id as chapterId',
        'chapters.position as chapterPosition',
        'chapters.title as chapterTitle',
        'works.inAnonCollection',
        sql<number>`case when exists (select 1 from creatorships cr join pseuds cp on cp.id = cr.pseud_id
          where cr.work_id = works.id and cr.is_approved = 1 and cp.user_id = comments.user_id) then 1 else 0 end`.as('byCreator'),
      ])
      .orderBy('notifications.isRead', 'asc')
      .orderBy('notifications.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * The unread count in the header, read on every page a logged-in reader opens: counted up to
 * `cap` only (the header says "99+" past that), so a reader with a long-unread inbox costs a
 * short index range, not a count of everything.
 */
export async function countUnread(db: Queryable, userId: number, cap: number): Promise<number> {
  const row = await db
    .selectFrom(inboxOf(db, userId).where('notifications.isRead', '=', 0).select(sql<number>`1`.as('one')).limit(cap).as('unread'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setRead(db: Queryable, userId: number, ids: number[], read: boolean): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('notifications')
    .set({ isRead: read ? 1 : 0 })
    .where('userId', '=', userId)
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteNotifications(db: Queryable, userId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('notifications').where('userId', '=', userId).where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The reader answered this comment (from the inbox or its page): its event is read and replied. */
export async function markReplied(db: Queryable, userId: number, commentId: number): Promise<void> {
  await db.updateTable('notifications').set({ isRead: 1, isReplied: 1 }).where('userId', '=', userId).where('commentId', '=', commentId).execute();
}
