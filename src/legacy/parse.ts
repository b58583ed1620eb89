import { closeSync, constants, createReadStream, type Dirent, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { mergeParts, PartAssembler } from './assemble.ts';
import { looksBinary } from './decode.ts';
import type { ImportedWork, ImportOptions, PartMarker, Skipped } from './legacy.types.ts';
import { adapterFor, binaryAdapterFor } from './source.registry.ts';
import type { SourceFile } from './source.types.ts';
import type { WorkerStats } from './parse.pool.ts';
import { readDocument } from './document.ts';
import { DEFAULT_FILE_SECONDS, FileBudget, FileTimeExceeded, overBudgetReason } from './file.budget.ts';

// The parse pipeline, streaming, in two halves: reading a file gives its documents one at a
// time (messages of an mbox one at a time), and joining parts turns them into works as soon as
// they are whole. Reading is independent from file to file, so it may run in worker threads
// (import.workers.ts); joining runs in walk order, where the works are used, so the works and
// their order are the same either way. Bad input is an event, never an exception.

export type ParseEvent =
  | { type: 'work'; work: ImportedWork }
  | { type: 'skipped'; skipped: Skipped }
  | { type: 'file'; path: string; kind: string };

/** What reading one file gives, before the parts of a story are joined. */
export type FileEvent =
  | { type: 'file'; path: string; kind: string }
  | { type: 'skipped'; skipped: Skipped }
  | { type: 'document'; path: string; source: string; work: ImportedWork; part: PartMarker | null; groupKey: string };

const HEAD_BYTES = 64 * 1024;
/** A single story (a file, or one message of an mbox) larger than this is not a story. */
export const MAX_STORY_BYTES = 16 * 1024 * 1024;

// File system calls are synchronous on purpose: one small file at a time, a synchronous read is
// several times cheaper than the promise round trips, and nothing else runs in this process.

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** What a path is when it is neither a folder nor a regular file: never opened for reading. */
function specialKind(entry: Stats | Dirent): string | null {
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  return null;
}

function notRegular(path: string, kind: string): Skipped {
  return { source: path, reason: `not a regular file (${kind}): not read` };
}

/**
 * The walk of one run. Each real folder is read once (by its real path): two links to their own
 * folder otherwise made the walk exponential, and a folder reached twice gave its works twice.
 */
class Walk {
  private readonly folders = new Set<string>();

  *path(path: string): Generator<string | Skipped> {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      yield { source: path, reason: `cannot be read (${errorCode(error)})` };
      return;
    }
    if (stats.isDirectory()) yield* this.folder(path);
    else yield path;
  }

  private *folder(path: string): Generator<string | Skipped> {
    let entries: Dirent[] | null;
    let real: string;
    try {
      real = realpathSync.native(path);
      entries = this.folders.has(real) ? null : readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      yield { source: path, reason: `folder cannot be read (${errorCode(error)})` };
      return;
    }
    if (!entries) {
      yield { source: path, reason: `a link to a folder already read (${real}): not read again` };
      return;
    }
    this.folders.add(real);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) yield* this.folder(child);
      else if (entry.isFile()) yield child;
      else if (entry.isSymbolicLink()) yield* this.path(child);
      else {
        const kind = specialKind(entry);
        if (kind) yield notRegular(child, kind);
      }
    }
  }
}

/** Every file under the given files and folders, in a stable order, or why a path cannot be read. */
export function* walkPaths(paths: string[]): Generator<string | Skipped> {
  const walk = new Walk();
  for (const root of paths) yield* walk.path(root);
}

class NotRegularFile extends Error {
  constructor(readonly kind: string) {
    super(`not a regular file (${kind})`);
  }
}

// Without O_NONBLOCK, opening a named pipe waits for a writer, for ever. The descriptor is
// checked before anything is read from it, so a path swapped for a pipe after the walk is never read.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A descriptor of a regular file and its size; throws NotRegularFile for pipes, devices and sockets. */
function openRegular(path: string): { fd: number; size: number } {
  const fd = openSync(path, READ_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotRegularFile(specialKind(stats) ?? 'a folder');
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readHead(path: string): { head: Uint8Array; size: number } {
  const { fd, size } = openRegular(path);
  try {
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), size };
  } finally {
    closeSync(fd);
  }
}

