import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AdmissionQueue, type Admission, type Ticket } from './admission.ts';

const read = (isFirst = false): Ticket => ({ isFirst, mayRefuse: true });
const write = (isFirst = false): Ticket => ({ isFirst, mayRefuse: false });

/** Enters a ticket and records, by name, when it was let in or turned away. */
function tracker(queue: AdmissionQueue) {
  const log: string[] = [];
  const enter = (name: string, ticket: Ticket) =>
    queue.enter(ticket).then((outcome: Admission) => {
      log.push(outcome === 'admitted' ? name : `${name}:${outcome}`);
      return outcome;
    });
  return { log, enter };
}

// Several trips round the event loop: each turn of the queue takes one.
async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await nextTurn();
}

describe('AdmissionQueue', () => {
  it('runs at most its limit at once and lets the next in only when one leaves', async () => {
    const queue = new AdmissionQueue({ running: 2, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('a', read());
    void enter('b', read());
    void enter('c', read());
    await settle();
    expect(log).toEqual(['a', 'b']);
    expect(queue.active).toBe(2);
    expect(queue.waiting).toBe(1);
    queue.leave();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(queue.active).toBe(2);
  });

  it('serves the first request of the newest connection first, then older connections oldest first', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('running', read());
    await settle();
    void enter('old-1', read());
    void enter('old-2', write());
    void enter('new-1', read(true));
    void enter('old-3', read());
    void enter('new-2', write(true));
    await settle();
    for (let i = 0; i < 5; i++) {
      queue.leave();
      await settle();
    }
    expect(log).toEqual(['running', 'new-2', 'new-1', 'old-1', 'old-2', 'old-3']);
  });

  it('starts a waiting request only after a trip round the event loop, never in the same tick', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('a', read());
    void enter('b', read());
    await settle(1);
    queue.leave();
    // Microtasks alone (all a synchronous database gives) do not let the next one in.
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(log).toEqual(['a']);
    await nextTurn();
    await Promise.resolve();
    expect(log).toEqual(['a', 'b']);
  });

  it('refuses reads once the queue is full, but queues every write beyond the bound', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 2, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('running', read());
    await settle();
    void enter('r1', read());
    void enter('r2', read(true));
    const refused = await enter('r3', read());
    const refusedFirst = await enter('r4', read(true));
    expect([refused, refusedFirst]).toEqual(['refused', 'refused']);
    void enter('w1', write());
    void enter('w2', write(true));
    expect(queue.waiting).toBe(4);
    for (let i = 0; i < 4; i++) {
      queue.leave();
      await settle();
    }
    expect(log).toEqual(['running', 'r3:refused', 'r4:refused', 'w2', 'r2', 'r1', 'w1']);
  });

  it('skips a request whose client hung up while it waited', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    let hungUp = false;
    void enter('running', read());
    await settle();
    void enter('gone', { ...read(), isGone: () => hungUp });
    void enter('next', read());
    await settle();
    hungUp = true;
    queue.leave();
    await settle();
    expect(log).toEqual(['running', 'gone:gone', 'next']);
    expect(queue.active).toBe(1);
  });

  it('lets a request in on the next turn even when there is room, so requests read together never run in one callback', async () => {
    const queue = new AdmissionQueue({ running: 3, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('a', read());
    void enter('b', read());
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(log).toEqual([]);
    await nextTurn();
    await Promise.resolve();
    expect(log).toEqual(['a']);
    await settle();
    expect(log).toEqual(['a', 'b']);
    expect(queue.active).toBe(2);
  });

  it('refuses a read at once when the queue is full', async () => {
    const queue = new AdmissionQueue({ running: 3, queued: 0, maxWaitMs: 60_000 });
    expect(await queue.enter(read())).toBe('refused');
    expect(await queue.enter(read(true))).toBe('refused');
    void queue.enter(write());
    await settle();
    expect(queue.active).toBe(1);
  });

  it('turns a read away once it has waited too long, but lets a write wait', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 10, maxWaitMs: 30 });
    const { log, enter } = tracker(queue);
    void enter('running', read());
    await settle();
    const reader = enter('reader', read(true));
    void enter('writer', write());
    expect(await reader).toBe('refused');
    await new Promise((r) => setTimeout(r, 60));
    expect(queue.waiting).toBe(1);
    queue.leave();
    await settle();
    expect(log).toEqual(['running', 'reader:refused', 'writer']);
  });
});

describe('AdmissionQueue when full', () => {
  it('takes no turns while nobody can be let in, and one as soon as a place frees', async () => {
    const queue = new AdmissionQueue({ running: 1, queued: 10, maxWaitMs: 60_000 });
    const { log, enter } = tracker(queue);
    void enter('running', read());
    void enter('waiting', read());
    await settle();
    const turns = queue.turnsTaken;
    await settle(50);
    expect(queue.turnsTaken).toBe(turns);
    expect(log).toEqual(['running']);
    queue.leave();
    await settle();
    expect(log).toEqual(['running', 'waiting']);
  });
});
