import { parseArgs } from 'node:util';
import { boot } from '../boot.ts';
import { failedJobs } from './job.repository.ts';
import { runJobs, startWorker } from './job.worker.ts';

/**
 * `records-room worker [--once] [--failed] [--data DIR]`: runs background jobs in a process
 * of its own (the usual way on PostgreSQL, with RUN_JOBS=false on the web processes).
 * --once runs what is due and exits, non-zero if any job failed; --failed lists jobs that
 * ran out of attempts, with their last error.
 */
export async function runWorkerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { once: { type: 'boolean' }, failed: { type: 'boolean' }, data: { type: 'string' } } });
  const ctx = await boot({ DATA_DIR: values.data });
  try {
    if (values.failed) {
      const jobs = await failedJobs(ctx.db.kysely);
      for (const job of jobs) console.log(`#${job.id} ${job.name} failed ${job.failedAt} after ${job.attempts} attempts: ${job.lastError ?? ''}`);
      if (jobs.length === 0) console.log('No failed jobs.');
      return 0;
    }
    if (values.once) {
      const summary = await runJobs(ctx, { once: true });
      console.log(`Jobs run: ${summary.succeeded} succeeded, ${summary.retried} to retry, ${summary.failed} failed.`);
      return summary.retried + summary.failed > 0 ? 1 : 0;
    }
    const worker = startWorker(ctx);
    console.log('Records Room is running background jobs. Stop with Ctrl-C.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    // The running job finishes first; a killed one would be taken again after its lease.
    await worker.stop();
    return 0;
  } finally {
    ctx.mailer?.close();
    await ctx.db.close();
  }
}
