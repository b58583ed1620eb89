import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createPseud } from '../../src/accounts/pseud.service.ts';
import { revealCollection } from '../../src/collections/collection.service.ts';
import type { Agent } from '../support/server.ts';
import { addToCollection, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// The walk of issue 15. An anonymous work in the data, as richly tied to its creator as the
// archive allows: posted under a pseud whose name is not the login, in a series with the
// creator's named work, filling a prompt of an anonymous prompt meme the creator claimed,
// commented on and bookmarked by the creator, bookmarked and given kudos by others, read
// (hits). Beside it an unrevealed work in an anonymous gift exchange. Every GET address the app
// has is walked (the list comes from the app's own routes, so a new page is walked without
// anyone remembering it) by a guest, a reader and the collections' owner: before the reveal
// neither the creator's login nor their pseud is on any page but the creator's own (whose
// address is the login), nor does any of those link the anonymous work; after it, the work's
// pages, blurbs, series, bookmarks, comments, API and feeds name them.

type Who = 'anonymous' | 'reader' | 'owner' | 'creator';
const OTHERS = ['anonymous', 'reader', 'owner'] as const;

const server = useTestServer();
let creator: TestUser;
let reader: TestUser;
let owner: TestUser;
let pseudName: string;
let anonWork: number;
let namedWork: number;
let tern: TestUser;
let ternAnonWork: number;
let ternSeriesId: number;
let unrevealedWork: number;
let seriesId: number;
let chapterId: number;
let promptId: number;
let ownCommentId: number;
let bookmarkIds: number[];
let itemIds: number[];
let meme: { id: number; name: string };
let exchange: { id: number; name: string };
const agents = {} as Record<Who, Agent>;

const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });
const db = () => server.ctx.db.kysely;

