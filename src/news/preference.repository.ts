import type { Queryable } from '../db/database.ts';
import { DEFAULT_DELIVERY, isNewsKind, type Delivery, type NewsKind } from './news.kinds.ts';

/** Each of these users' choice for one kind of news (the default where they made none). */
export async function deliveriesOf(db: Queryable, userIds: readonly number[], kind: NewsKind): Promise<Map<number, Delivery>> {
  const chosen = new Map<number, Delivery>(userIds.map((id) => [id, DEFAULT_DELIVERY[kind]]));
  if (userIds.length === 0) return chosen;
  const rows = await db.selectFrom('mailPreferences').select(['userId', 'delivery']).where('kind', '=', kind).where('userId', 'in', [...userIds]).execute();
  for (const row of rows) chosen.set(row.userId, row.delivery as Delivery);
  return chosen;
}

/** One user's choices for every kind. */
export async function deliveriesFor(db: Queryable, userId: number): Promise<Record<NewsKind, Delivery>> {
  const choices: Record<NewsKind, Delivery> = { ...DEFAULT_DELIVERY };
  const rows = await db.selectFrom('mailPreferences').select(['kind', 'delivery']).where('userId', '=', userId).execute();
  for (const row of rows) if (isNewsKind(row.kind)) choices[row.kind] = row.delivery as Delivery;
  return choices;
}

/** Sets a choice; returns whether it changed. */
export async function setDelivery(db: Queryable, userId: number, kind: NewsKind, delivery: Delivery): Promise<boolean> {
  const before = (await deliveriesOf(db, [userId], kind)).get(userId);
  await db
    .insertInto('mailPreferences')
    .values({ userId, kind, delivery })
    .onConflict((oc) => oc.columns(['userId', 'kind']).doUpdateSet({ delivery }))
    .execute();
  return before !== delivery;
}
