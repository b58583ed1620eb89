import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { addBounceCounts, markScored, scoredDays, unscoredBounces } from './bounce.repository.ts';

// Scores the bounces recorded by the inbound listener, once a day: an address counts at most
// one bounce a day (hard if any of that day's was hard), since a mailbox that is full today
// bounces every message sent to it today. Past HARD_BOUNCE_LIMIT or SOFT_BOUNCE_LIMIT the
// address's delivery stops (deliverMail skips it). Rows are marked scored in the same
// transaction as the counts, so running it twice counts nothing twice.

const DAY_MS = 86_400_000;

export async function scoreBounces(ctx: AppContext, payload: unknown): Promise<void> {
  const now = ctx.now();
  await inTransaction(ctx, async (trx) => {
    const rows = await unscoredBounces(trx);
    const byAddress = new Map<string, typeof rows>();
    for (const row of rows) byAddress.set(row.recipient, [...(byAddress.get(row.recipient) ?? []), row]);
    for (const [address, bounces] of byAddress) {
      const counted = await scoredDays(trx, address);
      const days = new Map<string, 'hard' | 'soft'>();
      for (const b of bounces) {
        const day = String(b.createdAt).slice(0, 10);
        if (counted.has(day)) continue;
        if (b.kind === 'hard' || !days.has(day)) days.set(day, b.kind === 'hard' ? 'hard' : 'soft');
      }
      const hard = [...days.values()].filter((k) => k === 'hard').length;
      const soft = days.size - hard;
      if (hard + soft > 0) await addBounceCounts(trx, address, hard, soft, { hard: ctx.config.hardBounceLimit, soft: ctx.config.softBounceLimit }, now.toISOString());
      await markScored(trx, bounces.map((b) => b.id));
    }
    // The next run, tomorrow; only when asked (the first one is enqueued by whoever starts the chain).
    if ((payload as { repeat?: boolean } | null)?.repeat) await enqueue(trx, 'scoreBounces', { repeat: true }, { runAt: new Date(now.getTime() + DAY_MS), now });
    return ok(null);
  });
}
