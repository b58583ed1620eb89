import type { Queryable } from '../db/database.ts';

/** Whose comments a spam rule counts: an account's, or a guest address's (its keyed hash). */
export type CommentWriterKey = { userId: number } | { addressKey: string };

function byWriter(db: Queryable, writer: CommentWriterKey, since: string) {
  const base = db.selectFrom('comments').where('createdAt', '>=', since);
  return 'userId' in writer ? base.where('userId', '=', writer.userId) : base.where('addressKey', '=', writer.addressKey);
}

/** Comments this writer posted since then, and how many of them held this very text. */
export async function recentComments(db: Queryable, writer: CommentWriterKey, since: string, body: string): Promise<{ total: number; same: number }> {
  const row = await byWriter(db, writer, since)
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>(eb.case().when('body', '=', body).then(1).else(0).end()).as('same')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), same: Number(row.same ?? 0) };
}