beforeAll(async () => {
  const tail = Math.floor(Math.random() * 1e6);
  creator = await makeUser(server.ctx, { login: `Quillwright${tail}` });
  reader = await makeUser(server.ctx);
  owner = await makeUser(server.ctx);
  // The creator's second account: kudos from it are just another reader's.
  const alt = await makeUser(server.ctx, { login: `Quillsecond${tail}` });
  pseudName = `Nightjar Pen${tail}`;
  expect((await createPseud(server.ctx, creator.id, { name: pseudName, description: '' })).ok).toBe(true);
  const pseud = await db().selectFrom('pseuds').select('id').where('userId', '=', creator.id).where('name', '=', pseudName).executeTakeFirstOrThrow();

  meme = await makeCollection(server.ctx, owner, { isAnonymous: true, challengeType: 'prompt_meme', title: 'Masque Meme' });
  exchange = await makeCollection(server.ctx, owner, { isAnonymous: true, isUnrevealed: true, challengeType: 'gift_exchange', title: 'Veil Exchange' });

  anonWork = await makeWork(server.ctx, creator, {
    title: 'Masked Heron',
    pseudIds: [pseud.id],
    fandoms: ['Masque Fandom'],
    freeforms: ['Masque tag'],
    series: { seriesId: null, newTitle: 'Heron Cycle', position: null },
    chapter: chapter('A heron in a mask waded the river.'),
  });
  seriesId = (await db().selectFrom('serialWorks').select('seriesId').where('workId', '=', anonWork).executeTakeFirstOrThrow()).seriesId;
  // A second creator with a named work and an anonymous one in one series: the named work's
  // pages, the series and the creator's pages must not lead to the anonymous part.
  tern = await makeUser(server.ctx, { login: `Ternwright${tail}` });
  namedWork = await makeWork(server.ctx, tern, { title: 'Open Tern', fandoms: ['Masque Fandom'], series: { seriesId: null, newTitle: 'Tern Cycle', position: null }, chapter: chapter('An open tern stood in plain sight.') });
  ternSeriesId = (await db().selectFrom('serialWorks').select('seriesId').where('workId', '=', namedWork).executeTakeFirstOrThrow()).seriesId;
  ternAnonWork = await makeWork(server.ctx, tern, { title: 'Masked Tern', fandoms: ['Masque Fandom'], series: { seriesId: ternSeriesId, newTitle: null, position: null }, chapter: chapter('A tern in a mask.') });
  unrevealedWork = await makeWork(server.ctx, creator, { title: 'Veiled Heron', pseudIds: [pseud.id], fandoms: ['Masque Fandom'], chapter: chapter('A heron behind a veil waited.') });
  itemIds = [await addToCollection(server.ctx, creator, anonWork, meme.name), await addToCollection(server.ctx, creator, unrevealedWork, exchange.name)];
  await addToCollection(server.ctx, tern, ternAnonWork, meme.name);
  const ternAgent = await server.agent().signInAs(tern.id);
  expect((await ternAgent.post(`/works/${ternAnonWork}/bookmarks`, { notes: 'Mine.', tags: '' })).status).toBe(303);
  chapterId = (await db().selectFrom('chapters').select('id').where('workId', '=', anonWork).executeTakeFirstOrThrow()).id;

  agents.anonymous = server.agent();
  agents.reader = await server.agent().signInAs(reader.id);
  agents.owner = await server.agent().signInAs(owner.id);
  agents.creator = await server.agent().signInAs(creator.id);
  const altAgent = await server.agent().signInAs(alt.id);

  // The reader's prompt, claimed and filled by the creator with the anonymous work.
  const posted = await agents.reader.post(`/collections/${meme.name}/prompts`, { title: 'A heron at dusk', description: 'Any heron.', tags: 'Herons' });
  promptId = Number(/prompts\/(\d+)/.exec(posted.headers.get('location') ?? '')![1]);
  expect((await agents.creator.post(`/collections/${meme.name}/prompts/${promptId}/claim`)).status).toBe(303);
  expect((await agents.creator.post(`/collections/${meme.name}/prompts/${promptId}/fill`, { workId: String(anonWork) })).status).toBe(303);

  expect((await agents.creator.post(`/works/${anonWork}/comments`, { body: 'Thank you all for reading the heron.' })).status).toBe(303);
  expect((await agents.reader.post(`/works/${anonWork}/comments`, { body: 'What a heron.' })).status).toBe(303);
  ownCommentId = (await db().selectFrom('comments').select('id').where('workId', '=', anonWork).where('userId', '=', creator.id).executeTakeFirstOrThrow()).id;
  for (const who of [agents.creator, agents.reader]) expect((await who.post(`/works/${anonWork}/bookmarks`, { notes: 'A fine heron.', tags: 'Herons' })).status).toBe(303);
  bookmarkIds = (await db().selectFrom('bookmarks').select('id').where('workId', '=', anonWork).orderBy('id').execute()).map((b) => b.id);
  expect(bookmarkIds).toHaveLength(2);
  for (const who of [agents.reader, altAgent]) expect((await who.post(`/works/${anonWork}/kudos`)).status).toBeLessThan(400);
  // The creator's own kudos are refused (as on AO3), and no visit by them counts: nothing to walk there.
  await agents.creator.post(`/works/${anonWork}/kudos`);
  for (const who of [agents.reader, agents.anonymous]) await who.get(`/works/${anonWork}`);
});

/**
 * What each route parameter is walked with. `login` and `pseud` are never the creator's here:
 * the creator's own pages carry the login in their address and are walked on their own below.
 */
function fills(path: string): Record<string, string[]> | null {
  const byPrefix = (prefix: string) => path.startsWith(prefix);
  const ids = byPrefix('/works/') || byPrefix('/api/v1/works/') ? [anonWork, unrevealedWork, ternAnonWork]
    : byPrefix('/series/') ? [seriesId]
    : byPrefix('/bookmarks/') ? bookmarkIds
    : byPrefix('/comments/') ? [ownCommentId]
    : byPrefix('/chapters/') ? [chapterId]
    : byPrefix('/collections/') ? [promptId]
    : byPrefix('/collection_items/') ? itemIds
    : null;
  return {
    login: [reader.login, owner.login],
    pseud: [reader.login],
    name: byPrefix('/collections/') ? [meme.name, exchange.name] : ['Masque Fandom', 'Masque tag', 'Herons'],
    chapterId: [String(chapterId)],
    what: ['works', 'creators'],
    ...(ids ? { id: ids.map(String) } : {}),
  };
}

/**
 * Routes not walked, each with its reason: they take a secret token, an import's own number or
 * a mailing list's slug, none of which show works of this data. A route added to the app that
 * needs a parameter the walk cannot fill fails the first test until it is filled or listed here.
 */