/** The whole file, read again through a checked descriptor, within the story size limit. */
function readWhole(path: string): Uint8Array {
  const { fd, size } = openRegular(path);
  try {
    if (size > MAX_STORY_BYTES) throw new Error(`it grew to ${size} bytes while being read, too large for one story`);
    return new Uint8Array(readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

/** Archive databases and data files travel with the stories but are not stories themselves. */
function notFictionReason(head: string): string | null {
  const start = head.slice(0, 4096);
  // The test that is cheaper and rarely passes first (stories hold no SQL).
  if (/\b(CREATE TABLE|INSERT INTO)\b/i.test(start) && /^\s*(?:--\s*(?:MySQL dump|phpMyAdmin|Host:|Server version)|\/\*!\d+|CREATE TABLE\b|INSERT INTO\b|DROP TABLE\b)/im.test(start)) {
    return 'a database dump (such as eFiction), not a story file';
  }
  if (/^\s*%FILES\s*=\s*\(/m.test(start)) return 'an Automated Archive database (ARCHIVE_DB.pl), not a story file';
  if (/^\s*[[{]\s*["{[]/.test(start)) return 'a data file (JSON), not a story file';
  return null;
}

/** Reads one file: its kind, then each document in it, or why it gives none. Never throws. */
export async function* readFile(path: string, options: ImportOptions): AsyncGenerator<FileEvent> {
  let head: Uint8Array;
  let size: number;
  try {
    ({ head, size } = readHead(path));
  } catch (error) {
    const reason = error instanceof NotRegularFile ? notRegular(path, error.kind).reason : `cannot be read (${errorCode(error)})`;
    yield { type: 'skipped', skipped: { source: path, reason } };
    return;
  }
  if (size === 0) {
    yield { type: 'skipped', skipped: { source: path, reason: 'empty file' } };
    return;
  }
  const headText = Buffer.from(head).toString('latin1');
  const binaryAdapter = looksBinary(head) ? binaryAdapterFor(headText) : undefined;
  if (binaryAdapter === null) {
    yield { type: 'skipped', skipped: { source: path, reason: 'binary file, not text' } };
    return;
  }
  const notFiction = binaryAdapter ? null : notFictionReason(headText);
  if (notFiction) {
    yield { type: 'skipped', skipped: { source: path, reason: notFiction } };
    return;
  }
  const adapter = binaryAdapter ?? adapterFor(headText);
  if (adapter.kind !== 'mbox' && size > MAX_STORY_BYTES) {
    yield { type: 'skipped', skipped: { source: path, reason: `too large for one story (${size} bytes)` } };
    return;
  }
  yield { type: 'file', path, kind: adapter.kind };
  const file: SourceFile = {
    path,
    head: headText,
    size,
    maxBytes: MAX_STORY_BYTES,
    readAll: async () => (size <= HEAD_BYTES ? head : readWhole(path)),
    // A file that fits in its head is read already: a stream opened on it again cost about
    // 0.4 ms an mbox file (a twentieth of the parser's time on the benchmark's files).
    stream: () => (size <= HEAD_BYTES ? [Buffer.from(head.buffer, head.byteOffset, head.byteLength)] : createReadStream(path, { fd: openRegular(path).fd, highWaterMark: HEAD_BYTES })),
  };
  // Only the time this file's reading runs counts: not the time its events wait to be taken.
  const budget = new FileBudget(options.fileSeconds ?? DEFAULT_FILE_SECONDS);
  let failure: FileEvent | null = null;
  try {
    for await (const item of adapter.read(file)) {
      budget.check();
      let event: FileEvent;
      if ('reason' in item) event = { type: 'skipped', skipped: item };
      else if ('work' in item) event = { type: 'document', path, source: item.source, work: item.work, part: null, groupKey: '' };
      else {
        const result = readDocument(item, options, budget);
        event = result.kind === 'skipped' ? { type: 'skipped', skipped: result.skipped } : { type: 'document', path, source: item.source, work: result.work, part: result.part, groupKey: result.groupKey };
      }
      budget.pause();
      yield event;
      budget.resume();
    }
  } catch (error) {
    const reason = error instanceof FileTimeExceeded ? overBudgetReason(error.seconds) : couldNotParse(error);
    failure = { type: 'skipped', skipped: { source: path, reason } };
  }
  if (failure) yield failure;
}

function couldNotParse(error: unknown): string {
  return `could not be parsed (${(error as Error).message})`;
}

/**
 * Joins the parts of stories across files, in walk order: the second half of the pipeline. A
 * file whose parts cannot be joined is reported like one that could not be parsed, and the
 * rest of its documents are left out.
 */
export async function* joinParts(events: AsyncIterable<FileEvent>): AsyncGenerator<ParseEvent> {
  const assembler = new PartAssembler();
  const run = new PostRun();
  let failed: string | null = null;
  for await (const event of events) {
    if (event.type !== 'document') {
      if (event.type === 'file') for (const held of run.release()) yield* joinOne(held);
      yield event;
      continue;
    }
    if (event.path === failed) continue;
    const released = run.offer(event);
    for (const held of released) yield* joinOne(held);
  }
  for (const held of run.release()) yield* joinOne(held);
  for (const work of assembler.flush()) yield consented(work);

  function* joinOne(event: DocumentEvent): Generator<ParseEvent> {
    if (event.path === failed) return;
    let joined: ParseEvent | null;
    try {
      joined = joinPart(event, assembler);
    } catch (error) {
      failed = event.path;
      joined = { type: 'skipped', skipped: { source: event.path, reason: couldNotParse(error) } };
    }
    if (joined) yield joined.type === 'work' ? consented(joined.work) : joined;
  }
}

/**
 * A work whose author refused archiving is left out whole: the refusal is often written once, in
 * the first of several posts, so it is read after the parts are joined.
 */
function consented(work: ImportedWork): ParseEvent {
  if (work.archiveConsent !== 'no') return { type: 'work', work };
  return { type: 'skipped', skipped: { source: work.sources[0] ?? '', reason: 'its author asked not to archive or redistribute it: not imported' } };
}

type DocumentEvent = Extract<FileEvent, { type: 'document' }>;

/**
 * Posts of one file that carry no part numbers but follow one another (a digest or a reader's
 * file of a story's parts, each post under its own header): a post by the same sender that names
 * no other title continues the story of the post before it, in file order.
 */
class PostRun {
  private held: DocumentEvent[] = [];

  /** Takes a document; gives back those now out of the run, to be joined as before. */
  offer(event: DocumentEvent): DocumentEvent[] {
    const last = this.held[this.held.length - 1];
    const runTitle = this.held.map((e) => titleOfKey(e.groupKey)).find(Boolean) ?? '';
    if (last && continuesPost(last, runTitle, event)) {
      this.held.push(event);
      return [];
    }
    const out = this.release();
    if (event.part === null && /#\d+$/.test(event.source)) this.held = [event];
    else out.push(event);
    return out;
  }

  release(): DocumentEvent[] {
    const held = this.held;
    this.held = [];
    if (held.length <= 1) return held;
    const first = held[0] as DocumentEvent;
    const work = mergeParts(held.map((e) => e.work), null, []);
    // A later post without a byline falls back on its sender, who may only have posted it:
    // the first byline of the run names the author.
    work.creators = held.find((e) => e.work.creators.length > 0)?.work.creators ?? [];
    return [{ ...first, work }];
  }
}

const titleOfKey = (key: string) => key.slice(0, key.lastIndexOf('|'));

/** `runTitle`: the first title of the run, which a later post must repeat or leave out. */
function continuesPost(previous: DocumentEvent, runTitle: string, next: DocumentEvent): boolean {
  if (next.part !== null || previous.path !== next.path) return false;
  const sender = (key: string) => key.slice(key.lastIndexOf('|') + 1);
  if (sender(previous.groupKey) === '' || sender(previous.groupKey) !== sender(next.groupKey)) return false;
  const title = titleOfKey(next.groupKey);
  return title === '' || runTitle === '' || title === runTitle;
}

function joinPart(event: Extract<FileEvent, { type: 'document' }>, assembler: PartAssembler): ParseEvent | null {
  if (!event.part) return { type: 'work', work: event.work };
  const assembled = assembler.add(event.groupKey, event.work, event.part);
  if (assembled.kind === 'complete') return { type: 'work', work: assembled.work };
  if (assembled.kind === 'duplicate') return { type: 'skipped', skipped: { source: event.source, reason: assembled.reason } };
  return null;
}

async function* readInline(paths: string[], options: ImportOptions): AsyncGenerator<FileEvent> {
  for (const entry of walkPaths(paths)) {
    if (typeof entry !== 'string') yield { type: 'skipped', skipped: entry };
    else yield* readFile(entry, options);
  }
}

export interface ParseRunOptions {
  /** Worker threads to read files in; 0 reads them here. See parse.pool.ts. */
  workers?: number;
  /** Files there must be at least before workers are started (default WORKERS_FROM_FILES). */
  workersFrom?: number;
  /** Files read here while the workers start (see parse.pool.ts). */
  headFiles?: number;
  /** Files handed to each worker ahead of the main thread, and works of a file read ahead here (see parse.pool.ts). */
  filesInFlight?: number;
  worksReadAhead?: number;
  /** A module the workers load to prepare each whole work for its caller (see prepared.ts). */
  prepare?: string;
  /** What each worker did, when it stops. */
  onWorkerStats?: ((stats: WorkerStats) => void) | undefined;
}

/** Every work found under the given files and folders, as a stream of events. */
export async function* parsePaths(paths: string[], options: ImportOptions = {}, run: ParseRunOptions = {}): AsyncGenerator<ParseEvent> {
  if (!run.workers) {
    yield* joinParts(readInline(paths, options));
    return;
  }
  const { readInWorkers } = await import('./parse.pool.ts');
  yield* joinParts(readInWorkers(walkPaths(paths), options, { ...run, workers: run.workers }));
}
