import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from './env.ts';

/** How many requests run at once, how many may wait for their turn, and for how long. */
export interface AdmissionLimits {
  running: number;
  queued: number;
  /** A read that has waited this long is answered 503 instead; writes wait as long as it takes. */
  maxWaitMs: number;
}

export interface Ticket {
  /** The first request of its connection: served before those of connections already talking. */
  isFirst: boolean;
  /** A read, which may be refused when the queue is full; a write never is, so none is lost. */
  mayRefuse: boolean;
  /** Whether its client has hung up meanwhile; it is then skipped, never run. */
  isGone?: () => boolean;
}

export type Admission = 'admitted' | 'refused' | 'gone';

interface Waiter {
  ticket: Ticket;
  settle: (outcome: Admission) => void;
  settled: boolean;
}

/**
 * Bounds the requests running at once. better-sqlite3 runs every query synchronously and
 * Kysely hands its one connection from query to query through promises, so two hundred
 * requests in flight run back to back as one long chain of microtasks: the event loop never
 * polls, and a new connection is not even accepted for seconds (issue 16). Here only a few
 * run; each turn starts in a `setImmediate`, after the loop has polled, so new connections
 * are accepted and their requests join the queue in between.
 *
 * Who goes next: the first request of the newest connection, then the requests of
 * connections already served, oldest first. A new visitor is answered in about the time of
 * one request, even while a crowd that arrived together still waits (newest first, as
 * "adaptive LIFO" does under overload: the requests that waited longest are the likeliest to
 * have been given up on). A read that waits `maxWaitMs` is told to come back later (503,
 * Retry-After) rather than left to time out; a write waits its turn however long it takes.
 */
export class AdmissionQueue {
  private running = 0;
  private queued = 0;
  private readonly first: Waiter[] = [];
  private readonly rest: Waiter[] = [];
  private turnScheduled = false;
  private turns = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  get waiting(): number {
    return this.queued;
  }

  get active(): number {
    return this.running;
  }

  /**
   * Even with room to run, a request waits for the next turn: Node calls the handlers of all
   * the requests read in one poll one after another, and a request let in at once would run
   * its synchronous database work to the end inside its own callback, so two hundred of them
   * would again hold the loop for seconds.
   */
  enter(ticket: Ticket): Promise<Admission> {
    if (ticket.mayRefuse && this.queued >= this.limits.queued) return Promise.resolve('refused');
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        ticket,
        settled: false,
        settle: (outcome) => {
          waiter.settled = true;
          this.queued--;
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.queued++;
      (ticket.isFirst ? this.first : this.rest).push(waiter);
      this.scheduleTurn();
      if (ticket.mayRefuse) {
        timer = setTimeout(() => {
          waiter.settle('refused');
          this.dropSettled();
        }, this.limits.maxWaitMs);
      }
    });
  }

  /** Called once by every admitted request when it is done, however it ended. */
  leave(): void {
    this.running--;
    this.scheduleTurn();
  }

  /** Turns taken so far; a full queue takes none until a request leaves. */
  get turnsTaken(): number {
    return this.turns;
  }

  // No turn while every place is taken: a turn that can let nobody in would schedule the next
  // at once, and the loop would spin through empty turns, burning the CPU that PostgreSQL and
  // the requests already running need. `leave` schedules the next turn.
  private scheduleTurn(): void {
    if (this.turnScheduled || this.queued === 0 || this.running >= this.limits.running) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.takeTurn();
    });
  }

  // One request a turn: each turn is a trip round the event loop, which accepts connections
  // and reads requests before the next synchronous stretch of database work begins.
  private takeTurn(): void {
    this.turns++;
    while (this.running < this.limits.running) {
      const next = this.next();
      if (!next) return;
      if (next.ticket.isGone?.()) {
        next.settle('gone');
        continue;
      }
      this.running++;
      next.settle('admitted');
      break;
    }
    this.scheduleTurn();
  }

  // Readers turned away stay in the lists until reached; under a long flood the newest-first
  // list may never be emptied down to them, so they are swept out once they are most of it.
  private dropSettled(): void {
    for (const list of [this.first, this.rest]) {
      if (list.length > 2 * this.queued + 64) {
        const live = list.filter((w) => !w.settled);
        list.splice(0, list.length, ...live);
      }
    }
  }

  private next(): Waiter | undefined {
    for (;;) {
      const waiter = this.first.pop() ?? this.rest.shift();
      if (!waiter || !waiter.settled) return waiter;
    }
  }
}

// A reader is turned away after waiting this long, well before a browser or proxy gives up
// (nginx waits 60 s, our benchmark's clients 10 s), and asked to come back a little later.
const MAX_WAIT_MS = 5_000;
const RETRY_AFTER_SECONDS = 5;
const BUSY_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy | Records Room</title></head><body><h1>The archive is busy</h1><p>Too many people are reading at this moment. Please try again in a few seconds.</p><p><a href="/">Go to the front page</a></p></body></html>\n`;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The admission queue as middleware, placed before the first database query of a request
 * (static assets and cached pages are answered before it and never wait). Off when
 * `concurrentRequests` is 0.
 */
export function admission(config: Pick<Config, 'concurrentRequests' | 'requestQueue'>): MiddlewareHandler<AppEnv> {
  if (config.concurrentRequests === 0) return (_c, next) => next();
  const queue = new AdmissionQueue({ running: config.concurrentRequests, queued: config.requestQueue, maxWaitMs: MAX_WAIT_MS });
  const seenConnections = new WeakSet<object>();
  return async (c, next) => {
    const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
    const isFirst = socket !== undefined && !seenConnections.has(socket);
    if (socket) seenConnections.add(socket);
    const isRead = READS.has(c.req.method);
    // A form is read before it waits for a turn, so a client sending its body slowly holds
    // no turn meanwhile. Hono keeps what was read for the CSRF check and the route; a body
    // that cannot be read fails there, with the answer it would get without this queue.
    if (!isRead) await c.req.arrayBuffer().catch(() => undefined);
    const outcome = await queue.enter({ isFirst, mayRefuse: isRead, isGone: () => socket?.destroyed ?? false });
    if (outcome === 'refused') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      c.header('Cache-Control', 'no-store');
      return c.html(BUSY_PAGE, 503);
    }
    if (outcome === 'gone') return c.body(null, 503);
    try {
      await next();
    } finally {
      queue.leave();
    }
  };
}