const NOT_WALKED: Record<string, string> = {
  '/confirm_email/:token': 'a secret token',
  '/users/password/reset/:token': 'a secret token',
  '/mail/unsubscribe/:token': 'a secret token',
  '/claims/:token': 'a secret token',
  '/lists/:slug': 'lists show no works of this data',
  '/lists/:slug/confirm/:token': 'a secret token',
  '/lists/:slug/posts/:id': 'lists show no works of this data',
  '/lists/:slug/feed.atom': 'lists show no works of this data',
  '/lists/:slug/announce': 'lists show no works of this data',
  '/imports/:id': 'an import batch; none in this data',
  '/imports/removals/:workId/delete': 'archivists only; imported works only',
  '/imports/removals/:workId/restore': 'archivists only; imported works only',
};

/** Addresses that are not a route's pattern: searches and filters by what could name the creator. */
function queries(): string[] {
  const [login, pseud] = [encodeURIComponent(creator.login), encodeURIComponent(pseudName)];
  return [
    '/works?sort=creator',
    '/works?include=Masque+Fandom',
    `/works?creator=${login}`,
    '/works/search?q=heron',
    `/works/search?q=${login}`,
    `/works/search?q=${pseud}`,
    `/works/search?q=creator:${login}`,
    '/api/v1/works/search?q=heron',
    `/api/v1/works/search?q=${login}`,
    `/api/v1/works/search?q=${pseud}`,
    `/collections/${meme.name}/works?sort=creator`,
    `/collections/${meme.name}/prompts?tag=Herons`,
    '/autocomplete/tags?term=Masque',
    '/bookmarks?q=heron',
  ];
}

function expand(pattern: string): string[] {
  const values = fills(pattern)!;
  let paths = [pattern];
  for (const [, name] of pattern.matchAll(/:(\w+)/g)) {
    paths = paths.flatMap((p) => values[name!]!.map((v) => p.replace(`:${name}`, encodeURIComponent(v))));
  }
  return paths;
}

function walkedPaths(): string[] {
  const patterns = [...new Set(createApp(server.ctx).routes.filter((r) => r.method === 'GET').map((r) => r.path))];
  const walked = patterns.filter((p) => !(p in NOT_WALKED) && !p.startsWith('/assets/'));
  return [...walked.flatMap(expand), ...queries()];
}

/** A creator's own pages, as others see them: under their login, for each of their pseuds. */
function pagesOf(user: TestUser, pseuds: string[]): string[] {
  const patterns = [...new Set(createApp(server.ctx).routes.filter((r) => r.method === 'GET').map((r) => r.path))];
  const theirs = patterns.filter((p) => p.startsWith('/users/:login'));
  const own = theirs.flatMap((p) => pseuds.map((pseud) => p.replace(':login', encodeURIComponent(user.login)).replace(':pseud', encodeURIComponent(pseud))));
  return [...new Set(own.flatMap(expand))];
}

async function text(agent: Agent, path: string): Promise<{ status: number; body: string }> {
  const response = await agent.get(path);
  return { status: response.status, body: await response.text() };
}

/** Every spelling of a name a page might carry: as typed, in an address, HTML-escaped. */
function spellings(name: string): string[] {
  return [name, encodeURIComponent(name), name.replace(/ /g, '+'), name.replace(/ /g, '&#32;')].map((s) => s.toLowerCase());
}

function namesCreator(body: string): string | null {
  const lower = body.toLowerCase();
  return [...spellings(creator.login), ...spellings(pseudName)].find((s) => lower.includes(s)) ?? null;
}

const linksWork = (body: string, id: number) => new RegExp(`/works/${id}(?![0-9])|id="work_${id}"`).test(body);
const linksSeries = (body: string, id: number) => new RegExp(`/series/${id}(?![0-9])`).test(body);
const echoesQuery = (path: string) => /[?&](q|creator)=/.test(path) && (path.includes(encodeURIComponent(creator.login)) || path.includes(encodeURIComponent(pseudName)));

describe('the walk', () => {
  it('fills every route the app has, or says why not', () => {
    const patterns = [...new Set(createApp(server.ctx).routes.filter((r) => r.method === 'GET').map((r) => r.path))];
    for (const pattern of patterns.filter((p) => !(p in NOT_WALKED))) {
      const values = fills(pattern)!;
      for (const [, name] of pattern.matchAll(/:(\w+)/g)) expect(values[name!], `${pattern}: nothing to fill :${name}`).toBeDefined();
    }
    expect(walkedPaths().length).toBeGreaterThan(150);
  });
});

