import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import {
  deleteThrottles,
  isKnownLogin,
  lockThrottle,
  pruneKnownLogins,
  pruneThrottles,
  rememberKnownLogin,
  saveThrottle,
  uncountFailure,
} from './login.repository.ts';

// Password guesses are slowed, not locked out (OWASP's authentication cheat sheet; AO3 and
// most sites answer "try again in a moment"). Each key may have config.loginAttemptLimit
// failures; after that each further password check must wait longer than the one before,
// from 5 seconds doubling up to config.loginWindowMinutes, and a success clears the wait.
//
// Keys, stored only as SHA-256 hashes:
// - the account (or the name typed, when there is no such account), across all addresses,
//   so guesses spread over many addresses are slowed;
// - the client address across all accounts, with ten times the budget, so one address
//   trying many accounts is slowed while a school or a carrier's shared address is not;
// - an account at an address it has logged in from in the last 90 days: such a log-in is
//   counted on that pair alone, so guesses made elsewhere, or by someone else behind the
//   same address, do not slow its owner down.
//
// A check is counted before the password is verified, in one transaction that locks the
// key's row (login.repository: lockThrottle), so parallel guesses cannot all get through
// before the first is counted; a right password takes its count back.

export interface LoginKey {
  hash: string;
  /** Failures allowed before each further check has to wait. */
  freeFailures: number;
  /** The account's own keys start afresh after a right password; the address's does not. */
  clearedBySuccess: boolean;
}

export type Reservation = { reserved: true } | { reserved: false; retryAt: Date };

const FIRST_WAIT_MS = 5_000;
/** Failures are forgotten a day after the last attempt, so waiting out the longest wait does not start the count again. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;
const KNOWN_LOGIN_DAYS = 90;
const ADDRESS_BUDGET_FACTOR = 10;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The account a log-in is for: its id when the name or e-mail is known, else what was typed. */
export function accountKey(ctx: AppContext, userId: number | null, typed: string): LoginKey {
  const key = userId === null ? `name:${typed.trim().toLowerCase()}` : `user:${userId}`;
  return { hash: hashKey(key), freeFailures: ctx.config.loginAttemptLimit, clearedBySuccess: true };
}

function addressKey(ctx: AppContext, address: string): LoginKey {
  return { hash: hashKey(`address:${address}`), freeFailures: ctx.config.loginAttemptLimit * ADDRESS_BUDGET_FACTOR, clearedBySuccess: false };
}

function knownLoginHash(userId: number, address: string): string {
  return hashKey(`known:user:${userId}:address:${address}`);
}

/** The keys a log-in at this account from this address is counted on. */
export async function loginKeys(ctx: AppContext, userId: number | null, typed: string, address: string): Promise<LoginKey[]> {
  if (userId !== null) {
    const hash = knownLoginHash(userId, address);
    const since = new Date(ctx.now().getTime() - KNOWN_LOGIN_DAYS * 24 * 60 * 60_000).toISOString();
    if (await isKnownLogin(ctx.db.kysely, hash, since)) {
      return [{ hash, freeFailures: ctx.config.loginAttemptLimit, clearedBySuccess: true }];
    }
  }
  return [accountKey(ctx, userId, typed), addressKey(ctx, address)];
}

/** How long after the last counted check the next one may start, once `failures` are counted. */
export function waitAfter(failures: number, freeFailures: number, longestWaitMs: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - freeFailures), longestWaitMs);
}

class Refused extends Error {
  constructor(readonly retryAt: Date) {
    super('login attempt refused');
  }
}

/**
 * Counts a password check on every key before it is made, or refuses it with the time the
 * last key frees up. A refused attempt is not counted: asking again early does not make
 * the wait longer.
 */
export async function reserveAttempt(ctx: AppContext, keys: LoginKey[]): Promise<Reservation> {
  const now = ctx.now();
  const nowText = now.toISOString();
  const longestWaitMs = ctx.config.loginWindowMinutes * 60_000;
  // Rows are locked in one order, so two log-ins sharing two keys cannot deadlock.
  const ordered = [...keys].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      let retryAt: Date | null = null;
      const counted: number[] = [];
      for (const key of ordered) {
        const row = await lockThrottle(trx, key.hash, nowText);
        const lastAttempt = new Date(row.lastAttemptAt).getTime();
        const failures = now.getTime() - lastAttempt >= FORGET_AFTER_MS ? 0 : row.failures;
        // No wait is owed while failures are within the budget. The stamp may even be later
        // than this attempt's `now` (a parallel attempt that took the lock first stamped it),
        // which is no reason to wait either.
        const wait = waitAfter(failures, key.freeFailures, longestWaitMs);
        const freesAt = new Date(lastAttempt + wait);
        if (wait > 0 && freesAt > now && (!retryAt || freesAt > retryAt)) retryAt = freesAt;
        counted.push(failures + 1);
      }
      if (retryAt) throw new Refused(retryAt);
      for (const [index, key] of ordered.entries()) {
        await saveThrottle(trx, key.hash, { failures: counted[index]!, lastAttemptAt: nowText });
      }
      // Keeps the table as small as a day's failing keys; the index makes it cheap.
      await pruneThrottles(trx, new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    });
    return { reserved: true };
  } catch (error) {
    if (error instanceof Refused) return { reserved: false, retryAt: error.retryAt };
    throw error;
  }
}

/** The password was right: the account's counts start afresh, the address's takes this one back. */
export async function settleSuccess(ctx: AppContext, keys: LoginKey[]): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await deleteThrottles(trx, keys.filter((key) => key.clearedBySuccess).map((key) => key.hash));
    await uncountFailure(trx, keys.filter((key) => !key.clearedBySuccess).map((key) => key.hash));
  });
}

/** Remembers that the account logged in from this address (see loginKeys). */
export async function rememberLoginAddress(ctx: AppContext, userId: number, address: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await rememberKnownLogin(trx, knownLoginHash(userId, address), now.toISOString());
    await pruneKnownLogins(trx, new Date(now.getTime() - KNOWN_LOGIN_DAYS * 24 * 60 * 60_000).toISOString());
  });
}

/** What a person is told when a check has to wait. */
export function describeWait(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  if (seconds < 120) return `Too many attempts with a wrong password; try again in ${seconds === 1 ? '1 second' : `${seconds} seconds`}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts with a wrong password; try again in ${minutes} minutes (after ${retryAt.toISOString().slice(11, 16)} UTC).`;
}

/** The Retry-After header's value. */
export function retryAfterSeconds(retryAt: Date, now: Date): string {
  return String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)));
}
