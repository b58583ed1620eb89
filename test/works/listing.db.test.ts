import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllFilters } from '../../src/tags/filter.repository.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let author: TestUser;
const ids: Record<string, number> = {};

function workIds(html: string): number[] {
  return [...html.matchAll(/<li class="blurb" id="work_(\d+)"/g)].map((m) => Number(m[1]));
}

async function listed(path: string, agent = server.agent()): Promise<number[]> {
  const response = await agent.get(path);
  expect(response.status, path).toBe(200);
  return workIds(await response.text());
}

beforeAll(async () => {
  author = await makeUser(server.ctx, { login: 'zed_writer' });
  const other = await makeUser(server.ctx, { login: 'amy_writer' });
  const day = (d: number) => new Date(Date.UTC(2020, 0, d)).toISOString();
  const at = (d: number) => () => new Date(Date.UTC(2020, 0, d));
  const post = async (name: string, d: number, overrides: Parameters<typeof makeWork>[2], by = author) => {
    const clock = server.ctx.now;
    server.ctx.now = at(d);
    ids[name] = await makeWork(server.ctx, by, overrides);
    server.ctx.now = clock;
    void day;
  };
  await post('angst', 1, { title: 'The Angst', freeforms: ['Angst'], relationships: ['Clark Kent/Lex Luthor'], rating: 'Mature' });
  await post('fluff', 2, { title: 'Fluff Piece', freeforms: ['Fluff'], relationships: ['Clex'], language: 'fr' });
  await post('both', 3, { title: 'Both Ways', freeforms: ['Angst', 'Fluff'], isComplete: true, expectedChapters: null, chapter: { title: null, summary: null, notes: null, endNotes: null, text: 'word '.repeat(500) } }, other);
  await post('cross', 4, { title: 'Crossing Over', fandoms: ['Smallville', 'Stargate SG-1'], expectedChapters: 3 });
  await post('secret', 5, { title: 'Members Only', isRestricted: true });
  await post('draft', 6, { title: 'Not Yet', asDraft: true });
  // Wrangling: "Clex" is a synonym of the canonical pairing, Smallville sits under DCU.
  const db = server.ctx.db.kysely;
  const tag = (name: string) => db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  const canonical = await tag('Clark Kent/Lex Luthor');
  await db.updateTable('tags').set({ isCanonical: 1 }).where('id', '=', canonical.id).execute();
  await db.updateTable('tags').set({ mergerId: canonical.id }).where('name', '=', 'Clex').execute();
  const dcu = (await db.insertInto('tags').values({ type: 'Fandom', name: 'DCU', nameKey: 'dcu', urlName: 'DCU', isCanonical: 1, createdAt: day(1) }).returning('id').executeTakeFirstOrThrow()).id;
  const smallville = await tag('Smallville');
  await db.updateTable('tags').set({ isCanonical: 1 }).where('id', '=', smallville.id).execute();
  await db.insertInto('metaTags').values({ subTagId: smallville.id, metaTagId: dcu }).execute();
  await rebuildAllFilters(db);
});

