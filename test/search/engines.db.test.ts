import { beforeAll, describe, expect, it } from 'vitest';
import { reindexAllWorks } from '../../src/search/search-index.repository.ts';
import { searchArchive } from '../../src/search/search.service.ts';
import type { SearchSort } from '../../src/search/search.types.ts';
import type { NewWorkInput } from '../../src/works/work.types.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// The same corpus and the same expected answers on both engines: this file runs once on
// SQLite (FTS5) and once on PostgreSQL (tsvector), so passing twice means both engines
// return the same works, in the same order where the order is defined.

const server = useTestServer();
const ids = new Map<string, number>();

const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });

const CORPUS: [key: string, overrides: Partial<NewWorkInput>][] = [
  ['meteor', { title: 'Meteor Shower', chapter: chapter('The green rock fell from the sky.'), freeforms: ['Kryptonite'] }],
  ['garden', { title: 'Garden Party', chapter: chapter('A rock, green with moss, sat in the garden.') }],
  ['society', { title: 'Café Society', chapter: chapter('They met at the cafe every morning. Angst followed them home.'), freeforms: ['Angst'] }],
  ['racer', { title: 'Cafe Racer', chapter: chapter('The café on the corner served dragons and tea to the hurt-comfort crowd.') }],
  ['tales', { title: 'Dragon Tales', chapter: chapter('One dragon slept under the mountain.'), relationships: ['Clark Kent/Lex Luthor'] }],
  ['falls', { title: 'Krypton Falls', summary: 'Lex builds something terrible.', chapter: chapter('Kryptonian technology hummed in the lab.') }],
  ['king', { title: 'Top of the World', chapter: chapter('He was king of the hill at last, and the rain stopped.') }],
  ['hill', { title: 'Standing Tall', chapter: chapter('The king stood alone on a hill while the rain fell.') }],
  ['naive', { title: 'Naïve Hearts', chapter: chapter('She was naive about the city, and about Müller too.') }],
];

beforeAll(async () => {
  const author = await makeUser(server.ctx);
  const lexie: TestUser = await makeUser(server.ctx, { login: 'lexie_w' });
  for (const [key, overrides] of CORPUS) ids.set(key, await makeWork(server.ctx, author, overrides));
  ids.set('quiet', await makeWork(server.ctx, lexie, { title: 'Quiet Night', chapter: chapter('Nothing happens, gently.') }));
  await reindexAllWorks(server.ctx.db.kysely);
});

async function found(q: string, sort?: SearchSort): Promise<string[]> {
  const outcome = await searchArchive(server.ctx.db, { q, sort: sort ?? null, page: 1 }, 'members');
  if (!outcome.ok) throw new Error(`${q}: ${outcome.errors}`);
  const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
  return outcome.value.results.works.map((w) => keyOf.get(w.id) ?? `#${w.id}`);
}

describe('the same answers on both engines', () => {
  // Sets, where the engines' relevance scores may tie or differ in detail.
  const sets: [query: string, expected: string[]][] = [
    ['"green rock"', ['meteor']],
    ['green rock', ['meteor', 'garden']],
    ['kryp*', ['meteor', 'falls']],
    ['"green ro*"', ['meteor']],
    ['rock -moss', ['meteor']],
    ['cafe', ['society', 'racer']],
    ['café', ['society', 'racer']],
    ['CAFÉ -tag:angst', ['racer']],
    ['dragons', ['racer', 'tales']],
    ['dragon', ['racer', 'tales']],
    ['title:dragon', ['tales']],
    ['tag:"Clark Kent/Lex Luthor"', ['tales']],
    ['creator:lexie', ['quiet']],
    ['-creator:lexie gently', []],
    ['summary:lex', ['falls']],
    ['lex -tag:"Clark Kent/Lex Luthor"', ['falls']],
    ['title:"krypton falls"', ['falls']],
    ['"king of the hill"', ['king']],
    ['king hill', ['king', 'hill']],
    ['"hurt comfort"', ['racer']],
    ['"comfort crowd"', ['racer']],
    ['naïve muller', ['naive']],
    ['rain -"king of the hill"', ['hill']],
    ['rock -"green rock"', ['garden']],
    ['"rock green"', ['garden']],
    ['"king of"', ['king']],
    ['title:"krypton technology"', []],
    ['"krypton technology" -title:falls', []],
    ['nothingatall', []],
  ];
  for (const [query, expected] of sets) {
    it(`finds ${expected.join(', ') || 'nothing'} for ${query}`, async () => {
      expect((await found(query)).sort()).toEqual([...expected].sort());
    });
  }

  it('ranks a title match above a match in the text alone', async () => {
    expect(await found('dragon')).toEqual(['tales', 'racer']);
    expect(await found('krypton*')).toEqual(['falls', 'meteor']);
  });

  it('orders by title, words and update the same way', async () => {
    expect(await found('cafe', 'title')).toEqual(['racer', 'society']);
    expect(await found('rain', 'words')).toEqual(['king', 'hill']);
    expect(await found('rock', 'updated')).toEqual(['garden', 'meteor']);
    expect(await found('rock', 'posted')).toEqual(['garden', 'meteor']);
  });

  it('lists every visible work by update without text', async () => {
    const all = await found('');
    expect(all).toHaveLength(CORPUS.length + 1);
    expect(all[0]).toBe('quiet');
  });
});
