import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileBudget, FileTimeExceeded } from './file.budget.ts';
import type { WorkerStats } from './parse.pool.ts';
import { parsePaths, type ParseEvent } from './parse.ts';

// A file over its time budget is reported and skipped, and the run goes on: in the main thread
// and in the parsing workers alike. A budget of a microsecond is spent by any file.
const folder = fileURLToPath(new URL('../../test/fixtures/imports/', import.meta.url));
const TINY = 0.000001;

async function collect(events: AsyncIterable<ParseEvent>) {
  const works: string[] = [];
  const files: string[] = [];
  const overBudget: string[] = [];
  for await (const event of events) {
    if (event.type === 'file') files.push(event.path);
    if (event.type === 'work') works.push(event.work.sources[0]!);
    if (event.type === 'skipped' && event.skipped.reason.startsWith('took longer than')) overBudget.push(event.skipped.source);
  }
  return { works, files, overBudget };
}

describe('the time budget of one file', () => {
  it('skips and reports each file over it, read here, and goes on to the next', async () => {
    const normal = await collect(parsePaths([folder]));
    expect(normal.overBudget).toEqual([]);
    expect(normal.works.length).toBeGreaterThan(3);
    const tiny = await collect(parsePaths([folder], { fileSeconds: TINY }));
    expect(tiny.works).toEqual([]);
    // Every file that is read at all (not the empty one) is reported, once, in walk order.
    expect(tiny.overBudget).toEqual(normal.files);
    expect(tiny.files).toEqual(normal.files);
  });

  it('does the same in the parsing workers', async () => {
    const normal = await collect(parsePaths([folder]));
    const stats: WorkerStats[] = [];
    const tiny = await collect(parsePaths([folder], { fileSeconds: TINY }, { workers: 1, workersFrom: 0, headFiles: 0, onWorkerStats: (s) => stats.push(s) }));
    expect(stats.reduce((sum, s) => sum + s.files, 0)).toBeGreaterThan(3);
    expect(tiny.works).toEqual([]);
    expect(tiny.overBudget).toEqual(normal.files);
  }, 60_000);

  it('counts only the time the file runs, not the time it waits to be taken', async () => {
    const budget = new FileBudget(0.05);
    budget.pause();
    await sleep(120);
    budget.resume();
    expect(() => budget.check()).not.toThrow();
    await sleep(120);
    expect(() => budget.check()).toThrow(FileTimeExceeded);
  });
});
