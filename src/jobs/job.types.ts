import type { AppContext } from '../context.ts';

/**
 * A named job: small, idempotent (a retry after a crash runs it again from the start), and
 * given only serialisable input. It checks its own payload, since the row may predate a deploy.
 */
export type JobHandler = (ctx: AppContext, payload: unknown) => Promise<void>;

export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface EnqueueOptions {
  /** Not before this moment (default: now). */
  runAt?: Date;
  /** Attempts before the job is marked failed and left alone (default 8). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Seconds to wait before attempt `attempts + 1`: 10 s, 20 s, 40 s … doubling up to an hour,
 * with ±20% jitter so jobs that failed together (a lost database) do not retry together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Waits one turn of the event loop. better-sqlite3 answers synchronously, so a job that only
 * queries never gives the loop a turn on its own: a long one would hold up every request of
 * the serving process it runs in. Long jobs call this between their pieces, the worker between jobs.
 */
export function letOthersRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
