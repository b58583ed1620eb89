import { sql, type Kysely } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { Database, Job } from '../db/schema.ts';
import { DEFAULT_MAX_ATTEMPTS, type EnqueueOptions } from './job.types.ts';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';
import { compiledInsert } from '../db/insert.rows.ts';

// The queue is a table, so a job can be enqueued in the same transaction as the change that
// needs it: it exists if and only if the change committed. Times are ISO strings like every
// other timestamp in the archive; they compare correctly as text.

/** Adds a job. Pass the open transaction to tie it to the change that asks for it. */
export async function enqueue(db: Queryable, name: string, payload: unknown, options: EnqueueOptions & { now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const row = await db
    .insertInto('jobs')
    .values({
      name,
      payload: JSON.stringify(payload ?? null),
      runAt: (options.runAt ?? now).toISOString(),
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      lockedUntil: null,
      lockedBy: null,
      lastError: null,
      failedAt: null,
      createdAt: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds one job of `name` per payload, in statements of a few hundred rows (a notification to 10,000 readers). */
export async function enqueueMany(db: Queryable, name: string, payloads: unknown[], options: EnqueueOptions & { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const rows = payloads.map((payload) => ({
    name,
    payload: JSON.stringify(payload ?? null),
    runAt: (options.runAt ?? now).toISOString(),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lockedUntil: null,
    lockedBy: null,
    lastError: null,
    failedAt: null,
    createdAt: now.toISOString(),
  }));
  // 9 columns a row: 300 rows stay well inside SQLite's bound-parameter limit.
  // Built by Kysely once per shape (insert.rows.ts): a fan-out of thousands of mails enqueues thousands of jobs.
  for (const batch of chunks(rows, 300)) await db.executeQuery(compiledInsert(db, 'jobs', batch));
}

/**
 * Takes the next due job for `workerId` until `leaseUntil`, counting the attempt, or
 * returns undefined. One statement: on PostgreSQL the inner SELECT … FOR UPDATE SKIP LOCKED
 * lets concurrent workers pass over a row another is claiming instead of queueing behind
 * it, and the outer lease check is re-evaluated on the locked row, so two workers never
 * both take it. SQLite has one writer, so the statement alone is atomic.
 */
export async function claimJob(db: Kysely<Database>, workerId: string, now: Date, leaseUntil: Date): Promise<Job | undefined> {
  const at = now.toISOString();
  const postgres = engineOf(db) === 'postgres';
  return db.transaction().execute(async (trx) => {
    const next = trx
      .selectFrom('jobs as due')
      .select('due.id')
      .where('due.failedAt', 'is', null)
      .where('due.runAt', '<=', at)
      .where((eb) => eb.or([eb('due.lockedUntil', 'is', null), eb('due.lockedUntil', '<=', at)]))
      .orderBy('due.runAt')
      .orderBy('due.id')
      .limit(1)
      .$if(postgres, (q) => q.forUpdate().skipLocked());
    return trx
      .updateTable('jobs')
      .set({ lockedBy: workerId, lockedUntil: leaseUntil.toISOString(), attempts: sql`attempts + 1` })
      .where('id', '=', next)
      .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', at)]))
      .returningAll()
      .executeTakeFirst();
  });
}

/** A finished job is deleted; the lock check keeps a worker whose lease ran out from deleting a re-claimed job. */
export async function completeJob(db: Kysely<Database>, job: Job, workerId: string): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', job.id).where('lockedBy', '=', workerId).execute();
}

/** Records a failure: either another attempt at `retryAt`, or, out of attempts, failed for good. */
export async function failJob(db: Kysely<Database>, job: Job, workerId: string, error: string, now: Date, retryAt: Date): Promise<'retry' | 'failed'> {
  const outcome = job.attempts >= job.maxAttempts ? 'failed' : 'retry';
  await db
    .updateTable('jobs')
    .set({
      lockedBy: null,
      lockedUntil: null,
      // Error texts can be long (a SQL statement in the message); the start says enough.
      lastError: error.slice(0, 2000),
      ...(outcome === 'failed' ? { failedAt: now.toISOString() } : { runAt: retryAt.toISOString() }),
    })
    .where('id', '=', job.id)
    .where('lockedBy', '=', workerId)
    .execute();
  return outcome;
}

/** Whether a job of this name waits to run (not failed for good). */
export async function hasPendingJob(db: Queryable, name: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('name', '=', name).where('failedAt', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Failed jobs, newest first, for whoever looks after the archive. */
export function failedJobs(db: Kysely<Database>, limit = 50): Promise<Job[]> {
  return db.selectFrom('jobs').selectAll().where('failedAt', 'is not', null).orderBy('failedAt', 'desc').limit(limit).execute();
}
