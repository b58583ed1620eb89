import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { attachContacts } from './contacts.ts';
import { attachPrepared } from './prepared.ts';
import type { Contact, ImportOptions, Skipped } from './legacy.types.ts';
import { readFile, type FileEvent } from './parse.ts';

// Reading files in worker threads (import.worker.ts), for the real import and the dry run
// alike. Parsing is most of the CPU an import costs and is independent from file to file; the
// works must still come out in the order the files were walked (parts of a story are joined in
// that order, and works get their ids in it), so each file gets a sequence number, files are
// sent to the least busy worker, and their events are handed on strictly in sequence. Memory
// stays flat: only FILES_IN_FLIGHT files per worker are out at a time, and a worker holding
// many works of one large file waits for the main thread (import.worker.ts).

/** Fewer files than this are read here: starting a worker costs about half a second. */
export const WORKERS_FROM_FILES = 200;
// The first files of a larger run are read here while the workers start: this thread would
// otherwise wait for them (a third to half a second), and the workers start on the files after.
const HEAD_FILES = 200;
// Enough files queued per worker to keep it busy while the main thread stores a group (files are
// handed out only as the main thread moves on). With 64, a group of 100 works (about 70 files)
// outlasted the queue: the worker sat idle 1.1 to 1.4 s of a 20 s run of 10,000 files. With 256
// it never ran dry (it waits on MAX_UNACKNOWLEDGED instead), at 8% more files a second.
const FILES_IN_FLIGHT = 256;
// While the file it needs next is still in a worker, the main thread reads a later one itself
// instead of waiting (its core would otherwise idle while the workers and V8's helpers share
// the other). Files read so wait for their turn; at most twice FILES_IN_FLIGHT files a worker
// are out at a time, in the workers or read ahead here. A file read ahead is read only up to
// this many works, the rest in its turn, so a large mbox does not sit in memory whole.
const WORKS_READ_AHEAD = 16;

/**
 * Workers for a run: one per core, less the core the main thread needs when it stores the works
 * (measured on two cores: two workers beside the writing thread cost a fifth more CPU a file
 * than one, and ran slower), and no more than four.
 */
export function defaultWorkers(storing: boolean): number {
  return Math.max(1, Math.min(4, availableParallelism() - (storing ? 1 : 0)));
}

export interface WorkerStats {
  /** Files the worker read. */
  files: number;
  /** CPU time of the worker's own thread, where the system tells it (Linux), else null. */
  cpuMs: number | null;
}

/** A file event as it crosses between threads: a work's private contacts and what was prepared of it ride beside it. */
export type WireEvent = Exclude<FileEvent, { type: 'document' }> | (Extract<FileEvent, { type: 'document' }> & { contacts: Contact[]; prepared?: unknown });
export type ToWorker = { type: 'read'; seq: number; path: string } | { type: 'ack'; count: number } | { type: 'stop' };
/** Events of one file (`done` once they are all there). */
export interface FileEvents {
  seq: number;
  events: WireEvent[];
  done: boolean;
}
export type FromWorker = { type: 'ready' } | { type: 'events'; files: FileEvents[] } | { type: 'stopped'; stats: WorkerStats };

export interface WorkerRunOptions {
  workers: number;
  workersFrom?: number | undefined;
  /** Files read here while the workers start (default HEAD_FILES). */
  headFiles?: number | undefined;
  /** Files handed to each worker ahead of the main thread (default FILES_IN_FLIGHT; tests use fewer). */
  filesInFlight?: number | undefined;
  /** Works of a file read ahead here before the rest waits for its turn (default WORKS_READ_AHEAD). */
  worksReadAhead?: number | undefined;
  /** A module whose `prepareWork` each worker runs on each whole work (see prepared.ts). */
  prepare?: string | undefined;
  onWorkerStats?: ((stats: WorkerStats) => void) | undefined;
}

/** CPU milliseconds of the calling thread (Linux's /proc/thread-self); null elsewhere. */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

