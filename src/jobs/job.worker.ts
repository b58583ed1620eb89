import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Job } from '../db/schema.ts';
import { JOB_HANDLERS } from './job.registry.ts';
import { claimJob, completeJob, enqueue, failJob, hasPendingJob } from './job.repository.ts';
import { backoffMs, letOthersRun, type JobHandlers } from './job.types.ts';

export interface WorkerOptions {
  /** Run the jobs due now, then return, instead of waiting for more (tests, one-off commands). */
  once?: boolean;
  /** Stops the loop between jobs; the running job finishes first. */
  signal?: AbortSignal;
  handlers?: JobHandlers;
  workerId?: string;
  /** How long a claimed job is ours; a worker that dies leaves it to others after this. */
  leaseMs?: number;
  /** Pause between looks at an empty queue. */
  idleMs?: number;
  backoff?: (attempts: number) => number;
  log?: (message: string) => void;
  /** Whether this loop starts the daily chains (the first loop of a worker does). */
  startsDailyJobs?: boolean;
}

export interface RunSummary {
  succeeded: number;
  retried: number;
  failed: number;
}

// Handlers are expected to finish well inside the lease: rebuilds work in chunks of a few
// hundred works, seconds for the largest fandom.
const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_IDLE_MS = 1_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Runs jobs one at a time until the queue is empty (`once`) or the signal aborts. */
export async function runJobs(ctx: AppContext, options: WorkerOptions = {}): Promise<RunSummary> {
  const handlers = options.handlers ?? JOB_HANDLERS;
  const workerId = options.workerId ?? newWorkerId();
  const summary: RunSummary = { succeeded: 0, retried: 0, failed: 0 };
  const log = options.log ?? ((message: string) => console.error(`[jobs] ${message}`));
  // Only with the archive's own handlers: a worker given others (tests) runs those alone.
  if (!options.once && !options.handlers && options.startsDailyJobs !== false) await startDailyJobs(ctx, log);
  while (!options.signal?.aborted) {
    let job: Job | undefined;
    try {
      const now = ctx.now();
      job = await claimJob(ctx.db.kysely, workerId, now, new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS)));
    } catch (error) {
      // A lost or busy database: say so and keep looking, unless asked for one pass.
      if (options.once) throw error;
      log(`could not claim a job: ${(error as Error).message}`);
    }
    if (!job) {
      if (options.once) break;
      await sleep(options.idleMs ?? DEFAULT_IDLE_MS, options.signal);
      continue;
    }
    let outcome: keyof RunSummary;
    try {
      outcome = await runOne(ctx, job, handlers, workerId, options.backoff ?? backoffMs);
    } catch (error) {
      // The outcome could not be recorded (a lost database). The lease runs out and the job
      // is taken again; a background worker waits and goes on rather than dying quietly.
      if (options.once) throw error;
      log(`could not record ${job.name} #${job.id}: ${(error as Error).message}`);
      await sleep(options.idleMs ?? DEFAULT_IDLE_MS, options.signal);
      continue;
    }
    summary[outcome]++;
    await letOthersRun();
    if (outcome !== 'succeeded') log(`${job.name} #${job.id} attempt ${job.attempts} ${outcome === 'failed' ? 'failed for good' : 'failed, will retry'}`);
  }
  return summary;
}

async function runOne(ctx: AppContext, job: Job, handlers: JobHandlers, workerId: string, backoff: (attempts: number) => number): Promise<keyof RunSummary> {
  const db = ctx.db.kysely;
  try {
    const handler = handlers[job.name];
    // An unknown name may be a job from a newer release; retrying gives that release time to take it.
    if (!handler) throw new Error(`No handler for job "${job.name}".`);
    await handler(ctx, JSON.parse(job.payload) as unknown);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const now = ctx.now();
    const outcome = await failJob(db, job, workerId, message, now, new Date(now.getTime() + backoff(job.attempts)));
    return outcome === 'failed' ? 'failed' : 'retried';
  }
  await completeJob(db, job, workerId);
  return 'succeeded';
}

/**
 * Jobs that run once a day and enqueue their next run themselves: a long-running worker
 * starts each chain once, unless one waits already (two workers starting at once may start
 * two chains; each job is idempotent, so that costs a second run, not a wrong count).
 */
const DAILY_JOBS = ['scoreBounces', 'sendDigests', 'sendListDigests'] as const;

async function startDailyJobs(ctx: AppContext, log: (message: string) => void): Promise<void> {
  try {
    for (const name of DAILY_JOBS) if (!(await hasPendingJob(ctx.db.kysely, name))) await enqueue(ctx.db.kysely, name, { repeat: true }, { now: ctx.now() });
  } catch (error) {
    log(`could not start the daily jobs: ${(error as Error).message}`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export interface RunningWorker {
  /** Finishes the running job, then resolves. */
  stop(): Promise<void>;
}

/**
 * Starts `loops` job loops (config JOB_LOOPS) in the background of this process, each claiming
 * its own jobs as separate workers would, so one slow SMTP exchange does not hold up the rest.
 */
export function startWorker(ctx: AppContext, options: Omit<WorkerOptions, 'once' | 'signal' | 'startsDailyJobs'> & { loops?: number } = {}): RunningWorker {
  const controller = new AbortController();
  const log = options.log ?? ((message: string) => console.error(`[jobs] ${message}`));
  const { loops = ctx.config.jobLoops, workerId, ...rest } = options;
  const running = Array.from({ length: loops }, (_, i) =>
    runJobs(ctx, { ...rest, signal: controller.signal, startsDailyJobs: i === 0, ...(workerId ? { workerId: loops > 1 ? `${workerId}#${i}` : workerId } : {}) }).then(
      () => undefined,
      (error: unknown) => log(`worker stopped: ${(error as Error).message}`),
    ),
  );
  return {
    async stop() {
      controller.abort();
      await Promise.all(running);
    },
  };
}
