import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';

// Failed log-ins are counted per account and per client address in a sliding window
// (config.loginAttemptLimit per config.loginWindowMinutes), as AO3 throttles by login and
// by IP. Keys are stored as SHA-256 hashes so the table holds no addresses or names.

export type LimitCheck = { limited: false } | { limited: true; retryAt: Date };

/** The account a log-in is for: its id when the name or e-mail is known, else what was typed. */
export function accountKey(userId: number | null, typed: string): string {
  return userId === null ? `name:${typed.trim().toLowerCase()}` : `user:${userId}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function windowStart(ctx: AppContext): Date {
  return new Date(ctx.now().getTime() - ctx.config.loginWindowMinutes * 60_000);
}

/** Whether any of the keys has used up its attempts; if so, when the earliest one frees up. */
export async function checkLoginLimit(ctx: AppContext, keys: string[]): Promise<LimitCheck> {
  const limit = ctx.config.loginAttemptLimit;
  const windowMs = ctx.config.loginWindowMinutes * 60_000;
  let retryAt: Date | null = null;
  for (const key of keys) {
    const rows = await ctx.db.kysely
      .selectFrom('loginAttempts')
      .select('attemptedAt')
      .where('keyHash', '=', hashKey(key))
      .where('attemptedAt', '>', windowStart(ctx).toISOString())
      .orderBy('attemptedAt', 'desc')
      .limit(limit)
      .execute();
    if (rows.length < limit) continue;
    // The key is free again once the limit-th newest attempt leaves the window.
    const freesAt = new Date(new Date(rows[limit - 1]!.attemptedAt).getTime() + windowMs);
    if (!retryAt || freesAt > retryAt) retryAt = freesAt;
  }
  return retryAt ? { limited: true, retryAt } : { limited: false };
}

/** Counts one failed attempt against every key, and drops attempts older than the window. */
export async function recordFailedLogin(ctx: AppContext, keys: string[]): Promise<void> {
  const attemptedAt = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('loginAttempts')
      .values(keys.map((key) => ({ keyHash: hashKey(key), attemptedAt })))
      .execute();
    // Pruning here keeps the table as small as the traffic of one window; it is only ever
    // a few rows per recent failure, so the scan stays cheap without a separate job.
    await trx.deleteFrom('loginAttempts').where('attemptedAt', '<=', windowStart(ctx).toISOString()).execute();
  });
}

export async function clearLoginAttempts(ctx: AppContext, key: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('loginAttempts').where('keyHash', '=', hashKey(key)).execute();
}

/** What a person is told when a limit is reached. */
export function describeWait(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const clock = retryAt.toISOString().slice(11, 16);
  return `Too many failed attempts with a wrong password. Please wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again (after ${clock} UTC).`;
}

/** The Retry-After header's value. */
export function retryAfterSeconds(retryAt: Date, now: Date): string {
  return String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)));
}
