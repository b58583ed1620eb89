import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let reader: TestUser;
let prolific: TestUser;
const ids: Record<string, number> = {};
const text = (body: string) => ({ title: null, summary: null, notes: null, endNotes: null, text: body });

function workIds(html: string): number[] {
  return page(html)
    .$('li.blurb[id^="work_"]')
    .toArray()
    .map((blurb) => Number(blurb.attribs.id!.slice('work_'.length)))
    .sort();
}

beforeAll(async () => {
  reader = await makeUser(server.ctx);
  prolific = await makeUser(server.ctx);
  const other = await makeUser(server.ctx);
  ids.angst = await makeWork(server.ctx, other, { title: 'Storm Angst', freeforms: ['Angst'], chapter: text('Storm over the harbor.') });
  ids.fluff = await makeWork(server.ctx, other, { title: 'Storm Fluff', freeforms: ['Fluff'], chapter: text('Storm in a teacup.') });
  ids.byProlific = await makeWork(server.ctx, prolific, { title: 'Storm Again', freeforms: ['Fluff'], chapter: text('Storm, again.') });
});

describe('a reader’s blocklist', () => {
  it('hides works by tag and by creator from listings, search and the API for that reader only', async () => {
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.post(`/users/${reader.login}/blocks/tags`, { tag: 'angst' })).status).toBe(303);
    expect((await agent.post(`/users/${reader.login}/blocks/creators`, { creator: prolific.login })).status).toBe(303);
    const blocks = await (await agent.get(`/users/${reader.login}/blocks`)).text();
    expect(blocks).toContain('Angst');
    expect(blocks).toContain(prolific.login);

    expect(workIds(await (await agent.get('/works')).text())).toEqual([ids.fluff]);
    expect(workIds(await (await agent.get('/tags/Smallville/works')).text())).toEqual([ids.fluff]);
    expect(workIds(await (await agent.get('/works/search?q=storm')).text())).toEqual([ids.fluff]);
    // The counts agree with what is shown.
    const listing = await (await agent.get('/tags/Smallville/works')).text();
    expect(listing).toContain('1 work<');
    expect(page(listing).exists('[value="Angst"]')).toBe(false);

    // Someone else still sees everything.
    expect(workIds(await (await server.agent().get('/works')).text())).toEqual([ids.angst, ids.fluff, ids.byProlific].sort());
  });

  it('answers mistakes with a message and keeps what was typed', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const unknown = await agent.post(`/users/${reader.login}/blocks/tags`, { tag: 'Nonexistent Tag Here' });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('There is no tag called “Nonexistent Tag Here”');
    expect(html).toContain('value="Nonexistent Tag Here"');
    const self = await agent.post(`/users/${reader.login}/blocks/creators`, { creator: reader.login });
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('cannot hide your own works');
  });

  it('can be undone', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const tag = await server.ctx.db.kysely.selectFrom('tags').select('id').where('name', '=', 'Angst').executeTakeFirstOrThrow();
    await agent.post(`/users/${reader.login}/blocks/tags/${tag.id}/delete`);
    await agent.post(`/users/${reader.login}/blocks/creators/${prolific.id}/delete`);
    expect(workIds(await (await agent.get('/works')).text())).toEqual([ids.angst, ids.fluff, ids.byProlific].sort());
  });

  it('belongs to its owner alone', async () => {
    const other = await server.agent().signInAs(prolific.id);
    expect((await other.get(`/users/${reader.login}/blocks`)).status).toBe(403);
    expect((await other.post(`/users/${reader.login}/blocks/tags`, { tag: 'Fluff' })).status).toBe(403);
    expect((await server.agent().get(`/users/${reader.login}/blocks`)).status).toBe(303);
    const own = await server.agent().signInAs(reader.id);
    expect((await own.post(`/users/${reader.login}/blocks/tags`, { tag: 'Fluff' }, { csrf: false })).status).toBe(403);
  });
});

