import type { Queryable } from '../db/database.ts';

// The inbox's events (migration 015), written with the comment they tell of, in its transaction.
// One event per reader and comment: a second (a comment approved after its creators were told
// it waits) is nothing, by the unique key.

export interface NewNotification {
  userId: number;
  kind: 'comment' | 'reply';
  workId: number;
  commentId: number;
  createdAt: string;
}

export async function insertNotifications(db: Queryable, rows: NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['userId', 'commentId']).doNothing())
    .execute();
}

/** The ids of one comment's events for these readers, by reader (the reply address names the event). */
export async function notificationIdsOf(db: Queryable, commentId: number, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('notifications').select(['id', 'userId']).where('commentId', '=', commentId).where('userId', 'in', userIds).execute();
  return new Map(rows.map((row) => [row.userId, row.id]));
}

export function findNotification(db: Queryable, id: number): Promise<{ id: number; userId: number; kind: string; commentId: number | null } | undefined> {
  return db.selectFrom('notifications').select(['id', 'userId', 'kind', 'commentId']).where('id', '=', id).executeTakeFirst();
}

/** Marks events as handed to mail (a message of their own queued, or a line put in the digest). */
export async function markMailed(db: Queryable, ids: number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('notifications').set({ mailedAt: at }).where('id', 'in', ids).where('mailedAt', 'is', null).execute();
}
