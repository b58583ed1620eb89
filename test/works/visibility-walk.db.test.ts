import { beforeAll, describe, expect, it } from 'vitest';
import { requestRemoval } from '../../src/claims/claim.repository.ts';
import type { Agent } from '../support/server.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// Every GET address that shows works, walked by an anonymous visitor, a logged-in reader and
// the creator, over a public, a draft, a restricted and a hidden (removal requested) work:
// each work turns up exactly where work.visibility.ts says it belongs, and nowhere else.

type Kind = 'public' | 'draft' | 'restricted' | 'hidden';
type Who = 'anonymous' | 'reader' | 'creator';
const KINDS: Kind[] = ['public', 'draft', 'restricted', 'hidden'];
const WHO: Who[] = ['anonymous', 'reader', 'creator'];

const server = useTestServer();
let creator: TestUser;
let reader: TestUser;
const works = {} as Record<Kind, { id: number; chapterId: number; tag: string }>;
const agents = {} as Record<Who, Agent>;
const seriesIds = {} as Record<'all' | 'unseen', number>;

beforeAll(async () => {
  creator = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  for (const kind of KINDS) {
    const tag = `Walk ${kind} tag`;
    const id = await makeWork(server.ctx, creator, {
      title: `Zebra ${kind}`,
      fandoms: ['Walk Fandom'],
      freeforms: [tag],
      asDraft: kind === 'draft',
      isRestricted: kind === 'restricted',
      chapter: { title: null, summary: null, notes: null, endNotes: null, text: `A zebra crossed the ${kind} road.` },
    });
    const chapter = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', id).executeTakeFirstOrThrow();
    works[kind] = { id, chapterId: chapter.id, tag };
  }
  await requestRemoval(server.ctx.db.kysely, [works.hidden.id], new Date().toISOString());
  // A series of all four (src/series), and one of the draft and the hidden work alone.
  const now = new Date().toISOString();
  const series = async (title: string, kinds: Kind[]) => {
    const row = await server.ctx.db.kysely.insertInto('series').values({ title, titleKey: title.toLowerCase(), summary: null, notes: null, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
    await server.ctx.db.kysely.insertInto('serialWorks').values(kinds.map((k, i) => ({ seriesId: row.id, workId: works[k].id, position: i + 1, createdAt: now }))).execute();
    return row.id;
  };
  seriesIds.all = await series('Zebra Series', KINDS);
  seriesIds.unseen = await series('Zebra Unseen Series', ['draft', 'hidden']);
  agents.anonymous = server.agent();
  agents.reader = await server.agent().signInAs(reader.id);
  agents.creator = await server.agent().signInAs(creator.id);
});

/** Where each kind of work may be listed, for each viewer. */
const listedFor: Record<Who, Kind[]> = { anonymous: ['public'], reader: ['public', 'restricted'], creator: ['public', 'restricted'] };
/** The read API is public data only, whoever asks. */
const inApi: Kind[] = ['public'];

async function html(agent: Agent, path: string): Promise<string> {
  const response = await agent.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

function blurbIds(page: string): number[] {
  return [...page.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]));
}

const idsOf = (kinds: Kind[]) => kinds.map((k) => works[k].id).sort();
const ours = (ids: number[]) => ids.filter((id) => KINDS.some((k) => works[k].id === id)).sort();

describe('every address that lists works', () => {
  const pages = [
    '/',
    '/works',
    '/works?include=Walk+Fandom&sort=title',
    '/works?complete=true&words_from=1',
    '/tags/Walk%20Fandom/works',
    '/tags/Walk%20Fandom/works?sort=words&exclude=Nothing+Like+It',
    '/works/search?q=zebra',
    '/works/search?q=zebra&include=Walk+Fandom',
    '/works/search?include=Walk+Fandom',
  ];
  for (const who of WHO) {
    it(`lists to ${who} only what they may see`, async () => {
      const agent = agents[who];
      for (const path of pages) expect(ours(blurbIds(await html(agent, path))), `${who} ${path}`).toEqual(idsOf(listedFor[who]));
      const login = encodeURIComponent(creator.login);
      for (const path of [`/users/${login}`, `/users/${login}/works`, `/users/${login}/pseuds/${login}/works`, `/series/${seriesIds.all}`]) {
        expect(ours(blurbIds(await html(agent, path))), `${who} ${path}`).toEqual(idsOf(listedFor[who]));
      }
    });

    it(`counts and facets for ${who} only what they may see`, async () => {
      const page = await html(agents[who], '/tags/Walk%20Fandom/works');
      const count = listedFor[who].length;
      expect(page).toContain(`${count} ${count === 1 ? 'work' : 'works'}<`);
      for (const kind of KINDS) {
        const shown = listedFor[who].includes(kind);
        expect(page.includes(`value="${works[kind].tag}"`), `${who} facet of ${kind}`).toBe(shown);
      }
      const home = await html(agents[who], '/');
      expect(home, `${who} home fandom count`).toContain(`Walk Fandom</a> <span class="muted">(${count})`);
      const search = await html(agents[who], '/works/search?q=zebra');
      expect(search, `${who} search count`).toMatch(new RegExp(`\\b${count} (work|works|results?)\\b`));
    });

    it(`answers the read API for ${who} with public works only`, async () => {
      const agent = agents[who];
      for (const path of ['/api/v1/works', '/api/v1/works?include=Walk+Fandom', '/api/v1/works/search?q=zebra']) {
        const response = await agent.get(path);
        expect(response.status, path).toBe(200);
        const body = (await response.json()) as { works: { id: number }[] };
        expect(ours(body.works.map((w) => w.id)), `${who} ${path}`).toEqual(idsOf(inApi));
      }
      for (const kind of KINDS) {
        const { id, chapterId } = works[kind];
        const expected = inApi.includes(kind) ? 200 : 404;
        expect((await agent.get(`/api/v1/works/${id}`)).status, `${who} api ${kind}`).toBe(expected);
        expect((await agent.get(`/api/v1/works/${id}/chapters/${chapterId}`)).status, `${who} api chapter ${kind}`).toBe(expected);
      }
    });
  }
});

describe('every address of one work', () => {
  // 200: shown; 303: asked to log in; 404: not there.
  const expected: Record<Who, Record<Kind, number>> = {
    anonymous: { public: 200, draft: 404, restricted: 303, hidden: 404 },
    reader: { public: 200, draft: 404, restricted: 200, hidden: 404 },
    creator: { public: 200, draft: 200, restricted: 200, hidden: 200 },
  };
  for (const who of WHO) {
    it(`opens for ${who} only the works they may read`, async () => {
      for (const kind of KINDS) {
        const { id, chapterId } = works[kind];
        for (const path of [`/works/${id}`, `/works/${id}/chapters/${chapterId}`, `/works/${id}?view_full_work=true`, `/works/${id}/navigate`, `/works/${id}/tower`, `/works/${id}/kudos`, `/works/${id}/bookmarks`]) {
          const response = await agents[who].get(path);
          expect(response.status, `${who} ${path} (${kind})`).toBe(expected[who][kind]);
          const text = await response.text();
          if (response.status === 200) expect(text).toContain(`Zebra ${kind}`);
          else expect(text).not.toContain(`Zebra ${kind}`);
        }
      }
    });

    it(`shows ${who} a tag page only for a tag on a work listed to them`, async () => {
      for (const kind of KINDS) {
        const name = encodeURIComponent(works[kind].tag);
        const status = listedFor[who].includes(kind) ? 200 : 404;
        expect((await agents[who].get(`/tags/${name}`)).status, `${who} /tags of ${kind}`).toBe(status);
        expect((await agents[who].get(`/tags/${name}/works`)).status, `${who} /tags/…/works of ${kind}`).toBe(status);
        // A tag on hidden works alone reads like one that is not there at all.
        const filtered = await html(agents[who], `/works?include=${name}`);
        expect(filtered.includes(`There is no tag called “${works[kind].tag}”`), `${who} include ${kind}`).toBe(status === 404);
      }
      expect((await agents[who].get('/tags/Walk%20Fandom')).status).toBe(200);
    });
  }

  it('shows series of works nobody may see listed to nobody, and their parts only in their own box', async () => {
    const login = encodeURIComponent(creator.login);
    for (const who of WHO) {
      expect((await agents[who].get(`/series/${seriesIds.unseen}`)).status, `${who} unseen series`).toBe(404);
      const list = await html(agents[who], `/users/${login}/series`);
      expect(list, who).toContain('Zebra Series');
      expect(list, who).not.toContain('Zebra Unseen Series');
      for (const kind of KINDS) if (!listedFor[who].includes(kind)) expect(list, `${who} ${kind}`).not.toContain(`Zebra ${kind}`);
      // A part's page names as neighbours only parts listed to the viewer.
      const box = await html(agents[who], `/works/${works.public.id}`);
      for (const kind of KINDS) if (kind !== 'public' && !listedFor[who].includes(kind)) expect(box, `${who} box ${kind}`).not.toContain(`/works/${works[kind].id}"`);
    }
  });

  it('tells the creator that a draft or a hidden work is out of sight, and lists only drafts as drafts', async () => {
    expect(await html(agents.creator, `/works/${works.draft.id}`)).toContain('This is a draft');
    expect(await html(agents.creator, `/works/${works.hidden.id}`)).toContain('This work is hidden');
    const drafts = await html(agents.creator, `/users/${encodeURIComponent(creator.login)}/works/drafts`);
    expect(ours(blurbIds(drafts))).toEqual([works.draft.id]);
    expect((await agents.reader.get(`/users/${encodeURIComponent(creator.login)}/works/drafts`)).status).toBe(403);
  });

  it('opens a hidden work to administrators, who decide on removals', async () => {
    const admin = await makeUser(server.ctx, { role: 'admin' });
    const agent = await server.agent().signInAs(admin.id);
    expect(await html(agent, `/works/${works.hidden.id}`)).toContain('This work is hidden');
    expect(ours(blurbIds(await html(agent, '/works')))).toEqual(idsOf(['public', 'restricted']));
    expect((await agent.get(`/works/${works.draft.id}`)).status).toBe(404);
  });
});