describe('saved searches', () => {
  it('are saved from a listing and found one click from the menu', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const listing = await (await agent.get('/tags/Smallville/works?exclude=Angst')).text();
    expect(listing).toContain('Save this search as');
    const path = /name="path" value="([^"]+)"/.exec(listing)![1]!.replace(/&amp;/g, '&');
    expect(path).toBe('/tags/Smallville/works?exclude=Angst');
    const saved = await agent.post(`/users/${reader.login}/saved_searches`, { name: 'No angst, please', path });
    expect(saved.status).toBe(303);
    const home = await (await agent.get('/')).text();
    expect(home).toContain(`href="/users/${reader.login}/saved_searches"`);
    const list = page(await (await agent.get(`/users/${reader.login}/saved_searches`)).text());
    expect(list.links()).toContainEqual({ text: 'No angst, please', href: '/tags/Smallville/works?exclude=Angst' });
  });

  it('refuse addresses that are not listings of this archive', async () => {
    const agent = await server.agent().signInAs(reader.id);
    for (const path of ['https://evil.example/works', '//evil.example/works', '/logout', 'javascript:alert(1)']) {
      const response = await agent.post(`/users/${reader.login}/saved_searches`, { name: 'Bad', path });
      expect(response.status, path).toBe(422);
    }
    expect((await agent.post(`/users/${reader.login}/saved_searches`, { name: '  ', path: '/works' })).status).toBe(422);
  });

  it('refuse an address holding a line break or other control, with a message, and store nothing', async () => {
    const agent = await server.agent().signInAs(reader.id);
    for (const path of ['/works?q=a\r\nSet-Cookie: x=1', '/works?q=a\nb', '/works\r?sort=kudos', '/works?q=a\tb', '/works?q=\u0000']) {
      const response = await agent.post(`/users/${reader.login}/saved_searches`, { name: 'Broken', path });
      expect(response.status, JSON.stringify(path)).toBe(422);
      expect(await response.text()).toContain('line break or another control character');
    }
    const stored = await server.ctx.db.kysely.selectFrom('savedSearches').select('id').where('name', '=', 'Broken').execute();
    expect(stored).toEqual([]);
  });

  it('save an address with letters beyond ASCII, and go back to it', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const response = await agent.post(`/users/${reader.login}/saved_searches`, { name: 'Café', path: '/works/search?q=café 日本' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/works/search?q=caf%C3%A9%20%E6%97%A5%E6%9C%AC');
  });

  it('are deleted by their owner only', async () => {
    const agent = await server.agent().signInAs(reader.id);
    await agent.post(`/users/${reader.login}/saved_searches`, { name: 'Temporary', path: '/works?sort=kudos' });
    const row = await server.ctx.db.kysely.selectFrom('savedSearches').select('id').where('name', '=', 'Temporary').executeTakeFirstOrThrow();
    const other = await server.agent().signInAs(prolific.id);
    expect((await other.post(`/users/${reader.login}/saved_searches/${row.id}/delete`)).status).toBe(403);
    expect((await agent.post(`/users/${reader.login}/saved_searches/${row.id}/delete`)).status).toBe(303);
    expect((await agent.post(`/users/${reader.login}/saved_searches/${row.id}/delete`)).status).toBe(404);
  });
});

describe('the blocklist in every listing', () => {
  it('hides blocked works on the home page too', async () => {
    const own = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(own.id);
    expect((await agent.post(`/users/${own.login}/blocks/tags`, { tag: 'Angst' })).status).toBe(303);
    const home = await (await agent.get('/')).text();
    expect(workIds(home)).not.toContain(ids.angst);
    expect(workIds(home)).toContain(ids.fluff);
    expect(workIds(await (await server.agent().get('/')).text())).toContain(ids.angst);
  });

  it('says so, with a link to it, when it hides every work of a tag', async () => {
    const own = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(own.id);
    expect((await agent.post(`/users/${own.login}/blocks/tags`, { tag: 'Fluff' })).status).toBe(303);
    const page = await (await agent.get('/tags/Fluff/works')).text();
    expect(workIds(page)).toEqual([]);
    expect(page).not.toContain('No works are listed under this tag yet');
    expect(page).toContain('your blocklist hides all of them');
    expect(page).toContain(`href="/users/${own.login}/blocks"`);
    // Filters that match nothing at all still say so plainly.
    const none = await (await agent.get('/tags/Fluff/works?words_from=999999')).text();
    expect(none).toContain('No works are listed under this tag yet');
  });

  it('is linked from the menu and from the account pages', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const link = `href="/users/${reader.login}/blocks"`;
    for (const path of ['/works', `/users/${reader.login}`, `/users/${reader.login}/preferences`, `/users/${reader.login}/pseuds`]) {
      const page = await (await agent.get(path)).text();
      expect(page.split(link).length - 1, path).toBeGreaterThanOrEqual(path === '/works' ? 1 : 2);
    }
  });
});
