import { beforeAll, describe, expect, it } from 'vitest';
import { revealCollection } from '../../src/collections/collection.service.ts';
import type { Agent } from '../support/server.ts';
import { addToCollection, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// The walk of issue 15: an anonymous work (and an unrevealed one) in the data, every address
// that shows works walked by an anonymous visitor, a logged-in reader and the creator. Before
// the reveal the creator's login is found on no page but the creator's own; after it, the
// work's blurbs, page, search (by the creator's name), API and feeds name them.

type Who = 'anonymous' | 'reader' | 'creator';
const WHO: Who[] = ['anonymous', 'reader', 'creator'];

const server = useTestServer();
let creator: TestUser;
let owner: TestUser;
let anonWork: number;
let unrevealedWork: number;
let anonCollection: { id: number; name: string };
let unrevealedCollection: { id: number; name: string };
const agents = {} as Record<Who, Agent>;

beforeAll(async () => {
  creator = await makeUser(server.ctx, { login: `Quillwright${Math.floor(Math.random() * 1e6)}` });
  owner = await makeUser(server.ctx);
  anonCollection = await makeCollection(server.ctx, owner, { isAnonymous: true });
  unrevealedCollection = await makeCollection(server.ctx, owner, { isUnrevealed: true });
  const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });
  anonWork = await makeWork(server.ctx, creator, { title: 'Masked Heron', fandoms: ['Masque Fandom'], freeforms: ['Masque tag'], chapter: chapter('A heron in a mask waded the river.') });
  unrevealedWork = await makeWork(server.ctx, creator, { title: 'Veiled Heron', fandoms: ['Masque Fandom'], chapter: chapter('A heron behind a veil waited.') });
  await addToCollection(server.ctx, creator, anonWork, anonCollection.name);
  await addToCollection(server.ctx, creator, unrevealedWork, unrevealedCollection.name);
  agents.anonymous = server.agent();
  agents.reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
  agents.creator = await server.agent().signInAs(creator.id);
});

async function text(agent: Agent, path: string): Promise<{ status: number; body: string }> {
  const response = await agent.get(path);
  return { status: response.status, body: await response.text() };
}

const blurbIds = (page: string) => [...page.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]));

/** Addresses that show works, other than the creator's own pages (which carry the login in their address). */
function walkedPaths(): string[] {
  const login = encodeURIComponent(creator.login);
  return [
    '/',
    '/works',
    '/works?sort=creator',
    '/works?include=Masque+Fandom',
    '/tags/Masque%20Fandom',
    '/tags/Masque%20Fandom/works',
    '/tags/Masque%20tag/works',
    '/works/search?q=heron',
    `/works/search?q=${login}`,
    `/api/v1/works/search?q=${login}`,
    '/api/v1/works/search?q=heron',
    '/api/v1/works',
    `/api/v1/works/${anonWork}`,
    '/tags/Masque%20Fandom/feed.atom',
    `/works/${anonWork}`,
    `/works/${anonWork}?view_full_work=true`,
    `/works/${anonWork}/navigate`,
    `/works/${anonWork}/kudos`,
    `/works/${anonWork}/bookmarks`,
    `/works/${anonWork}/comments`,
    `/works/${anonWork}/feed.atom`,
    '/bookmarks',
  ];
}

describe('before the reveal', () => {
  for (const who of ['anonymous', 'reader'] as const) {
    it(`names the creator of an anonymous work nowhere to ${who}`, async () => {
      for (const path of walkedPaths()) {
        const { status, body } = await text(agents[who], path);
        expect(status, `${who} ${path}`).toBeLessThan(500);
        // A search for the login echoes it back as the query; that it finds nothing is checked below.
        if (path.includes(`q=${encodeURIComponent(creator.login)}`)) continue;
        expect(body.toLowerCase().includes(creator.login.toLowerCase()), `${who} ${path}`).toBe(false);
      }
      const work = await text(agents[who], `/works/${anonWork}`);
      expect(work.body).toContain('Masked Heron');
      expect(work.body).toContain('Anonymous');
    });

    it(`leaves the anonymous work off its creator's pages and counts for ${who}`, async () => {
      const login = encodeURIComponent(creator.login);
      for (const path of [`/users/${login}`, `/users/${login}/works`, `/users/${login}/pseuds/${login}`, `/users/${login}/works/feed.atom`, `/users/${login}/series`]) {
        const { body } = await text(agents[who], path);
        expect(body.includes('Masked Heron'), `${who} ${path}`).toBe(false);
        expect(blurbIds(body), `${who} ${path}`).not.toContain(anonWork);
      }
      expect((await text(agents[who], `/users/${login}/works`)).body).not.toContain('Masque tag');
    });

    it(`finds the anonymous work by its words, never by its creator's login, for ${who}`, async () => {
      expect(blurbIds((await text(agents[who], '/works/search?q=heron')).body)).toContain(anonWork);
      expect(blurbIds((await text(agents[who], `/works/search?q=${encodeURIComponent(creator.login)}`)).body)).not.toContain(anonWork);
    });
  }

  for (const who of WHO) {
    it(`keeps the unrevealed work out of every listing for ${who}, and its page a 404 but to its creator`, async () => {
      for (const path of walkedPaths()) expect((await text(agents[who], path)).body.includes('Veiled Heron'), `${who} ${path}`).toBe(false);
      expect((await agents[who].get(`/works/${unrevealedWork}`)).status).toBe(who === 'creator' ? 200 : 404);
      expect((await agents[who].get(`/api/v1/works/${unrevealedWork}`)).status).toBe(404);
    });
  }

  it('shows the creator their own name beside "Anonymous", and their anonymous work on their own page', async () => {
    const page = (await text(agents.creator, `/works/${anonWork}`)).body;
    expect(page).toContain('Anonymous [');
    expect(page).toContain(creator.login);
    expect(blurbIds((await text(agents.creator, `/users/${encodeURIComponent(creator.login)}/works`)).body)).toContain(anonWork);
  });
});

describe('after the reveal', () => {
  beforeAll(async () => {
    for (const what of ['creators', 'works'] as const) {
      for (const collection of [anonCollection, unrevealedCollection]) {
        const result = await revealCollection(server.ctx, 'system', collection.id, what);
        expect(result.ok).toBe(true);
      }
    }
  });

  for (const who of WHO) {
    it(`names the creator where they belong, for ${who}`, async () => {
      const login = encodeURIComponent(creator.login);
      for (const path of ['/works', `/works/${anonWork}`, '/tags/Masque%20Fandom/works', `/api/v1/works/${anonWork}`, `/works/${anonWork}/feed.atom`]) {
        expect((await text(agents[who], path)).body, `${who} ${path}`).toContain(creator.login);
      }
      expect(blurbIds((await text(agents[who], `/works/search?q=${login}`)).body)).toEqual(expect.arrayContaining([anonWork, unrevealedWork]));
      expect(blurbIds((await text(agents[who], `/users/${login}/works`)).body)).toEqual(expect.arrayContaining([anonWork, unrevealedWork]));
      expect((await agents[who].get(`/works/${unrevealedWork}`)).status).toBe(200);
    });
  }
});