describe('before the reveal', () => {
  for (const who of OTHERS) {
    it(`names neither the creator's login nor their pseud anywhere, to ${who}`, async () => {
      const leaks: string[] = [];
      const opened = new Set<string>();
      for (const path of walkedPaths()) {
        const { status, body } = await text(agents[who], path);
        expect(status, `${who} ${path}`).toBeLessThan(500);
        if (status === 200) opened.add(path);
        // A search for the login echoes it back as the query; that it finds nothing is checked below.
        if (echoesQuery(path)) continue;
        const found = namesCreator(body);
        if (found) leaks.push(`${path} (${found})`);
      }
      expect(leaks, who).toEqual([]);
      // The walk reached the pages that show the work and the creator's acts on it, not only 404s.
      const shown = [`/works/${anonWork}`, `/works/${anonWork}/comments`, `/works/${anonWork}/bookmarks`, `/comments/${ownCommentId}`, `/bookmarks/${bookmarkIds[1]}`, `/collections/${meme.name}/prompts/${promptId}`, `/collections/${meme.name}/works`, `/collections/${exchange.name}/works`, `/tags/Masque%20Fandom/works`, `/api/v1/works/${anonWork}`];
      expect(shown.filter((path) => !opened.has(path)), who).toEqual([]);
      expect(opened.size, who).toBeGreaterThan(60);
    });

    it(`leaves the anonymous works off their creators' own pages, the series and the named work's pages, for ${who}`, async () => {
      const leaks: string[] = [];
      const walk = async (paths: string[], id: number, ...words: string[]) => {
        for (const path of paths) {
          const { status, body } = await text(agents[who], path);
          expect(status, `${who} ${path}`).toBeLessThan(500);
          if (linksWork(body, id) || words.some((w) => body.includes(w))) leaks.push(path);
        }
      };
      // The creator has no other works: their fandom (and its count) on their pages would be the anonymous work's.
      await walk(pagesOf(creator, [creator.login, pseudName]), anonWork, 'Masked Heron', 'Masque Fandom', 'Masque tag', 'Heron Cycle');
      const named = [`/works/${namedWork}`, `/works/${namedWork}/navigate`, `/api/v1/works/${namedWork}`, `/works/${namedWork}/feed.atom`, `/series/${ternSeriesId}`, `/users/${tern.login}/series`];
      await walk([...pagesOf(tern, [tern.login]), ...named], ternAnonWork, 'Masked Tern');
      if (linksSeries((await text(agents[who], `/works/${ternAnonWork}`)).body, ternSeriesId)) leaks.push(`/works/${ternAnonWork} (series box)`);
      for (const path of [`/works/${ternAnonWork}`, `/works/${ternAnonWork}/navigate`, `/api/v1/works/${ternAnonWork}`, `/works/${ternAnonWork}/bookmarks`, `/works/${ternAnonWork}/feed.atom`]) {
        if ((await text(agents[who], path)).body.toLowerCase().includes(tern.login.toLowerCase())) leaks.push(path);
      }
      expect(leaks, who).toEqual([]);
    });

    it(`finds the anonymous work by its words, never by its creator's login or pseud, for ${who}`, async () => {
      const ids = async (path: string) => [...(await text(agents[who], path)).body.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]));
      expect(await ids('/works/search?q=heron')).toContain(anonWork);
      expect(await ids(`/works/search?q=${encodeURIComponent(creator.login)}`)).not.toContain(anonWork);
      expect(await ids(`/works/search?q=${encodeURIComponent(pseudName)}`)).not.toContain(anonWork);
    });

    it(`shows the creator's comment as "Anonymous Creator", and both bookmarks without the creator's, to ${who}`, async () => {
      const comments = (await text(agents[who], `/works/${anonWork}/comments`)).body;
      expect(comments).toContain('Thank you all for reading the heron.');
      expect(comments).toContain('Anonymous Creator');
      const work = (await text(agents[who], `/works/${anonWork}`)).body;
      expect(work).toContain('Masked Heron');
      expect(work).toContain('Anonymous');
    });
  }

  for (const who of [...OTHERS, 'creator'] as const) {
    it(`keeps the unrevealed work out of every listing for ${who}, and its page and API closed but to its creator`, async () => {
      const leaks: string[] = [];
      for (const path of walkedPaths()) {
        if (path.includes(`/${unrevealedWork}`)) continue;
        // The moderators review the items asked into their collection by title (never by creator).
        if (who === 'owner' && path.endsWith('/items')) continue;
        if ((await text(agents[who], path)).body.includes('Veiled Heron')) leaks.push(path);
      }
      expect(leaks, who).toEqual([]);
      expect((await agents[who].get(`/works/${unrevealedWork}`)).status).toBe(who === 'creator' ? 200 : 404);
      expect((await agents[who].get(`/api/v1/works/${unrevealedWork}`)).status).toBe(404);
    });
  }

  it('shows the creator their own name beside "Anonymous", and their anonymous work on their own page', async () => {
    const page = (await text(agents.creator, `/works/${anonWork}`)).body;
    expect(page).toContain('Anonymous [');
    expect(page).toContain(pseudName);
    expect(linksWork((await text(agents.creator, `/users/${encodeURIComponent(creator.login)}/works`)).body, anonWork)).toBe(true);
  });

  it('keeps an anonymous part in its series for its own creator and the administrators, and their own bookmark of it', async () => {
    const admin = await server.agent().signInAs((await makeUser(server.ctx, { role: 'admin' })).id);
    const ternAgent = await server.agent().signInAs(tern.id);
    for (const agent of [admin, ternAgent]) {
      const series = await text(agent, `/series/${ternSeriesId}`);
      expect(series.status).toBe(200);
      expect(linksWork(series.body, ternAnonWork)).toBe(true);
      expect(linksSeries((await text(agent, `/works/${ternAnonWork}`)).body, ternSeriesId)).toBe(true);
    }
    expect(linksWork((await text(agents.creator, `/users/${encodeURIComponent(creator.login)}/bookmarks`)).body, anonWork)).toBe(true);
    expect((await admin.get(`/bookmarks/${bookmarkIds[0]}`)).status).toBe(200);
    expect((await text(agents.creator, `/collections/${meme.name}/prompts/${promptId}`)).body).toContain(creator.login);
  });
});

