import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

// Plain queries of the news: who the recipients are, what the guard reads of a work, and the
// daily digest's waiting items.

export interface Recipient {
  id: number;
  login: string;
  email: string;
  role: string;
  /** Only a confirmed address is sent news. */
  confirmed: boolean;
}

export async function recipientsByIds(db: Queryable, userIds: readonly number[]): Promise<Map<number, Recipient>> {
  const found = new Map<number, Recipient>();
  for (const ids of chunks([...new Set(userIds)], 500)) {
    const rows = await db.selectFrom('users').select(['id', 'login', 'email', 'role', 'emailConfirmedAt']).where('id', 'in', ids).execute();
    for (const r of rows) found.set(r.id, { id: r.id, login: r.login, email: r.email, role: r.role, confirmed: r.emailConfirmedAt !== null });
  }
  return found;
}

export function worksForGuard(db: Queryable, workIds: readonly number[]) {
  return db.selectFrom('works').select(['id', 'isDraft', 'isRestricted', 'hiddenAt', 'inUnrevealedCollection', 'inAnonCollection']).where('id', 'in', [...workIds]).execute();
}

export interface NewDigestItem {
  userId: number;
  kind: string;
  itemKey: string;
  workId: number;
  line: string;
  createdAt: string;
}

export async function insertDigestItems(db: Queryable, rows: NewDigestItem[]): Promise<void> {
  // 6 columns a row: 500 rows keep a statement inside SQLite's bound-parameter limit.
  for (const batch of chunks(rows, 500)) {
    await db
      .insertInto('newsDigest')
      .values(batch)
      .onConflict((oc) => oc.column('itemKey').doNothing())
      .execute();
  }
}

/** The next people with items waiting, after `afterUserId`, in id order (a keyset page). */
export async function usersWithWaitingItems(db: Queryable, afterUserId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('newsDigest')
    .select('userId')
    .distinct()
    .where('digestedAt', 'is', null)
    .where('userId', '>', afterUserId)
    .orderBy('userId')
    .limit(limit)
    .execute();
  return rows.map((r) => r.userId);
}

export function waitingItemsOf(db: Queryable, userId: number, limit: number) {
  return db
    .selectFrom('newsDigest')
    .select(['id', 'kind', 'workId', 'line', 'createdAt'])
    .where('userId', '=', userId)
    .where('digestedAt', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markDigested(db: Queryable, ids: number[], at: string): Promise<void> {
  for (const batch of chunks(ids, 500)) await db.updateTable('newsDigest').set({ digestedAt: at }).where('id', 'in', batch).execute();
}
