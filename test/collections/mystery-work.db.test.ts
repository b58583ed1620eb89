import { beforeAll, describe, expect, it } from 'vitest';
import { revealCollection } from '../../src/collections/collection.service.ts';
import type { Agent } from '../support/server.ts';
import { addToCollection, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// AO3's "Mystery Work": before its collection's reveal, a held-back work stands in the
// collection's listing as a placeholder (the collection and the date, nothing of the work), and
// its address says it is a mystery work, still a 404, to everyone but its creators and the
// administrators. After the reveal both are the work itself.

type Who = 'anonymous' | 'reader' | 'moderator' | 'creator' | 'admin';

const server = useTestServer();
let creator: TestUser;
let workId: number;
let collection: { id: number; name: string };
const agents = {} as Record<Who, Agent>;

beforeAll(async () => {
  creator = await makeUser(server.ctx, { login: `Lanternwright${Math.floor(Math.random() * 1e6)}` });
  const moderator = await makeUser(server.ctx);
  collection = await makeCollection(server.ctx, moderator, { title: 'Winter Lantern Swap', isUnrevealed: true, revealWorksAt: '2099-06-01' });
  workId = await makeWork(server.ctx, creator, {
    title: 'Secret Lantern',
    summary: 'A lantern kept in the dark.',
    fandoms: ['Lantern Fandom'],
    freeforms: ['Lantern tag'],
    chapter: { title: null, summary: null, notes: null, endNotes: null, text: 'The lantern glowed under the cloth.' },
  });
  await addToCollection(server.ctx, creator, workId, collection.name);
  agents.anonymous = server.agent();
  agents.reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
  agents.moderator = await server.agent().signInAs(moderator.id);
  agents.creator = await server.agent().signInAs(creator.id);
  agents.admin = await server.agent().signInAs((await makeUser(server.ctx, { role: 'admin' })).id);
});

async function text(agent: Agent, path: string): Promise<{ status: number; body: string }> {
  const response = await agent.get(path);
  return { status: response.status, body: await response.text() };
}

/** Nothing of the work itself: title, summary, tags, creator (but in the creator's own site menu), its number. */
function tellsNothingOfTheWork(body: string, who: Who): void {
  const secrets = ['Secret Lantern', 'A lantern kept in the dark', 'Lantern Fandom', 'Lantern tag', `/works/${workId}"`, `work_${workId}`];
  for (const secret of who === 'creator' ? secrets : [...secrets, creator.login]) expect(body).not.toContain(secret);
}

describe('before the reveal', () => {
  for (const who of ['anonymous', 'reader', 'moderator', 'creator', 'admin'] as const) {
    it(`shows a placeholder in the collection's listing, with its collection and date only, to ${who}`, async () => {
      const { status, body } = await text(agents[who], `/collections/${collection.name}/works`);
      expect(status).toBe(200);
      expect(body.match(/class="blurb mystery"/g) ?? []).toHaveLength(1);
      expect(body).toContain('Mystery Work');
      expect(body).toContain('Part of <a href="/collections/' + collection.name + '">Winter Lantern Swap</a>, to be revealed on 2099-06-01');
      tellsNothingOfTheWork(body, who);
    });
  }

  for (const who of ['anonymous', 'reader', 'moderator'] as const) {
    it(`answers the work's address with the mystery page, a 404 that names only the collection, to ${who}`, async () => {
      const { status, body } = await text(agents[who], `/works/${workId}`);
      expect(status).toBe(404);
      expect(body).toContain('Mystery Work');
      expect(body).toContain('Winter Lantern Swap');
      expect(body).toContain('2099-06-01');
      expect(body).toContain('<meta name="robots" content="noindex"');
      tellsNothingOfTheWork(body, who);
      // Its other addresses stay plain 404s, and the read API tells nothing.
      const index = await text(agents[who], `/works/${workId}/navigate`);
      expect(index.status).toBe(404);
      expect(index.body).not.toContain('Mystery Work');
      expect((await agents[who].get(`/api/v1/works/${workId}`)).status).toBe(404);
    });
  }

  for (const who of ['creator', 'admin'] as const) {
    it(`shows the work itself to ${who}`, async () => {
      const { status, body } = await text(agents[who], `/works/${workId}`);
      expect(status).toBe(200);
      expect(body).toContain('Secret Lantern');
      expect(body).not.toContain('Mystery Work');
    });
  }

  it('shows no placeholder in a collection that is not unrevealed, nor for a work it refused', async () => {
    const owner = await makeUser(server.ctx);
    const open = await makeCollection(server.ctx, owner);
    expect((await text(agents.anonymous, `/collections/${open.name}/works`)).body).not.toContain('Mystery Work');
    const draft = await makeWork(server.ctx, creator, { title: 'Draft Lantern', asDraft: true });
    const other = await makeCollection(server.ctx, owner, { isUnrevealed: true });
    await addToCollection(server.ctx, creator, draft, other.name);
    const shown = await text(agents.anonymous, `/collections/${other.name}/works`);
    expect(shown.body).not.toContain('Mystery Work');
    expect((await text(agents.anonymous, `/works/${draft}`)).body).not.toContain('Mystery Work');
  });
});

describe('after the reveal', () => {
  beforeAll(async () => {
    expect((await revealCollection(server.ctx, 'system', collection.id, 'works')).ok).toBe(true);
  });

  for (const who of ['anonymous', 'reader', 'moderator', 'creator', 'admin'] as const) {
    it(`lists the work itself and opens its page, to ${who}`, async () => {
      const listing = await text(agents[who], `/collections/${collection.name}/works`);
      expect(listing.body).not.toContain('Mystery Work');
      expect(listing.body).toContain(`id="work_${workId}"`);
      expect(listing.body).toContain('Secret Lantern');
      expect(listing.body).toContain(creator.login);
      const work = await text(agents[who], `/works/${workId}`);
      expect(work.status).toBe(200);
      expect(work.body).toContain('Secret Lantern');
      expect(work.body).not.toContain('Mystery Work');
    });
  }
});
