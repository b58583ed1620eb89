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