// Workers run the TypeScript sources through tsx, as the command does (bin/records-room.js);
// a data: URL module registers it first. The parent's flags are not passed on (a `--import
// tsx` would register it twice), except CPU profiling.
function workerScript(): URL {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(tsxPackage, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsxApi = pathToFileURL(fileURLToPath(new URL(exports['./esm/api']!.import.default, pathToFileURL(tsxPackage)))).href;
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const entry = new URL('./parse.thread.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)};\nregister({ tsconfig: ${JSON.stringify(tsconfig)} });\nawait import(${JSON.stringify(entry)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

function fromWire(event: WireEvent): FileEvent {
  if (event.type !== 'document') return event;
  const { contacts, prepared, ...document } = event;
  attachContacts(document.work, contacts);
  if (prepared !== undefined) attachPrepared(document.work, prepared);
  return document;
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

interface Pending {
  events: FileEvent[];
  done: boolean;
  /** The worker reading the file; null for a file read here, or an entry skipped by the walk. */
  slot: Slot | null;
  /** The rest of a file read ahead here, read in its turn. */
  rest?: AsyncGenerator<FileEvent> | undefined;
}

/**
 * The events of every file in `entries`, in order, read by `run.workers` worker threads, or
 * here when there are fewer than `run.workersFrom` files.
 */
export async function* readInWorkers(entries: Iterator<string | Skipped>, options: ImportOptions, run: WorkerRunOptions): AsyncGenerator<FileEvent> {
  const threshold = run.workersFrom ?? WORKERS_FROM_FILES;
  const peeked: (string | Skipped)[] = [];
  let files = 0;
  let ended = false;
  while (files < threshold) {
    const next = entries.next();
    if (next.done) {
      ended = true;
      break;
    }
    peeked.push(next.value);
    if (typeof next.value === 'string') files++;
  }
  if (ended) {
    for (const entry of peeked) {
      if (typeof entry === 'string') yield* readFile(entry, options);
      else yield { type: 'skipped', skipped: entry };
    }
    return;
  }
  const head: (string | Skipped)[] = [];
  const headLimit = run.headFiles ?? HEAD_FILES;
  for (let headFiles = 0; peeked.length > 0 && headFiles < headLimit; ) {
    const entry = peeked.shift()!;
    head.push(entry);
    if (typeof entry === 'string') headFiles++;
  }
  const next = (): IteratorResult<string | Skipped> => (peeked.length > 0 ? { done: false, value: peeked.shift()! } : entries.next());
  yield* readInPool(head, next, options, run);
}

// V8 inlines up to 920 bytes of bytecode into an optimised function by default. The parser's
// functions each see many shapes of document, so V8 deoptimised and compiled them again several
// times a run, in every thread, and each compile carried all it had inlined: its compiler
// threads took 3.0-3.8 s of a 10,000-file import. With a third of the budget they took 2.4-2.9 s
// and the import ran 2-14% faster in four of four alternating pairs (bench/RESULTS.md). The flag
// is the process's (workers share it); it is set when a large run starts and left so.
const INLINING_FLAG = '--max-inlined-bytecode-size-cumulative=300';

/** The events of `head`, read here while the workers start, then of every entry after it, read by the workers. */
async function* readInPool(head: (string | Skipped)[], nextEntry: () => IteratorResult<string | Skipped>, options: ImportOptions, run: WorkerRunOptions): AsyncGenerator<FileEvent> {
  setFlagsFromString(INLINING_FLAG);
  const pending = new Map<number, Pending>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const go = wake;
    wake = null;
    go?.();
  };
  let stopping = false;
  const script = workerScript();
  const execArgv = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
  const slots: Slot[] = [];
  for (let i = 0; i < run.workers; i++) {
    const slot: Slot = { worker: new Worker(script, { workerData: { options, prepare: run.prepare ?? null }, execArgv }), inFlight: 0 };
    slot.worker.on('message', (message: FromWorker) => {
      if (message.type === 'events') {
        for (const part of message.files) {
          const file = pending.get(part.seq)!;
          for (const event of part.events) file.events.push(fromWire(event));
          if (part.done) {
            file.done = true;
            slot.inFlight--;
          }
        }
        poke();
      } else if (message.type === 'stopped') run.onWorkerStats?.(message.stats);
    });
    slot.worker.on('error', (error) => {
      failure ??= error;
      poke();
    });
    slot.worker.on('exit', (code) => {
      if (!stopping) failure ??= new Error(`a parsing worker stopped unexpectedly (exit code ${code})`);
      poke();
    });
    slots.push(slot);
  }

  const inFlight = run.filesInFlight ?? FILES_IN_FLIGHT;
  const maxPending = 2 * inFlight * slots.length;
  const worksAhead = run.worksReadAhead ?? WORKS_READ_AHEAD;
  let seq = 0;
  let walked = false;
  /** The next entry of the walk, or null at its end; an entry the walk skipped is recorded as it comes. */
  const take = (): string | null => {
    for (;;) {
      const next = walked ? null : nextEntry();
      if (!next || next.done) {
        walked = true;
        return null;
      }
      if (typeof next.value === 'string') return next.value;
      pending.set(seq++, { events: [{ type: 'skipped', skipped: next.value }], done: true, slot: null });
    }
  };
  const dispatch = () => {
    while (pending.size < maxPending) {
      const slot = slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (slot.inFlight >= inFlight) break;
      const path = take();
      if (path === null) break;
      slot.inFlight++;
      pending.set(seq, { events: [], done: false, slot });
      slot.worker.postMessage({ type: 'read', seq: seq++, path } satisfies ToWorker);
    }
  };
  /** Reads the next file of the walk here, up to `worksAhead` works; false when there is none to read. */
  const readAhead = async (): Promise<boolean> => {
    if (pending.size >= maxPending) return false;
    const path = take();
    if (path === null) return false;
    const file: Pending = { events: [], done: false, slot: null };
    pending.set(seq++, file);
    const events = readFile(path, options);
    let works = 0;
    for (;;) {
      if (works >= worksAhead) {
        file.rest = events;
        return true;
      }
      const next = await events.next();
      if (next.done) break;
      file.events.push(next.value);
      if (next.value.type === 'document') works++;
    }
    file.done = true;
    return true;
  };

  try {
    dispatch();
    for (const entry of head) {
      if (typeof entry === 'string') yield* readFile(entry, options);
      else yield { type: 'skipped', skipped: entry };
    }
    let nextSeq = 0;
    for (;;) {
      if (failure) throw failure;
      const file = pending.get(nextSeq);
      if (!file) break;
      if (file.events.length > 0) {
        const events = file.events;
        file.events = [];
        const documents = events.filter((event) => event.type === 'document').length;
        if (documents > 0) file.slot?.worker.postMessage({ type: 'ack', count: documents } satisfies ToWorker);
        yield* events;
      } else if (file.rest) {
        yield* file.rest;
        file.rest = undefined;
        file.done = true;
      } else if (file.done) {
        pending.delete(nextSeq++);
        dispatch();
      } else if (await readAhead()) {
        // Reading here runs no I/O callbacks: let the workers' messages in before deciding again.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
    // Each worker reports what it did before it goes.
    stopping = true;
    await Promise.all(slots.map((slot) => new Promise<void>((resolve) => {
      slot.worker.once('exit', () => resolve());
      slot.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    })));
  } finally {
    stopping = true;
    // A run stopped early leaves files read ahead half read: close them.
    for (const file of pending.values()) await file.rest?.return(undefined);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}
