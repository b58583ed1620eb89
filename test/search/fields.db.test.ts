import { beforeAll, describe, expect, it } from 'vitest';
import { drainJobs, makeTag, makeUser, makeWork, type TestUser, wrangle } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// Field searches a new reader tries first: tag: with a tag's synonyms, creator: with one
// letter, title: with a common word.

const server = useTestServer();
let alice: TestUser;
let bob: TestUser;
const ids: Record<string, number> = {};

const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });

beforeAll(async () => {
  const stamp = Date.now().toString(36);
  alice = await makeUser(server.ctx, { login: `alice${stamp}` });
  bob = await makeUser(server.ctx, { login: `bob${stamp}` });
  await makeTag(server.ctx, 'Freeform', 'Hurt/Comfort', { canonical: true });
  ids.canonical = await makeWork(server.ctx, alice, { title: 'The Long Winter', freeforms: ['Hurt/Comfort'], chapter: chapter('Snow over the farm.') });
  ids.synonym = await makeWork(server.ctx, bob, { title: 'Bandages', freeforms: ['h/c'], chapter: chapter('A sprained ankle and soup.') });
  ids.otherSynonym = await makeWork(server.ctx, bob, { title: 'Fever Dream', freeforms: ['hurt and comfort'], chapter: chapter('Soup again, and snow.') });
  ids.unrelated = await makeWork(server.ctx, alice, { title: 'Theory of Everything', freeforms: ['Fluff'], chapter: chapter('Snow and physics.') });
  await wrangle(server.ctx, 'h/c', { synonymOf: 'Hurt/Comfort' });
  await wrangle(server.ctx, 'hurt and comfort', { synonymOf: 'Hurt/Comfort' });
  await drainJobs(server.ctx);
});

/** Work ids found, in page order, and the count of all matches (the API, so public works only). */
async function search(q: string, query = '&sort=title'): Promise<{ ids: number[]; total: number }> {
  const response = await server.agent().get(`/api/v1/works/search?q=${encodeURIComponent(q)}${query}`);
  const body = (await response.json()) as { works?: { id: number }[]; total?: number; error?: { message: string } };
  if (!body.works) throw new Error(`${q}: ${JSON.stringify(body)}`);
  return { ids: body.works.map((w) => w.id), total: body.total! };
}

/** Work ids found, by title. */
async function found(q: string): Promise<number[]> {
  return (await search(q)).ids;
}

const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

describe('tag: in the search box', () => {
  it('finds what the tag page lists, for the canonical and each synonym', async () => {
    const tagPage = await (await server.agent().get('/tags/Hurt*s*Comfort/works')).text();
    const listed = Object.values(ids).filter((id) => tagPage.includes(`id="work_${id}"`));
    expect(sorted(listed)).toEqual(sorted([ids.canonical!, ids.synonym!, ids.otherSynonym!]));
    for (const q of ['tag:Hurt/Comfort', 'tag:h/c', 'tag:"hurt and comfort"', 'tag:"HURT/COMFORT"']) {
      expect(sorted(await found(q)), q).toEqual(sorted(listed));
    }
  });

  it('combines with words and exclusions', async () => {
    expect(sorted(await found('tag:h/c snow'))).toEqual(sorted([ids.canonical!, ids.otherSynonym!]));
    expect(sorted(await found('snow -tag:h/c'))).toEqual([ids.unrelated]);
    expect(sorted(await found('tag:Hurt/Comfort -soup'))).toEqual([ids.canonical]);
  });

  it('still searches the words of tags for a name that is no tag', async () => {
    expect(await found('tag:fluff')).toEqual([ids.unrelated]);
    expect(await found('tag:nosuchtag')).toEqual([]);
  });
});

describe('creator: and title:', () => {
  it('take a prefix of one letter in a field', async () => {
    expect(sorted(await found('creator:a*'))).toEqual(sorted([ids.canonical!, ids.unrelated!]));
    expect(sorted(await found('creator:b* snow'))).toEqual([ids.otherSynonym]);
  });

  it('find a common word in the title, not elsewhere', async () => {
    // "the" is in every work's text, and in only one title as a word ("Theory" is not "the").
    expect(await found('title:the')).toEqual([ids.canonical]);
    expect(await found('title:the snow')).toEqual([ids.canonical]);
    expect(sorted(await found('snow -title:the'))).toEqual(sorted([ids.otherSynonym!, ids.unrelated!]));
  });

});

