import type { AppContext } from '../context.ts';
import { letOthersRun } from '../jobs/job.types.ts';
import { matchExchange } from './matching/index.ts';
import { activeSignups, findRun, findSettings, pinsOf, updateRun } from './exchange.repository.ts';
import { matchInput, runResult } from './exchange.matching.ts';
import { promptsOf, rulesOf } from './exchange.service.ts';

// matchGiftExchange: runs the matcher over an exchange's active sign-ups and pins, writing its
// progress to the run's row as it goes (the matching page shows it) and the result at the end.
// Idempotent: a retry starts the run over from the sign-ups as they are.

const PROGRESS_EVERY_MS = 250;

export async function matchGiftExchange(ctx: AppContext, payload: unknown): Promise<void> {
  const runId = (payload as { runId?: unknown } | null)?.runId;
  if (typeof runId !== 'number') return;
  const db = ctx.db.kysely;
  const run = await findRun(db, runId);
  if (!run || run.status === 'done') return;
  const settings = await findSettings(db, run.collectionId);
  if (!settings) return updateRun(db, runId, { status: 'failed', error: 'The exchange has no settings.', finishedAt: ctx.now().toISOString() });
  const signups = (await activeSignups(db, run.collectionId)).map((s) => ({ id: s.id, login: s.login, requests: promptsOf(s.requests), offers: promptsOf(s.offers) }));
  const pins = await pinsOf(db, run.collectionId);
  await updateRun(db, runId, { status: 'running', done: 0, total: signups.length });
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    const result = await matchExchange(matchInput(signups, rulesOf(settings).typeRules, pins), {
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        pending = pending.then(() => updateRun(db, runId, { done, total }));
      },
    });
    await pending;
    await letOthersRun();
    const stored = runResult(signups, result);
    await updateRun(db, runId, { status: 'done', done: signups.length, total: signups.length, result: JSON.stringify(stored), finishedAt: ctx.now().toISOString() });
  } catch (error) {
    await pending.catch(() => {});
    await updateRun(db, runId, { status: 'failed', error: String(error instanceof Error ? error.message : error).slice(0, 500), finishedAt: ctx.now().toISOString() });
  }
}
