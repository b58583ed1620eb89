import { beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { claimJob, enqueue, failedJobs } from '../../src/jobs/job.repository.ts';
import { runJobs, startWorker } from '../../src/jobs/job.worker.ts';
import { engineOf } from '../../src/db/dialect.ts';
import { useTestContext } from '../support/database.ts';

const { ctx, clock } = useTestContext();
const quiet = { log: () => {} };

beforeEach(async () => {
  await ctx.db.kysely.deleteFrom('jobs').execute();
  clock.now = new Date('2026-01-01T00:00:00.000Z');
});

const later = (ms: number) => new Date(clock.now.getTime() + ms);

describe('running jobs', () => {
  it('runs a due job once with its payload, and deletes it', async () => {
    const seen: unknown[] = [];
    await enqueue(ctx.db.kysely, 'note', { value: 42 }, { now: clock.now });
    const summary = await runJobs(ctx, { once: true, handlers: { note: async (_, payload) => void seen.push(payload) }, ...quiet });
    expect(summary).toEqual({ succeeded: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([{ value: 42 }]);
    expect(await ctx.db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });

  it('waits for run_at, and runs jobs in order of when they are due', async () => {
    const order: number[] = [];
    const handlers = { note: async (_: AppContext, payload: unknown) => void order.push((payload as { n: number }).n) };
    await enqueue(ctx.db.kysely, 'note', { n: 2 }, { now: clock.now, runAt: later(2_000) });
    await enqueue(ctx.db.kysely, 'note', { n: 1 }, { now: clock.now, runAt: later(1_000) });
    await enqueue(ctx.db.kysely, 'note', { n: 3 }, { now: clock.now, runAt: later(60_000) });
    expect((await runJobs(ctx, { once: true, handlers, ...quiet })).succeeded).toBe(0);
    clock.now = later(5_000);
    await runJobs(ctx, { once: true, handlers, ...quiet });
    expect(order).toEqual([1, 2]);
  });
});

describe('failures', () => {
  it('retry with exponential backoff, then stop with the error recorded', async () => {
    let calls = 0;
    const handlers = {
      flaky: async () => {
        calls++;
        throw new Error(`broken ${calls}`);
      },
    };
    const id = await enqueue(ctx.db.kysely, 'flaky', {}, { now: clock.now, maxAttempts: 3 });
    const backoff = (attempts: number) => 1_000 * 2 ** (attempts - 1);
    const row = () => ctx.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    expect(await runJobs(ctx, { once: true, handlers, backoff, ...quiet })).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    let job = await row();
    expect(job).toMatchObject({ attempts: 1, lastError: 'Error: broken 1', lockedBy: null, failedAt: null });
    expect(job.runAt).toBe(later(1_000).toISOString());

    // Not before its time.
    clock.now = later(999);
    await runJobs(ctx, { once: true, handlers, backoff, ...quiet });
    expect(calls).toBe(1);

    clock.now = later(1);
    await runJobs(ctx, { once: true, handlers, backoff, ...quiet });
    job = await row();
    expect(job.attempts).toBe(2);
    expect(job.runAt).toBe(later(2_000).toISOString());

    clock.now = later(2_000);
    expect((await runJobs(ctx, { once: true, handlers, backoff, ...quiet })).failed).toBe(1);
    job = await row();
    expect(job).toMatchObject({ attempts: 3, lastError: 'Error: broken 3', failedAt: clock.now.toISOString() });
    expect((await failedJobs(ctx.db.kysely)).map((j) => j.id)).toEqual([id]);

    // A failed job is never run again.
    clock.now = later(86_400_000);
    await runJobs(ctx, { once: true, handlers, backoff, ...quiet });
    expect(calls).toBe(3);
  });

  it('treat an unknown job name and a bad payload as failures, not crashes', async () => {
    await enqueue(ctx.db.kysely, 'nobodyKnowsMe', {}, { now: clock.now });
    await enqueue(ctx.db.kysely, 'rebuildWorkFilters', { workIds: 'all of them' }, { now: clock.now });
    expect(await runJobs(ctx, { once: true, ...quiet })).toEqual({ succeeded: 0, retried: 2, failed: 0 });
    const errors = (await ctx.db.kysely.selectFrom('jobs').select('lastError').orderBy('id').execute()).map((r) => r.lastError);
    expect(errors[0]).toContain('No handler for job "nobodyKnowsMe"');
    expect(errors[1]).toContain('ZodError');
  });
});

describe('claiming', () => {
  it('leases a job: nobody else takes it until the lease runs out', async () => {
    const id = await enqueue(ctx.db.kysely, 'note', {}, { now: clock.now });
    const first = await claimJob(ctx.db.kysely, 'worker-a', clock.now, later(60_000));
    expect(first).toMatchObject({ id, lockedBy: 'worker-a', attempts: 1 });
    expect(await claimJob(ctx.db.kysely, 'worker-b', later(59_000), later(120_000))).toBeUndefined();
    // worker-a died: after the lease the job is taken again, and the attempt counted.
    expect(await claimJob(ctx.db.kysely, 'worker-b', later(60_000), later(120_000))).toMatchObject({ id, lockedBy: 'worker-b', attempts: 2 });
  });

  it('never gives one job to two workers running at the same time', async () => {
    const total = 40;
    for (let n = 0; n < total; n++) await enqueue(ctx.db.kysely, 'count', { n }, { now: clock.now });
    const runs: number[] = [];
    const handlers = {
      count: async (_: AppContext, payload: unknown) => {
        runs.push((payload as { n: number }).n);
        // Let the other workers claim while this one holds a job.
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    };
    const summaries = await Promise.all(['a', 'b', 'c', 'd'].map((w) => runJobs(ctx, { once: true, handlers, workerId: w, ...quiet })));
    expect(runs.sort((x, y) => x - y)).toEqual([...Array(total).keys()]);
    expect(summaries.reduce((sum, s) => sum + s.succeeded, 0)).toBe(total);
    // On PostgreSQL the four loops use separate pooled connections, so they really race.
    if (engineOf(ctx.db.kysely) === 'postgres') expect(summaries.filter((s) => s.succeeded > 0).length).toBeGreaterThan(1);
  });
});

describe('the background worker', () => {
  it('picks up jobs as they come and stops cleanly', async () => {
    const seen: number[] = [];
    const worker = startWorker(ctx, { idleMs: 5, handlers: { note: async (_, p) => void seen.push((p as { n: number }).n) }, ...quiet });
    await enqueue(ctx.db.kysely, 'note', { n: 1 }, { now: clock.now });
    for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();
    expect(seen).toEqual([1]);
  });

  it('runs as many jobs at once as it has loops, each job once', async () => {
    // Each job waits until three run together: one loop alone would never get there.
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    let release!: () => void;
    const together = new Promise<void>((resolve) => (release = resolve));
    const note = async (_: AppContext, p: unknown) => {
      running++;
      most = Math.max(most, running);
      if (running === 3) release();
      await Promise.race([together, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      seen.push((p as { n: number }).n);
      running--;
    };
    for (const n of [1, 2, 3]) await enqueue(ctx.db.kysely, 'note', { n }, { now: clock.now });
    const worker = startWorker(ctx, { loops: 3, idleMs: 5, handlers: { note }, ...quiet });
    for (let i = 0; i < 400 && seen.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3]);
  });
});
