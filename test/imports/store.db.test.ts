import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertBatch } from '../../src/imports/import.repository.ts';
import { attachPrepared } from '../../src/legacy/prepared.ts';
import { workRows } from '../../src/imports/import.rows.ts';
import { storeGroup, type Batch } from '../../src/imports/import.store.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

// Works are stored a group per transaction; a work that fails must cost only itself.

const server = useTestServer();
let batch: Batch;

function work(title: string, text: string): ImportedWork {
  return {
    sources: [`${title}.txt`], title, creators: [`${title} Writer`], fandoms: ['Smallville'], rating: 'Not Rated',
    warnings: ['Choose Not To Use Archive Warnings'], categories: [], relationships: [], characters: [], freeforms: [`${title} Freeform`],
    summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null, series: null, status: 'unknown', form: 'story',
    chapters: [{ title: null, text, words: text.split(' ').length }], words: text.split(' ').length, archiveConsent: null,
    provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

beforeAll(async () => {
  const archivist = await makeUser(server.ctx, { role: 'archivist' });
  const id = await insertBatch(server.ctx.db.kysely, { archivistId: archivist.id, archiveName: null, listName: null, startedAt: new Date().toISOString() });
  batch = { id, archivistId: archivist.id, archive: null, list: null };
});

describe('storing a group of works', () => {
  it('stores the others when one work fails, and leaves nothing of that one', async () => {
    const broken = work('Broken Gate', 'The gate would not hold, whatever they tried.');
    // A chapter without a body breaks a NOT NULL constraint after the work's own row is in.
    attachPrepared(broken, { ...workRows(broken), chapters: [{ title: null, body: null as unknown as string, wordCount: 9 }] });
    const results = await storeGroup(server.ctx, batch, [
      { kind: 'work', work: work('Cellar Steps', 'They went down the cellar steps with one candle between them.') },
      { kind: 'skipped', skipped: { source: 'noise.dat', reason: 'binary file, not text' } },
      { kind: 'work', work: broken },
      { kind: 'work', work: work('Harvest Fair', 'The fair came to town the week the rain stopped.') },
      { kind: 'work', work: work('Cellar Steps', 'They went down the cellar steps with one candle between them.') },
    ], 5);
    expect(results.map((r) => (r.kind === 'work' ? r.outcome.kind : r.kind))).toEqual(['imported', 'skipped', 'skipped', 'imported', 'present']);
    const db = server.ctx.db.kysely;
    expect((await db.selectFrom('works').select('title').orderBy('id').execute()).map((w) => w.title)).toEqual(['Cellar Steps', 'Harvest Fair']);
    expect(await db.selectFrom('tags').select('id').where('name', '=', 'Broken Gate Freeform').execute()).toEqual([]);
    expect(await db.selectFrom('externalCreators').select('id').where('name', '=', 'Broken Gate Writer').execute()).toEqual([]);
    const skips = await db.selectFrom('importFlags').select(['source', 'detail']).where('batchId', '=', batch.id).where('workId', 'is', null).orderBy('id').execute();
    expect(skips.map((s) => s.source)).toEqual(['noise.dat', 'Broken Gate.txt']);
    expect(skips[1]!.detail).toMatch(/^could not be stored/);
    // Both stored works are listed under their tags and indexed for search.
    const filtered = await db.selectFrom('workFilters').select('workId').distinct().execute();
    expect(filtered).toHaveLength(2);
    const indexed = engineOf(server.ctx.db.kysely) === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from work_search`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from work_search`.execute(db);
    expect(Number(indexed.rows[0]!.n)).toBe(2);
  });
});
