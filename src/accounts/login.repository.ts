import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';

export interface ThrottleRow {
  failures: number;
  lastAttemptAt: string;
}

/**
 * The key's counter, created empty when missing, and locked until the transaction ends: the
 * no-op update of an upsert takes the row lock on PostgreSQL, so a second log-in for the
 * same key waits here for the first to count itself (SQLite has one writer, so it waits too).
 * Same statement on both engines.
 */
export function lockThrottle(trx: Transaction<Database>, keyHash: string, now: string): Promise<ThrottleRow> {
  return trx
    .insertInto('loginThrottles')
    .values({ keyHash, failures: 0, lastAttemptAt: now })
    .onConflict((oc) => oc.column('keyHash').doUpdateSet({ keyHash: (eb) => eb.ref('excluded.keyHash') }))
    .returning(['failures', 'lastAttemptAt'])
    .executeTakeFirstOrThrow();
}

export async function saveThrottle(db: Queryable, keyHash: string, row: ThrottleRow): Promise<void> {
  await db.updateTable('loginThrottles').set(row).where('keyHash', '=', keyHash).execute();
}

export async function deleteThrottles(db: Queryable, keyHashes: string[]): Promise<void> {
  if (keyHashes.length > 0) await db.deleteFrom('loginThrottles').where('keyHash', 'in', keyHashes).execute();
}

/** Takes back one counted failure: the password it was counted for was right. */
export async function uncountFailure(db: Queryable, keyHashes: string[]): Promise<void> {
  if (keyHashes.length === 0) return;
  await db
    .updateTable('loginThrottles')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('keyHash', 'in', keyHashes)
    .where('failures', '>', 0)
    .execute();
}

/** Deletes counters whose last attempt was at or before `forgottenAt`. */
export async function pruneThrottles(db: Queryable, forgottenAt: string): Promise<void> {
  await db.deleteFrom('loginThrottles').where('lastAttemptAt', '<=', forgottenAt).execute();
}

export async function isKnownLogin(db: Queryable, keyHash: string, loggedInAfter: string): Promise<boolean> {
  const row = await db
    .selectFrom('knownLogins')
    .select('keyHash')
    .where('keyHash', '=', keyHash)
    .where('loggedInAt', '>=', loggedInAfter)
    .executeTakeFirst();
  return row !== undefined;
}

export async function rememberKnownLogin(db: Queryable, keyHash: string, loggedInAt: string): Promise<void> {
  await db
    .insertInto('knownLogins')
    .values({ keyHash, loggedInAt })
    .onConflict((oc) => oc.column('keyHash').doUpdateSet({ loggedInAt }))
    .execute();
}

export async function pruneKnownLogins(db: Queryable, loggedInBefore: string): Promise<void> {
  await db.deleteFrom('knownLogins').where('loggedInAt', '<', loggedInBefore).execute();
}
