import { parentPort, workerData } from 'node:worker_threads';
import { contactsOf } from './contacts.ts';
import type { ImportOptions } from './legacy.types.ts';
import { threadCpuMs, type FileEvents, type FromWorker, type ToWorker, type WireEvent } from './parse.pool.ts';
import { readFile, type FileEvent } from './parse.ts';
import type { PrepareModule } from './prepared.ts';

// A parsing worker thread (started by import.workers.ts): reads the files it is sent, in the
// order sent, and posts back the files' events in small batches. A file can hold any number
// of works (an mbox), so the worker stops and waits once the main thread is too many works
// behind, and memory stays flat however large the file.

const MAX_UNACKNOWLEDGED = 256;
// Events go out a few files to a message: a message a file (most files are one work) cost more
// in messaging than in copying.
const EVENTS_PER_MESSAGE = 16;
const FILES_PER_MESSAGE = 8;

const { options, prepare } = workerData as { options: ImportOptions; prepare: string | null };
const prepareWork = prepare ? ((await import(prepare)) as PrepareModule).prepareWork : null;
const port = parentPort!;
const queue: { seq: number; path: string }[] = [];
let running = false;
let unacknowledged = 0;
let resume: (() => void) | null = null;
let files = 0;
let outbox: FileEvents[] = [];
let outboxEvents = 0;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function flush(): void {
  if (outbox.length === 0) return;
  post({ type: 'events', files: outbox });
  outbox = [];
  outboxEvents = 0;
}

function send(part: FileEvents): void {
  outbox.push(part);
  outboxEvents += part.events.length;
  if (outbox.length >= FILES_PER_MESSAGE || outboxEvents >= EVENTS_PER_MESSAGE) flush();
}

function toWire(event: FileEvent): WireEvent {
  if (event.type !== 'document') return event;
  const wire: WireEvent = { ...event, contacts: contactsOf(event.work) };
  // Only a work that is whole already is prepared here; parts are joined on the main thread.
  if (prepareWork && !event.part) wire.prepared = prepareWork(event.work);
  return wire;
}

async function readOne(seq: number, path: string): Promise<void> {
  let events: WireEvent[] = [];
  for await (const event of readFile(path, options)) {
    events.push(toWire(event));
    if (event.type === 'document') unacknowledged++;
    if (events.length >= EVENTS_PER_MESSAGE || unacknowledged >= MAX_UNACKNOWLEDGED) {
      send({ seq, events, done: false });
      events = [];
    }
    if (unacknowledged >= MAX_UNACKNOWLEDGED) {
      // The main thread acknowledges only what it has been sent.
      flush();
      await new Promise<void>((resolve) => (resume = resolve));
    }
  }
  files++;
  send({ seq, events, done: true });
}

async function run(): Promise<void> {
  running = true;
  while (queue.length > 0) {
    const next = queue.shift()!;
    await readOne(next.seq, next.path);
  }
  flush();
  running = false;
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'ack') {
    unacknowledged -= message.count;
    if (resume && unacknowledged < MAX_UNACKNOWLEDGED) {
      const go = resume;
      resume = null;
      go();
    }
  } else if (message.type === 'read') {
    queue.push(message);
    if (!running) void run();
  } else {
    post({ type: 'stopped', stats: { files, cpuMs: threadCpuMs() } });
    port.close();
  }
});
post({ type: 'ready' });
