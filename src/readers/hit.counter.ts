import { createHmac } from 'node:crypto';
import { isbot } from 'isbot';
import { chunks } from '../arrays.ts';
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
// interval is one entry in memory; the address is hashed only when written.

const BATCH = 500;
const ROBOT_MEMORY = 10_000;

export interface HitVisit {
  workId: number;
  /** The account, when one is logged in. */
  userId: number | null;
  address: string;
  userAgent: string | undefined;
}

export class HitCounter {
  /** Views since the last write, by visitor: the raw form stays in memory, only its hash is written. */
  private pending = new Map<string, { workId: number; day: string; visitor: string }>();
  /** Whether a user agent is a robot, remembered: browsers send the same few strings again and again. */
  private robots = new Map<string, boolean>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  /** Notes a view, at the cost of a map entry; robots, as far as their user agent tells, are not visitors. */
  record(visit: HitVisit): void {
    const agent = visit.userAgent;
    if (agent === undefined || agent === '' || this.isRobot(agent)) return;
    const day = this.today();
    const visitor = visit.userId !== null ? `u:${visit.userId}` : `g:${guestNetwork(visit.address)}\u0000${agent}`;
    this.pending.set(`${visit.workId} ${day} ${visitor}`, { workId: visit.workId, day, visitor });
    this.timer ??= setTimeout(() => void this.flush(), this.ctx.config.hitFlushSeconds * 1000).unref();
  }

  /** Writes what has been counted so far; one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** The day's date, worked out again once a second rather than for every view. */
  private day = { text: '', until: 0 };
  private today(): string {
    const now = this.ctx.now().getTime();
    if (now >= this.day.until || now < this.day.until - 1000) this.day = { text: new Date(now).toISOString().slice(0, 10), until: now + 1000 };
    return this.day.text;
  }

  private isRobot(agent: string): boolean {
    let robot = this.robots.get(agent);
    if (robot === undefined) {
      robot = isbot(agent);
      if (this.robots.size >= ROBOT_MEMORY) this.robots.clear();
      this.robots.set(agent, robot);
    }
    return robot;
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const seen = [...this.pending.values()];
    this.pending = new Map();
    // A guest is their network and browser, hashed with the archive's secret and the day.
    const secret = await guestSecret(this.ctx);
    const rows: HitRow[] = seen.map(({ workId, day, visitor }) => ({
      workId,
      day,
      visitorKey: visitor.startsWith('u:') ? visitor : createHmac('sha256', secret).update(`hit\u0000${day}\u0000${visitor}`).digest('base64url'),
    }));
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
