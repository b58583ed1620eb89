import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from './env.ts';

/** How many requests run at once, and how many may wait for their turn. */
export interface AdmissionLimits {
  running: number;
  queued: number;
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
  resolve: (outcome: Admission) => void;
}

/**
 * Bounds the requests running at once. better-sqlite3 runs every query synchronously and
 * Kysely hands its one connection from query to query through promises, so two hundred
 * requests in flight run back to back as one long chain of microtasks: the event loop never
 * polls, and a new connection is not even accepted for seconds (issue 16). Here only a few
 * run; the rest wait in order, and each turn starts in a `setImmediate`, after the loop has
 * polled, so new connections are accepted and their requests join the queue in between.
 */
export class AdmissionQueue {
  private running = 0;
  // Two FIFO queues: first requests of connections, then everything else.
  private readonly first: Waiter[] = [];
  private readonly rest: Waiter[] = [];
  private turnScheduled = false;

  constructor(private readonly limits: AdmissionLimits) {}

  get waiting(): number {
    return this.first.length + this.rest.length;
  }

  get active(): number {
    return this.running;
  }

  enter(ticket: Ticket): Promise<Admission> {
    if (this.running < this.limits.running && this.waiting === 0) {
      this.running++;
      return Promise.resolve('admitted');
    }
    if (ticket.mayRefuse && this.waiting >= this.limits.queued) return Promise.resolve('refused');
    return new Promise((resolve) => {
      (ticket.isFirst ? this.first : this.rest).push({ ticket, resolve });
    });
  }

  /** Called once by every admitted request when it is done, however it ended. */
  leave(): void {
    this.running--;
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    if (this.turnScheduled || this.waiting === 0) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.takeTurn();
    });
  }

  // One request a turn: each turn is a trip round the event loop, which accepts connections
  // and reads requests before the next synchronous stretch of database work begins.
  private takeTurn(): void {
    while (this.running < this.limits.running) {
      const next = this.first.shift() ?? this.rest.shift();
      if (!next) return;
      if (next.ticket.isGone?.()) {
        next.resolve('gone');
        continue;
      }
      this.running++;
      next.resolve('admitted');
      break;
    }
    this.scheduleTurn();
  }
}

// Seconds a refused reader is asked to wait: the queue, full at 256 requests of a few
// milliseconds each on SQLite, has emptied by then.
const RETRY_AFTER_SECONDS = 2;
const BUSY_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy | Records Room</title></head><body><h1>The archive is busy</h1><p>Too many people are reading at this moment. Please try again in a few seconds.</p><p><a href="/">Go to the front page</a></p></body></html>\n`;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The admission queue as middleware, placed before the first database query of a request
 * (static assets and cached pages are answered before it and never wait). Off when
 * `concurrentRequests` is 0.
 */
export function admission(config: Pick<Config, 'concurrentRequests' | 'requestQueue'>): MiddlewareHandler<AppEnv> {
  if (config.concurrentRequests === 0) return (_c, next) => next();
  const queue = new AdmissionQueue({ running: config.concurrentRequests, queued: config.requestQueue });
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
