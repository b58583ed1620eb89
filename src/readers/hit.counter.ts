import { createHmac } from 'node:crypto';
import { isbot } from 'isbot';
import { chunks } from '../collections.ts';
import type { AppContext } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { ok } from '../context.ts';
import { guestNetwork, guestSecret } from '../feedback/guest.key.ts';
import { addToHitCount, insertHitVisitors, pruneHitVisitors, type HitRow } from './hit.repository.ts';

// Hits: one per visitor per work per day, counted in memory and written in batches, so a page
// view costs no write. Every `hitFlushSeconds` (10 by default) the visitors seen since are
// written with one insert a few hundred rows (hit.repository: the primary key drops those
// already counted, by this process or another), and each work's count goes up by the rows
// really added, in the same transaction. A crash loses the hits of at most the last interval;
// a clean stop writes them first (startServer's close). The same visitor in the same
// interval is one entry in memory.

const BATCH = 500;

export interface HitVisit {
  workId: number;
  /** The account, when one is logged in. */
  userId: number | null;
  address: string;
  userAgent: string | undefined;
}

export class HitCounter {
  private pending = new Map<string, HitRow>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  /** Notes a view; robots, as far as their user agent tells, are not visitors. */
  async record(visit: HitVisit): Promise<void> {
    if (visit.userAgent === undefined || visit.userAgent === '' || isbot(visit.userAgent)) return;
    const day = this.ctx.now().toISOString().slice(0, 10);
    const visitorKey = visit.userId !== null ? `u:${visit.userId}` : await this.guestKey(day, visit.address, visit.userAgent);
    this.pending.set(`${visit.workId} ${day} ${visitorKey}`, { workId: visit.workId, day, visitorKey });
    this.timer ??= setTimeout(() => void this.flush(), this.ctx.config.hitFlushSeconds * 1000).unref();
  }

  /** Writes what has been counted so far; one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    await inTransaction(this.ctx, async (trx) => {
      const added = new Map<number, number>();
      for (const batch of chunks(rows, BATCH)) {
        for (const workId of await insertHitVisitors(trx, batch)) added.set(workId, (added.get(workId) ?? 0) + 1);
      }
      for (const [workId, n] of added) await addToHitCount(trx, workId, n);
      const yesterday = new Date(this.ctx.now().getTime() - 86_400_000).toISOString().slice(0, 10);
      await pruneHitVisitors(trx, yesterday);
      return ok(null);
    });
  }

  /** A guest is their network and browser, hashed with the archive's secret and the day. */
  private async guestKey(day: string, address: string, userAgent: string): Promise<string> {
    const secret = await guestSecret(this.ctx);
    return createHmac('sha256', secret).update(`hit\u0000${day}\u0000${guestNetwork(address)}\u0000${userAgent}`).digest('base64url');
  }
}

const counters = new WeakMap<AppContext, HitCounter>();

/** The archive's one counter (per context, so tests with several contexts count apart). */
export function hitCounter(ctx: AppContext): HitCounter {
  let counter = counters.get(ctx);
  if (!counter) {
    counter = new HitCounter(ctx);
    counters.set(ctx, counter);
  }
  return counter;
}
