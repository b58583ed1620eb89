import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from './database.ts';
import { engineOf } from './dialect.ts';

// Rate limits with rate-limiter-flexible. SQLite runs in one process, so the counts live in its
// memory; PostgreSQL may serve several processes, so they count together in the rate_limits
// table (migration 019), one atomic upsert a try. One limiter per open database and name.

export interface LimitRule {
  /** Names the count, so two rules never share points. */
  name: string;
  points: number;
  seconds: number;
}

const made = new WeakMap<Db, Map<string, RateLimiterAbstract>>();

export function rateLimiter(db: Db, rule: LimitRule): RateLimiterAbstract {
  let ofDb = made.get(db);
  if (!ofDb) made.set(db, (ofDb = new Map()));
  const key = `${rule.name}:${rule.points}:${rule.seconds}`;
  let limiter = ofDb.get(key);
  if (!limiter) {
    const options = { keyPrefix: rule.name, points: rule.points, duration: rule.seconds };
    limiter =
      engineOf(db.kysely) === 'postgres' && db.pgPool
        ? new RateLimiterPostgres({ ...options, storeClient: db.pgPool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false })
        : new RateLimiterMemory(options);
    ofDb.set(key, limiter);
  }
  return limiter;
}

/**
 * Takes one point for each key under each rule; null when all had room, else how many seconds
 * until the tightest one does. A refused try still counts: a burst that keeps trying keeps waiting.
 */
export async function takePoints(db: Db, rules: LimitRule[], keys: string[]): Promise<number | null> {
  let wait = 0;
  for (const rule of rules) {
    const limiter = rateLimiter(db, rule);
    for (const key of keys) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        wait = Math.max(wait, Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
      }
    }
  }
  return wait > 0 ? wait : null;
}
