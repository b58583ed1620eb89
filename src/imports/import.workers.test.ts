import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contactsOf } from '../legacy/contacts.ts';
import { PREPARE_ROWS, rowsOf, workRows } from './import.rows.ts';
import type { WorkerStats } from '../legacy/parse.pool.ts';
import { parsePaths, type ParseEvent } from '../legacy/parse.ts';

// Reading files in worker threads must give exactly what reading them here gives: the same
// events in the same order (parts of a story joined the same way), the same private contacts,
// and rows that match the work they came with.
const fixtures = ['importer', 'imports'].map((name) => fileURLToPath(new URL(`../../test/fixtures/${name}/`, import.meta.url)));

async function collect(events: AsyncIterable<ParseEvent>) {
  const out: { event: string; contacts: unknown }[] = [];
  const works = [];
  for await (const event of events) {
    out.push({ event: JSON.stringify(event), contacts: event.type === 'work' ? contactsOf(event.work) : null });
    if (event.type === 'work') works.push(event.work);
  }
  return { out, works };
}

describe('reading files in worker threads', () => {
  it('gives the same events, in the same order, as reading them here', async () => {
    const here = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }));
    const stats: WorkerStats[] = [];
    const workers = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }, { workers: 2, workersFrom: 0, prepare: PREPARE_ROWS, onWorkerStats: (s) => stats.push(s) }));
    expect(workers.out).toEqual(here.out);
    expect(here.out.length).toBeGreaterThan(20);
    for (const work of workers.works) expect(rowsOf(work)).toEqual(workRows(work));
    expect(stats).toHaveLength(2);
    expect(stats.reduce((sum, s) => sum + s.files, 0)).toBeGreaterThan(15);
  }, 60_000);

  it('reads the first files here while the workers start, and the rest in them, in order', async () => {
    const here = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }));
    const stats: WorkerStats[] = [];
    const run = { workers: 1, workersFrom: 6, headFiles: 4, prepare: PREPARE_ROWS, onWorkerStats: (s: WorkerStats) => stats.push(s) };
    const mixed = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }, run));
    expect(mixed.out).toEqual(here.out);
    const allInWorkers: WorkerStats[] = [];
    await collect(parsePaths(fixtures, {}, { workers: 1, workersFrom: 0, onWorkerStats: (s) => allInWorkers.push(s) }));
    expect(stats.map((s) => s.files)).toEqual([allInWorkers[0]!.files - 4]);
  }, 60_000);

  it('reads later files here while the next is still in a worker, and hands them on in order', async () => {
    const here = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }));
    const stats: WorkerStats[] = [];
    // One file at a time in the worker, none read before it starts: this thread reads ahead
    // while the worker starts and while it reads. A file read ahead stops after one work and
    // the rest of it (the mbox's other messages) is read in its turn.
    const run = { workers: 1, workersFrom: 0, headFiles: 0, filesInFlight: 1, worksReadAhead: 1, prepare: PREPARE_ROWS, onWorkerStats: (s: WorkerStats) => stats.push(s) };
    const ahead = await collect(parsePaths(fixtures, { archive: 'Fixture Archive' }, run));
    expect(ahead.out).toEqual(here.out);
    const allInWorkers: WorkerStats[] = [];
    await collect(parsePaths(fixtures, {}, { workers: 1, workersFrom: 0, onWorkerStats: (s) => allInWorkers.push(s) }));
    expect(stats[0]!.files).toBeLessThan(allInWorkers[0]!.files);
  }, 60_000);

  it('reads few files here, without starting workers', async () => {
    const stats: WorkerStats[] = [];
    const { works } = await collect(parsePaths([fixtures[1]!], {}, { workers: 2, onWorkerStats: (s) => stats.push(s) }));
    expect(works.length).toBeGreaterThan(0);
    expect(stats).toEqual([]);
  });
});
