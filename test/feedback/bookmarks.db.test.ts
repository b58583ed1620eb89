import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
let other: TestUser;

const form = (overrides: Record<string, string> = {}) => ({ notes: '', tags: '', ...overrides });

async function bookmarkCount(workId: number): Promise<number> {
  const row = await server.ctx.db.kysely.selectFrom('works').select('bookmarkCount').where('id', '=', workId).executeTakeFirstOrThrow();
  return row.bookmarkCount;
}

/** Bookmarks a work and returns the new bookmark's id. */
async function bookmark(agent: Agent, workId: number, fields: Record<string, string> = {}): Promise<number> {
  const response = await agent.post(`/works/${workId}/bookmarks`, form(fields));
  expect(response.status, await response.clone().text()).toBe(303);
  return Number(/\/bookmarks\/(\d+)$/.exec(response.headers.get('location')!)![1]);
}

const text = async (agent: Agent, path: string) => (await agent.get(path)).text();

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  other = await makeUser(server.ctx);
});

describe('bookmarks', () => {
  it('of a work, with cleaned notes, the bookmarker’s tags and a recommendation, listed and counted', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Bookmarked Farm' });
    const agent = await server.agent().signInAs(reader.id);
    expect(await text(agent, `/works/${workId}`)).toContain(`href="/works/${workId}/bookmarks/new"`);
    expect((await agent.get(`/works/${workId}/bookmarks/new`)).status).toBe(200);
    const id = await bookmark(agent, workId, {
      notes: 'Loved it.\n\n<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a><b>bold</b>',
      tags: 'comfort read, Rain, comfort read',
      isRec: '1',
    });
    const page = await text(agent, `/bookmarks/${id}`);
    expect(page).toContain('Bookmark was successfully created.');
    expect(page).toContain('<p>Loved it.</p>');
    expect(page).toContain('<b>bold</b>');
    expect(page).not.toMatch(/<script>alert|onerror|javascript:alert/);
    expect(page).toContain('Recommended');
    expect(page).toContain(`href="/users/${reader.login}/bookmarks?bookmark_tag=comfort%20read"`);
    expect(await bookmarkCount(workId)).toBe(1);

    const anonymous = server.agent();
    const mine = await text(anonymous, `/users/${reader.login}/bookmarks`);
    expect(mine).toContain('Bookmarked Farm');
    expect(mine).toContain('1 bookmark<');
    expect(await text(anonymous, `/works/${workId}/bookmarks`)).toContain(`Bookmarked by <a href="/users/${reader.login}/bookmarks">${reader.login}</a>`);
    expect(await text(anonymous, `/works/${workId}`)).toContain(`<dt>Bookmarks:</dt><dd><a href="/works/${workId}/bookmarks">1</a></dd>`);
  });

  it('kept private are seen by their owner only and not counted', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Private Farm' });
    const agent = await server.agent().signInAs(reader.id);
    const id = await bookmark(agent, workId, { isPrivate: '1', notes: 'secret note' });
    expect(await bookmarkCount(workId)).toBe(0);
    expect(await text(agent, `/users/${reader.login}/bookmarks`)).toContain('Private bookmark');
    const others = await server.agent().signInAs(other.id);
    expect(await text(others, `/users/${reader.login}/bookmarks`)).not.toContain('Private Farm');
    expect(await text(others, `/works/${workId}/bookmarks`)).not.toContain('secret note');
    expect((await others.get(`/bookmarks/${id}`)).status).toBe(404);
    expect((await server.agent().get(`/bookmarks/${id}`)).status).toBe(404);
    // Made public, it counts.
    await agent.post(`/bookmarks/${id}/edit`, form({ notes: 'secret note' }));
    expect(await bookmarkCount(workId)).toBe(1);
  });

  it('once per work: the second is answered with a message and keeps what was typed', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    const id = await bookmark(agent, workId);
    const again = await agent.get(`/works/${workId}/bookmarks/new`);
    expect(again.headers.get('location')).toBe(`/bookmarks/${id}/edit`);
    const twice = await agent.post(`/works/${workId}/bookmarks`, form({ notes: 'typed again', tags: 'mine' }));
    expect(twice.status).toBe(422);
    const html = await twice.text();
    expect(html).toContain('You have already bookmarked this.');
    expect(html).toContain('typed again');
    expect(html).toContain('value="mine"');
    expect(await bookmarkCount(workId)).toBe(1);
  });

  it('answers bad input with a message and keeps what was typed', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    const long = await agent.post(`/works/${workId}/bookmarks`, form({ notes: 'n'.repeat(5001), tags: 'kept tag' }));
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toContain('use at most 5,000 characters');
    expect(html).toContain('value="kept tag"');
    const tooMany = await agent.post(`/works/${workId}/bookmarks`, form({ tags: Array.from({ length: 80 }, (_, i) => `t${i}`).join(',') }));
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain('Use at most 75 tags.');
    const external = await agent.post('/bookmarks', form({ url: 'javascript:alert(1)', title: 'Kept Title', creator: 'Someone' }));
    expect(external.status).toBe(422);
    const page = await external.text();
    expect(page).toContain('starting with http:// or https://');
    expect(page).toContain('value="Kept Title"');
    expect(page).toContain('value="Someone"');
    const untitled = await agent.post('/bookmarks', form({ url: 'https://example.org/story' }));
    expect(untitled.status).toBe(422);
    expect(await untitled.text()).toContain('Enter the story’s title.');
    expect(await bookmarkCount(workId)).toBe(0);
  });

  it('of a story on another site, by its address', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const created = await agent.post('/bookmarks', form({ url: 'https://example.org/fic/1', title: 'Elsewhere Story', creator: 'Far Author', summary: 'A <em>summary</em><script>x</script>', tags: 'offsite' }));
    expect(created.status).toBe(303);
    const list = await text(server.agent(), `/users/${reader.login}/bookmarks?bookmark_tag=offsite`);
    expect(list).toContain('<a href="https://example.org/fic/1" rel="nofollow ugc noopener noreferrer">Elsewhere Story</a>');
    expect(list).toContain('by Far Author');
    expect(list).toContain('<em>summary</em>');
    expect(list).not.toContain('<script>x');
    const twice = await agent.post('/bookmarks', form({ url: 'https://example.org/fic/1', title: 'Elsewhere Story' }));
    expect(twice.status).toBe(422);
  });

  it('cannot be edited or deleted by anyone but their owner', async () => {
    const workId = await makeWork(server.ctx, author);
    const owner = await server.agent().signInAs(reader.id);
    const id = await bookmark(owner, workId, { notes: 'original' });
    const privateId = await bookmark(owner, await makeWork(server.ctx, author), { isPrivate: '1' });
    const intruder = await server.agent().signInAs(other.id);
    expect((await intruder.get(`/bookmarks/${id}/edit`)).status).toBe(403);
    expect((await intruder.post(`/bookmarks/${id}/edit`, form({ notes: 'defaced' }))).status).toBe(403);
    expect((await intruder.get(`/bookmarks/${id}/confirm_delete`)).status).toBe(403);
    expect((await intruder.post(`/bookmarks/${id}/delete`)).status).toBe(403);
    expect((await intruder.post(`/bookmarks/${privateId}/delete`)).status).toBe(404);
    const anonymous = server.agent();
    expect((await anonymous.post(`/bookmarks/${id}/delete`)).headers.get('location')).toMatch(/^\/login\?return_to=/);
    expect((await anonymous.get(`/works/${workId}/bookmarks/new`)).headers.get('location')).toMatch(/^\/login\?return_to=/);
    expect((await anonymous.post(`/works/${workId}/bookmarks`, form())).headers.get('location')).toMatch(/^\/login/);
    expect((await owner.post(`/bookmarks/${id}/edit`, form({ notes: 'x' }), { csrf: false })).status).toBe(403);
    expect(await text(owner, `/bookmarks/${id}`)).toContain('original');

    // The owner can.
    expect((await owner.post(`/bookmarks/${id}/edit`, form({ notes: 'changed', tags: 'new tag' }))).status).toBe(303);
    expect(await text(owner, `/bookmarks/${id}`)).toContain('changed');
    expect((await owner.post(`/bookmarks/${id}/delete`)).status).toBe(303);
    expect((await owner.get(`/bookmarks/${id}`)).status).toBe(404);
    expect(await bookmarkCount(workId)).toBe(0);
  });

  it('of a draft is refused; someone else’s draft does not exist', async () => {
    const draftId = await makeWork(server.ctx, author, { asDraft: true });
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.get(`/works/${draftId}/bookmarks/new`)).status).toBe(404);
    expect((await agent.post(`/works/${draftId}/bookmarks`, form())).status).toBe(404);
    const own = await server.agent().signInAs(author.id);
    const refused = await own.post(`/works/${draftId}/bookmarks`, form());
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Drafts can’t be bookmarked');
  });

  it('of a work that became a draft, restricted or deleted shows so to its owner and disappears for everyone else', async () => {
    const db = server.ctx.db.kysely;
    const owner = await server.agent().signInAs(reader.id);
    const works = {
      draft: await makeWork(server.ctx, author, { title: 'Became Draft' }),
      restricted: await makeWork(server.ctx, author, { title: 'Became Restricted' }),
      deleted: await makeWork(server.ctx, author, { title: 'Became Deleted' }),
    };
    for (const id of Object.values(works)) await bookmark(owner, id);
    await db.updateTable('works').set({ isDraft: 1 }).where('id', '=', works.draft).execute();
    await db.updateTable('works').set({ isRestricted: 1 }).where('id', '=', works.restricted).execute();
    await db.deleteFrom('works').where('id', '=', works.deleted).execute();

    const ownView = await text(owner, `/users/${reader.login}/bookmarks`);
    expect(ownView).toContain('This work is a draft again.');
    expect(ownView).toContain('This work has been deleted.');
    expect(ownView).toContain('Became Deleted');
    expect(ownView).toContain('now only for registered users');
    // The draft's current details are not lent to the bookmark's owner.
    expect(ownView).not.toContain(`href="/works/${works.draft}"`);

    const anonymous = await text(server.agent(), `/users/${reader.login}/bookmarks`);
    for (const title of ['Became Draft', 'Became Restricted', 'Became Deleted']) expect(anonymous).not.toContain(title);
    const loggedIn = await text(await server.agent().signInAs(other.id), `/users/${reader.login}/bookmarks`);
    expect(loggedIn).toContain('Became Restricted');
    expect(loggedIn).not.toContain('Became Draft');
    expect(loggedIn).not.toContain('Became Deleted');
  });

  it('filter by the work’s tags and by the bookmarker’s tags; the bookmarks sort reads the count', async () => {
    const fandom = 'Bookmark Filter Fandom';
    const a = await makeWork(server.ctx, author, { title: 'Filter A', fandoms: [fandom] });
    const b = await makeWork(server.ctx, author, { title: 'Filter B', fandoms: [fandom] });
    const c = await makeWork(server.ctx, author, { title: 'Filter C', fandoms: ['Elsewhere Fandom'] });
    const filterer = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(filterer.id);
    await bookmark(agent, a, { tags: 'reread' });
    await bookmark(agent, b, { tags: 'later' });
    await bookmark(agent, c, { tags: 'reread' });
    await bookmark(await server.agent().signInAs(other.id), b);
    const byWorkTag = await text(server.agent(), `/users/${filterer.login}/bookmarks?tag=${encodeURIComponent(fandom)}`);
    expect(byWorkTag).toContain('Filter A');
    expect(byWorkTag).toContain('Filter B');
    expect(byWorkTag).not.toContain('Filter C');
    const byOwnTag = await text(server.agent(), `/users/${filterer.login}/bookmarks?bookmark_tag=Reread`);
    expect(byOwnTag).toContain('Filter A');
    expect(byOwnTag).toContain('Filter C');
    expect(byOwnTag).not.toContain('Filter B');
    expect(await text(server.agent(), `/users/${filterer.login}/bookmarks?tag=No%20Such%20Tag`)).toContain('No bookmarks here.');

    const sorted = await text(server.agent(), `/works?include=${encodeURIComponent(fandom)}&sort=bookmarks`);
    expect([...sorted.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]))).toEqual([b, a]);
  });

  it('neutralise script in every field, on every page that shows them', async () => {
    const ATTACK = `<script>alert("xss")</script><img src=x onerror="alert(1)">"><svg onload=alert(2)>`;
    const workId = await makeWork(server.ctx, author, { title: 'Attacked Farm' });
    const agent = await server.agent().signInAs(reader.id);
    const id = await bookmark(agent, workId, { notes: `Notes ${ATTACK}<a href="javascript:alert(5)">x</a>`, tags: `tag ${ATTACK}` });
    const created = await agent.post('/bookmarks', form({ url: `https://example.org/?q="><script>alert(6)</script>`, title: `Title ${ATTACK}`, creator: `Creator ${ATTACK}`, summary: `Summary ${ATTACK}`, notes: `N ${ATTACK}`, tags: `t ${ATTACK}` }));
    expect(created.status).toBe(303);
    const externalId = Number(created.headers.get('location')!.split('/').pop());
    const pages = [`/users/${reader.login}/bookmarks`, `/works/${workId}/bookmarks`, `/bookmarks/${id}`, `/bookmarks/${id}/edit`, `/bookmarks/${externalId}`, `/bookmarks/${externalId}/edit`, `/bookmarks/${externalId}/confirm_delete`, `/users/${reader.login}/bookmarks?bookmark_tag=${encodeURIComponent(`t ${ATTACK}`)}`];
    for (const path of pages) {
      const html = await (await agent.get(path)).text();
      expect(html, path).not.toMatch(/<script>alert|<img src=x onerror|<svg onload|href="javascript:/);
    }
  });
});
