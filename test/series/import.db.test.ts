import { beforeAll, describe, expect, it } from 'vitest';
import { insertBatch } from '../../src/imports/import.repository.ts';
import { storeGroup, type Batch } from '../../src/imports/import.store.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

// The importer's `series` field ({ title, position }) fills a series: a work joins the series of
// that title held by the same archivist pseud (named after its original creator), at its part.

const server = useTestServer();
let batch: Batch;
let archivist: TestUser;
let reader: TestUser;

function work(title: string, creator: string, series: ImportedWork['series']): ImportedWork {
  const text = `${title} began on a grey morning by the harbour wall.`;
  return {
    sources: [`${title}.txt`], title, creators: [creator], fandoms: ['Smallville'], rating: 'Not Rated',
    warnings: ['Choose Not To Use Archive Warnings'], categories: [], relationships: [], characters: [], freeforms: [],
    summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null, series, status: 'complete', form: 'story',
    chapters: [{ title: null, text, words: text.split(' ').length }], words: text.split(' ').length, archiveConsent: null,
    provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

const idOf = (results: Awaited<ReturnType<typeof storeGroup>>, i: number) => {
  const r = results[i]!;
  if (r.kind !== 'work' || r.outcome.kind !== 'imported') throw new Error(`not imported: ${JSON.stringify(r)}`);
  return r.outcome.workId;
};

beforeAll(async () => {
  archivist = await makeUser(server.ctx, { role: 'archivist' });
  reader = await makeUser(server.ctx);
  const id = await insertBatch(server.ctx.db.kysely, { archivistId: archivist.id, archiveName: null, listName: null, startedAt: new Date().toISOString() });
  batch = { id, archivistId: archivist.id, archive: null, list: null };
});

describe('importing works of a series', () => {
  it('joins each work to its creator’s series of that title, at its part, across groups', async () => {
    const db = server.ctx.db.kysely;
    const first = await storeGroup(server.ctx, batch, [
      { kind: 'work', work: work('Harbour Three', 'Wren Tallow', { title: 'Harbour Lights', position: 3 }) },
      { kind: 'work', work: work('Harbour One', 'Wren Tallow', { title: 'harbour lights', position: 1 }) },
      // Another creator's series of the same name is another series.
      { kind: 'work', work: work('Other Harbour', 'Ottoline Grey', { title: 'Harbour Lights', position: 1 }) },
      { kind: 'work', work: work('No Series', 'Wren Tallow', null) },
    ], 4);
    const second = await storeGroup(server.ctx, batch, [{ kind: 'work', work: work('Harbour Two', 'Wren Tallow', { title: 'Harbour Lights', position: 2 }) }, { kind: 'work', work: work('Harbour Later', 'Wren Tallow', { title: 'Harbour Lights', position: null }) }], 6);
    const [three, one, other, none] = [0, 1, 2, 3].map((i) => idOf(first, i));
    const [two, later] = [0, 1].map((i) => idOf(second, i));

    const parts = await db.selectFrom('serialWorks').select(['seriesId', 'workId', 'position']).orderBy('seriesId').orderBy('position').execute();
    const wren = parts.filter((p) => p.seriesId === parts.find((x) => x.workId === one)!.seriesId);
    expect(wren.map((p) => p.workId)).toEqual([one, two, three, later]);
    expect(parts.find((p) => p.workId === other)!.seriesId).not.toBe(wren[0]!.seriesId);
    expect(parts.some((p) => p.workId === none)).toBe(false);
    expect(await db.selectFrom('series').select('title').where('id', '=', wren[0]!.seriesId).executeTakeFirstOrThrow()).toEqual({ title: 'Harbour Lights' });

    // Imported works are for logged-in readers: so is their series, with the parts in order.
    const agent = await server.agent().signInAs(reader.id);
    const shown = page(await (await agent.get(`/series/${wren[0]!.seriesId}`)).text());
    expect(shown.all('li.blurb h3 a')).toEqual(['Harbour One', 'Harbour Two', 'Harbour Three', 'Harbour Later']);
    expect((await server.agent().get(`/series/${wren[0]!.seriesId}`)).status).toBe(303);
    const box = page(await (await agent.get(`/works/${two}`)).text());
    expect(box.text('nav.series-nav li')).toContain('Part 2 of Harbour Lights');
  });
});
