import { closeSync, createReadStream, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PartAssembler } from './assemble.ts';
import { looksBinary } from './decode.ts';
import type { ImportedWork, ImportOptions, Skipped } from './import.types.ts';
import { adapterFor } from './source.registry.ts';
import type { SourceFile } from './source.types.ts';
import { readDocument } from './work.ts';

// The parse pipeline, streaming: files are read one at a time, messages of an mbox one at a time,
// and works are yielded as soon as they are whole. The dry run prints them; the real import (to
// come) stores them. Bad input is an event, never an exception.

export type ParseEvent =
  | { type: 'work'; work: ImportedWork }
  | { type: 'skipped'; skipped: Skipped }
  | { type: 'file'; path: string; kind: string };

const HEAD_BYTES = 64 * 1024;
// A single story file larger than this is not a story; mbox files may be any size (streamed).
const MAX_STORY_BYTES = 16 * 1024 * 1024;

// File system calls are synchronous on purpose: one small file at a time, a synchronous read is
// several times cheaper than the promise round trips, and nothing else runs in this process.

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function* walk(path: string): Generator<string | Skipped> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    yield { source: path, reason: `cannot be read (${errorCode(error)})` };
    return;
  }
  if (!isDirectory) {
    yield path;
    return;
  }
  yield* walkFolder(path);
}

function* walkFolder(path: string): Generator<string | Skipped> {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    yield { source: path, reason: `folder cannot be read (${errorCode(error)})` };
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* walkFolder(child);
    else if (entry.isFile()) yield child;
    else if (entry.isSymbolicLink()) yield* walk(child);
  }
}

function readHead(path: string): { head: Uint8Array; size: number } {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), size };
  } finally {
    closeSync(fd);
  }
}

/** Archive databases and data files travel with the stories but are not stories themselves. */
function notFictionReason(head: string): string | null {
  const start = head.slice(0, 4096);
  if (/^\s*(?:--\s*(?:MySQL dump|phpMyAdmin|Host:|Server version)|\/\*!\d+|CREATE TABLE\b|INSERT INTO\b|DROP TABLE\b)/im.test(start) && /\b(CREATE TABLE|INSERT INTO)\b/i.test(start)) {
    return 'a database dump (such as eFiction), not a story file';
  }
  if (/^\s*%FILES\s*=\s*\(/m.test(start)) return 'an Automated Archive database (ARCHIVE_DB.pl), not a story file';
  if (/^\s*[[{]\s*["{[]/.test(start)) return 'a data file (JSON), not a story file';
  return null;
}

export async function* parseFile(path: string, options: ImportOptions, assembler: PartAssembler): AsyncGenerator<ParseEvent> {
  let head: Uint8Array;
  let size: number;
  try {
    ({ head, size } = readHead(path));
  } catch (error) {
    yield { type: 'skipped', skipped: { source: path, reason: `cannot be read (${errorCode(error)})` } };
    return;
  }
  if (size === 0) {
    yield { type: 'skipped', skipped: { source: path, reason: 'empty file' } };
    return;
  }
  if (looksBinary(head)) {
    yield { type: 'skipped', skipped: { source: path, reason: 'binary file, not text' } };
    return;
  }
  const headText = Buffer.from(head).toString('latin1');
  const notFiction = notFictionReason(headText);
  if (notFiction) {
    yield { type: 'skipped', skipped: { source: path, reason: notFiction } };
    return;
  }
  const adapter = adapterFor(headText);
  if (adapter.kind !== 'mbox' && size > MAX_STORY_BYTES) {
    yield { type: 'skipped', skipped: { source: path, reason: `too large for one story (${size} bytes)` } };
    return;
  }
  yield { type: 'file', path, kind: adapter.kind };
  const file: SourceFile = {
    path,
    head: headText,
    size,
    readAll: async () => (size <= HEAD_BYTES ? head : new Uint8Array(readFileSync(path))),
    stream: () => createReadStream(path, { highWaterMark: HEAD_BYTES }),
  };
  try {
    for await (const item of adapter.read(file)) {
      if ('reason' in item) {
        yield { type: 'skipped', skipped: item };
        continue;
      }
      const result = readDocument(item, options);
      if (result.kind === 'skipped') yield { type: 'skipped', skipped: result.skipped };
      else if (result.part) {
        const assembled = assembler.add(result.groupKey, result.work, result.part);
        if (assembled.kind === 'complete') yield { type: 'work', work: assembled.work };
        else if (assembled.kind === 'duplicate') yield { type: 'skipped', skipped: { source: item.source, reason: assembled.reason } };
      } else yield { type: 'work', work: result.work };
    }
  } catch (error) {
    yield { type: 'skipped', skipped: { source: path, reason: `could not be parsed (${(error as Error).message})` } };
  }
}

/** Every work found under the given files and folders, as a stream of events. */
export async function* parsePaths(paths: string[], options: ImportOptions = {}): AsyncGenerator<ParseEvent> {
  const assembler = new PartAssembler();
  for (const root of paths) {
    for (const entry of walk(root)) {
      if (typeof entry !== 'string') yield { type: 'skipped', skipped: entry };
      else yield* parseFile(entry, options, assembler);
    }
  }
  for (const work of assembler.flush()) yield { type: 'work', work };
}