describe('the count of results', () => {
  it('agrees in number when one work is found', async () => {
    const html = await (await server.agent().get('/works/search?q=physics')).text();
    expect(html).toContain('1–1 of 1 work<');
    const past = await (await server.agent().get('/works/search?q=physics&page=2')).text();
    expect(past).toContain('There is 1 work; this page is past the end.');
  });
});

// On PostgreSQL, ranked by relevance, a tag: term with words is checked against the ids the words match, in a
// subquery of its own (search.repository.ts); SQLite checks it against the works row. Either
// way: the same works and the same count, by any of the tag's names, in every order.
describe('tag: with a word', () => {
  const au: Record<string, number> = {};

  beforeAll(async () => {
    const carol = await makeUser(server.ctx, { login: `carol${Date.now().toString(36)}` });
    await makeTag(server.ctx, 'Freeform', 'Alternate Universe', { canonical: true });
    await makeTag(server.ctx, 'Freeform', 'Alternate Universe - Coffee Shop', { canonical: true });
    au.canonical = await makeWork(server.ctx, carol, { title: 'Window Light', freeforms: ['Alternate Universe'], chapter: chapter('A lantern in the window.') });
    au.synonym = await makeWork(server.ctx, carol, { title: 'Swinging', freeforms: ['AU'], chapter: chapter('The lantern swung.') });
    au.subtag = await makeWork(server.ctx, carol, { title: 'Coffee at Night', freeforms: ['Alternate Universe - Coffee Shop', 'Hospital'], chapter: chapter('Lantern light over the counter.') });
    au.untagged = await makeWork(server.ctx, carol, { title: 'Ward Nine', freeforms: ['Hospital'], chapter: chapter('A lantern by the bed.') });
    au.wordless = await makeWork(server.ctx, carol, { title: 'Dark Room', freeforms: ['AU'], chapter: chapter('No light at all.') });
    au.restricted = await makeWork(server.ctx, carol, { title: 'Members Only', freeforms: ['AU'], isRestricted: true, chapter: chapter('A lantern for members.') });
    await wrangle(server.ctx, 'AU', { synonymOf: 'Alternate Universe' });
    await wrangle(server.ctx, 'Alternate Universe - Coffee Shop', { isCanonical: true, metaTags: ['Alternate Universe'] });
    await drainJobs(server.ctx);
  });

  it('finds the works under the tag by any of its names, in every order', async () => {
    for (const name of ['"Alternate Universe"', 'AU', 'au']) {
      for (const sort of ['relevance', 'updated', 'title']) {
        const { ids: page, total } = await search(`tag:${name} lantern`, `&sort=${sort}`);
        expect(sorted(page), `${name} ${sort}`).toEqual(sorted([au.canonical!, au.synonym!, au.subtag!]));
        expect(total, `${name} ${sort}`).toBe(3);
      }
    }
    expect(await found('tag:AU lantern')).toEqual([au.subtag, au.synonym, au.canonical]);
    expect(sorted(await found('lantern'))).toEqual(sorted([au.canonical!, au.synonym!, au.subtag!, au.untagged!]));
  });

  it('combines with a second tag, an include filter and an excluded tag', async () => {
    expect(await found('tag:AU tag:Hospital lantern')).toEqual([au.subtag]);
    expect((await search('tag:AU lantern', '&include=Hospital')).ids).toEqual([au.subtag]);
    expect((await search('lantern', '&include=AU')).ids.sort()).toEqual(sorted([au.canonical!, au.synonym!, au.subtag!]).sort());
    expect((await search('tag:AU lantern', '&include=Fluff')).ids).toEqual([]);
    expect(await found('tag:AU lantern -tag:Hospital')).toEqual([au.synonym, au.canonical]);
  });
});