describe('listings', () => {
  it('find works tagged with a synonym under the canonical tag', async () => {
    expect(await listed('/tags/Clark%20Kent*s*Lex%20Luthor/works')).toEqual([ids.fluff, ids.angst]);
    const synonym = await server.agent().get('/tags/Clex/works');
    expect(synonym.status).toBe(302);
    expect(synonym.headers.get('location')).toBe('/tags/Clark%20Kent*s*Lex%20Luthor/works');
    expect(await listed('/works?include=Clark+Kent%2FLex+Luthor')).toEqual([ids.fluff, ids.angst]);
  });

  it('find works under a metatag', async () => {
    expect((await listed('/tags/DCU/works')).sort()).toEqual([ids.angst, ids.fluff, ids.both, ids.cross].sort());
  });

  it('include and exclude in combination', async () => {
    expect(await listed('/works?include=Angst')).toEqual([ids.both, ids.angst]);
    expect(await listed('/works?include=Angst&exclude=Fluff')).toEqual([ids.angst]);
    expect(await listed('/works?include=Angst&include=Fluff')).toEqual([ids.both]);
    expect(await listed('/tags/Smallville/works?exclude=Angst&exclude=Fluff')).toEqual([ids.cross]);
    expect(await listed('/works?exclude=Mature')).not.toContain(ids.angst);
  });

  it('filter by language, completion, crossovers, words and dates', async () => {
    expect(await listed('/works?language=fr')).toEqual([ids.fluff]);
    expect(await listed('/works?complete=false')).toEqual([ids.cross]);
    expect(await listed('/works?crossover=only')).toEqual([ids.cross]);
    expect(await listed('/works?crossover=exclude')).not.toContain(ids.cross);
    expect(await listed('/works?words_from=100')).toEqual([ids.both]);
    expect(await listed('/works?updated_from=2020-01-02&updated_to=2020-01-03')).toEqual([ids.both, ids.fluff]);
    expect(await listed('/works?posted_to=2020-01-01')).toEqual([ids.angst]);
  });

  it('sort by each key', async () => {
    expect(await listed('/works?sort=title')).toEqual([ids.angst, ids.both, ids.cross, ids.fluff]);
    // Ties (one creator's works) fall back to the id, in the sort's direction.
    expect(await listed('/works?sort=creator')).toEqual([ids.both, ids.angst, ids.fluff, ids.cross]);
    expect((await listed('/works?sort=words'))[0]).toBe(ids.both);
    expect(await listed('/works?sort=posted&order=asc')).toEqual([ids.angst, ids.fluff, ids.both, ids.cross]);
    await server.ctx.db.kysely.updateTable('works').set({ kudosCount: 5, commentCount: 3, bookmarkCount: 2, hitCount: 90 }).where('id', '=', ids.fluff!).execute();
    for (const sort of ['kudos', 'comments', 'bookmarks', 'hits']) expect((await listed(`/works?sort=${sort}`))[0], sort).toBe(ids.fluff);
  });

  it('hide drafts always and restricted works from anonymous readers', async () => {
    expect(await listed('/works')).not.toContain(ids.draft);
    expect(await listed('/works')).not.toContain(ids.secret);
    const member = await server.agent().signInAs(author.id);
    expect(await listed('/works', member)).toContain(ids.secret);
    expect(await listed('/works', member)).not.toContain(ids.draft);
  });

  it('say which filters could not be used, and keep the rest', async () => {
    const response = await server.agent().get('/works?words_from=lots&include=No+Such+Tag&sort=sideways');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Use a whole number of words');
    expect(html).toContain('There is no tag called “No Such Tag”');
    expect(html).toContain('Choose a sort from the list.');
    expect(workIds(html)).toEqual([]);
  });

  it('show tag counts for the results', async () => {
    const html = await (await server.agent().get('/tags/Angst/works')).text();
    const filters = page(html);
    expect(filters.checked('exclude', 'Fluff')).toBe(false);
    expect(filters.text(`label[for="${filters.attr('input[name="exclude"][value="Fluff"]', 'id')}"]`)).toBe('Fluff (1)');
  });
});

describe('keyset pagination', () => {
  it('walks every page once, with the filters kept in the links', async () => {
    const writer = await makeUser(server.ctx);
    const posted: number[] = [];
    for (let i = 0; i < 25; i++) posted.push(await makeWork(server.ctx, writer, { title: `Paged ${i}`, freeforms: ['Paged'] }));
    const first = await (await server.agent().get('/tags/Paged/works?sort=title')).text();
    expect(first).toContain('25 works');
    const next = /rel="next" href="([^"]+)"/.exec(first)![1]!.replace(/&amp;/g, '&');
    expect(next).toContain('sort=title');
    const second = await listed(next);
    expect(second).toHaveLength(5);
    expect(new Set([...workIds(first), ...second]).size).toBe(25);
    expect(await listed('/tags/Paged/works?after=garbage')).toHaveLength(20);
  });
});

describe('the read API for listings', () => {
  it('takes the same filters and pages with a cursor', async () => {
    const first = await (await server.agent().get('/api/v1/works?include=Angst&sort=title')).json();
    expect(first.works.map((w: { id: number }) => w.id)).toEqual([ids.angst, ids.both]);
    expect(first.next).toBeNull();
    const paged = await (await server.agent().get('/api/v1/works?include=Paged')).json();
    expect(paged.works).toHaveLength(20);
    const rest = await (await server.agent().get(paged.next)).json();
    expect(rest.works).toHaveLength(5);
    expect(rest.next).toBeNull();
  });

  it('never lists restricted works, and refuses bad input with JSON', async () => {
    const member = await server.agent().signInAs(author.id);
    const body = await (await member.get('/api/v1/works')).json();
    expect(body.works.map((w: { id: number }) => w.id)).not.toContain(ids.secret);
    for (const query of ['words_from=many', 'include=No+Such+Tag', 'after=bogus']) {
      const response = await server.agent().get(`/api/v1/works?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message).toBeTruthy();
    }
  });
});

describe('a tag the archive does not know', () => {
  it('is named as unknown, with the filters kept', async () => {
    const response = await server.agent().get('/works?include=Unknown&complete=true');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('Nothing has been posted yet');
    expect(html).toContain('the tag “Unknown” is not known on the archive');
    const form = page(html);
    expect(form.attr('#filter-include', 'name')).toBe('include');
    expect(form.value('include')).toBe('Unknown');
    expect(form.checked('complete', 'true')).toBe(true);
  });
});
