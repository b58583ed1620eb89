import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { engineOf } from '../db/dialect.ts';

// How often one account or one address may comment, with rate-limiter-flexible. SQLite runs
// in one process, so the counts live in its memory; PostgreSQL may serve several processes,
// so they count together in the rate_limits table (migration 019), one atomic upsert a try.

export interface CommentLimiters {
  perMinute: RateLimiterAbstract;
  perDay: RateLimiterAbstract;
}

const limiters = new WeakMap<Db, CommentLimiters>();

function make(ctx: AppContext, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const pool = ctx.db.pgPool;
  if (engineOf(ctx.db.kysely) === 'postgres' && pool) {
    return new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix, points, duration, clearExpiredByTimeout: false });
  }
  return new RateLimiterMemory({ keyPrefix, points, duration });
}

/** One pair of limiters per open database. */
export function commentLimiters(ctx: AppContext): CommentLimiters {
  let found = limiters.get(ctx.db);
  if (!found) {
    found = {
      perMinute: make(ctx, 'comment-minute', ctx.config.commentsPerMinute, 60),
      perDay: make(ctx, 'comment-day', ctx.config.commentsPerDay, 86_400),
    };
    limiters.set(ctx.db, found);
  }
  return found;
}

/**
 * Takes one point for each key from each limiter; null when all had room, else how many
 * seconds until the tightest one does. A refused try still counts: a burst that keeps
 * trying keeps waiting.
 */
export async function takeCommentPoints(ctx: AppContext, keys: string[]): Promise<number | null> {
  const { perMinute, perDay } = commentLimiters(ctx);
  let wait = 0;
  for (const limiter of [perMinute, perDay]) {
    for (const key of keys) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        wait = Math.max(wait, Math.ceil(refusal.msBeforeNext / 1000));
      }
    }
  }
  return wait > 0 ? wait : null;
}
