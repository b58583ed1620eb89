import type { Queryable } from '../db/database.ts';

export interface NewBounce {
  outboxId: number | null;
  recipient: string;
  kind: 'hard' | 'soft';
  statusCode: string | null;
  createdAt: string;
}

export async function insertBounce(db: Queryable, bounce: NewBounce): Promise<void> {
  await db.insertInto('mailBounces').values(bounce).execute();
}

export function unscoredBounces(db: Queryable): Promise<{ id: number; recipient: string; kind: string; createdAt: string }[]> {
  return db.selectFrom('mailBounces').select(['id', 'recipient', 'kind', 'createdAt']).where('scored', '=', 0).orderBy('id').execute();
}

/** The days (YYYY-MM-DD) already counted for an address. */
export async function scoredDays(db: Queryable, recipient: string): Promise<Set<string>> {
  const rows = await db.selectFrom('mailBounces').select('createdAt').where('recipient', '=', recipient).where('scored', '=', 1).execute();
  return new Set(rows.map((r) => String(r.createdAt).slice(0, 10)));
}

export async function markScored(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.updateTable('mailBounces').set({ scored: 1 }).where('id', 'in', ids).execute();
}

/** Adds counts to an address and stops it once a limit is reached; returns whether it stopped now. */
export async function addBounceCounts(db: Queryable, address: string, hard: number, soft: number, limits: { hard: number; soft: number }, at: string): Promise<boolean> {
  const row = await db.selectFrom('mailAddresses').selectAll().where('address', '=', address).executeTakeFirst();
  const hardBounces = (row?.hardBounces ?? 0) + hard;
  const softBounces = (row?.softBounces ?? 0) + soft;
  const stop = !row?.stoppedAt && (hardBounces >= limits.hard || softBounces >= limits.soft);
  const stoppedAt = row?.stoppedAt ?? (stop ? at : null);
  if (row) await db.updateTable('mailAddresses').set({ hardBounces, softBounces, stoppedAt, updatedAt: at }).where('address', '=', address).execute();
  else await db.insertInto('mailAddresses').values({ address, hardBounces, softBounces, stoppedAt, updatedAt: at }).execute();
  return stop;
}

/** Starts delivery to an address again, its bounce counts cleared: its owner has just shown that it reads it. */
export async function resumeDelivery(db: Queryable, address: string, at: string): Promise<void> {
  await db.updateTable('mailAddresses').set({ stoppedAt: null, hardBounces: 0, softBounces: 0, updatedAt: at }).where('address', '=', address.toLowerCase()).execute();
}