describe('after the reveal', () => {
  beforeAll(async () => {
    for (const what of ['creators', 'works'] as const) {
      for (const collection of [meme, exchange]) expect((await revealCollection(server.ctx, 'system', collection.id, what)).ok).toBe(true);
    }
  });

  for (const who of [...OTHERS, 'creator'] as const) {
    it(`names the creator where they belong, for ${who}`, async () => {
      const [login, pseud] = [encodeURIComponent(creator.login), encodeURIComponent(pseudName)];
      const missing: string[] = [];
      for (const path of [
        '/works',
        `/works/${anonWork}`,
        `/works/${unrevealedWork}`,
        '/tags/Masque%20Fandom/works',
        `/collections/${meme.name}/works`,
        `/collections/${exchange.name}/works`,
        `/series/${seriesId}`,
        `/works/${anonWork}/bookmarks`,
        `/api/v1/works/${anonWork}`,
        `/works/${anonWork}/feed.atom`,
        '/tags/Masque%20Fandom/feed.atom',
      ]) {
        if (!(await text(agents[who], path)).body.includes(pseudName)) missing.push(path);
      }
      expect(missing, who).toEqual([]);
      const ids = async (path: string) => [...(await text(agents[who], path)).body.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]));
      expect(await ids(`/works/search?q=${login}`)).toEqual(expect.arrayContaining([anonWork, unrevealedWork]));
      expect(await ids(`/users/${login}/works`)).toEqual(expect.arrayContaining([anonWork, unrevealedWork]));
      expect(await ids(`/users/${login}/pseuds/${pseud}/works`)).toEqual(expect.arrayContaining([anonWork, unrevealedWork]));
      expect(linksWork((await text(agents[who], `/works/${namedWork}`)).body, ternAnonWork)).toBe(true);
      expect(linksWork((await text(agents[who], `/series/${ternSeriesId}`)).body, ternAnonWork)).toBe(true);
      expect(linksWork((await text(agents[who], `/users/${login}/bookmarks`)).body, anonWork)).toBe(true);
      expect(linksWork((await text(agents[who], `/bookmarks/${bookmarkIds[0]}`)).body, anonWork)).toBe(true);
      expect((await text(agents[who], `/collections/${meme.name}/prompts/${promptId}`)).body).toContain(creator.login);
      expect((await text(agents[who], `/works/${anonWork}/comments`)).body).not.toContain('Anonymous Creator');
      expect((await agents[who].get(`/works/${unrevealedWork}`)).status).toBe(200);
    });
  }
});
