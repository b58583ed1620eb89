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

/** Work ids found, in page order. */
async function found(q: string): Promise<number[]> {
  const response = await server.agent().get(`/api/v1/works/search?q=${encodeURIComponent(q)}&sort=title`);
  const body = (await response.json()) as { works?: { id: number }[]; error?: { message: string } };
  if (!body.works) throw new Error(`${q}: ${JSON.stringify(body)}`);
  return body.works.map((w) => w.id);
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
