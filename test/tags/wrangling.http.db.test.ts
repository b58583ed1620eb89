import { beforeAll, describe, expect, it } from 'vitest';
import { drainJobs, filterNames, makeTag, makeUser, makeWork, tagNamed, type TestUser, wrangle } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
let wrangler: TestUser;
let admin: TestUser;

const post = (overrides: Parameters<typeof makeWork>[2]) => makeWork(server.ctx, author, overrides);

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  wrangler = await makeUser(server.ctx, { role: 'wrangler' });
  admin = await makeUser(server.ctx, { role: 'admin' });
  await makeTag(server.ctx, 'Fandom', 'Smallville', { canonical: true });
  await makeTag(server.ctx, 'Relationship', 'Clark Kent/Lex Luthor', { canonical: true });
});

describe('who may wrangle', () => {
  it('sends anonymous visitors to log in, refuses other users, lets wranglers and admins in', async () => {
    const anonymous = server.agent();
    for (const path of ['/tags/Smallville/edit', '/wrangling', '/wrangling/fandoms/Smallville']) {
      const page = await anonymous.get(path);
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path)}`);
      expect((await anonymous.post(path, { isCanonical: '1' })).status, path).toBe(303);
    }
    const user = await server.agent().signInAs(reader.id);
    for (const path of ['/tags/Smallville/edit', '/wrangling', '/wrangling/fandoms/Smallville']) {
      expect((await user.get(path)).status, path).toBe(403);
      expect((await user.post(path, { action: 'canonical', tagIds: '1' })).status, path).toBe(403);
    }
    expect((await tagNamed(server.ctx, 'Smallville')).isCanonical).toBe(1);
    for (const who of [wrangler, admin]) {
      const agent = await server.agent().signInAs(who.id);
      const response = await agent.get('/tags/Smallville/edit');
      expect(response.status).toBe(200);
      expect(page(await response.text()).value('_csrf')).toMatch(/.+/);
    }
  });

  it('refuses a form without its CSRF field', async () => {
    const agent = await server.agent().signInAs(wrangler.id);
    const response = await agent.post('/tags/Smallville/edit', { isCanonical: '' }, { csrf: false });
    expect(response.status).toBe(403);
    expect((await tagNamed(server.ctx, 'Smallville')).isCanonical).toBe(1);
  });
});

describe('editing a tag', () => {
  it('makes a synonym, files its works under the canonical after the job, and redirects its works page', async () => {
    const work = await post({ title: 'Rain', relationships: ['Clex'] });
    const agent = await server.agent().signInAs(wrangler.id);
    const saved = await agent.post('/tags/Clex/edit', { synonymOf: 'clark kent/lex luthor', fandoms: 'Smallville', metaTags: '' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/tags/Clex');
    const clex = await (await agent.get('/tags/Clex')).text();
    expect(clex).toContain('Tag saved. Its works are being re-filed');
    expect(clex).toContain('synonym of ');
    expect(page(clex).links()).toContainEqual({ text: 'Clark Kent/Lex Luthor', href: '/tags/Clark%20Kent*s*Lex%20Luthor' });

    await drainJobs(server.ctx);
    expect(await filterNames(server.ctx, work)).toContain('Clark Kent/Lex Luthor');
    const works = await server.agent().get('/tags/Clex/works?page=2');
    expect(works.status).toBe(302);
    expect(works.headers.get('location')).toBe('/tags/Clark%20Kent*s*Lex%20Luthor/works?page=2');

    const canonical = await (await server.agent().get('/tags/Clark%20Kent*s*Lex%20Luthor')).text();
    const firstSynonym = 'dd > ul.tags[aria-label="Synonyms"] > li:first-child > a';
    expect(page(canonical).text(firstSynonym)).toBe('Clex');
    expect(page(canonical).attr(firstSynonym, 'href')).toBe('/tags/Clex');
    expect(canonical).not.toContain('Edit tag');
  });

  it('answers bad input with messages, keeping what was typed', async () => {
    const agent = await server.agent().signInAs(wrangler.id);
    const response = await agent.post('/tags/Smallville/edit', { isCanonical: '1', synonymOf: 'Smalvil<le', metaTags: 'Nowhere Fandom' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('A synonym cannot be canonical');
    expect(html).toContain('value="Smalvil&lt;le"');
    expect(html).toContain('value="Nowhere Fandom"');
    const long = await agent.post('/tags/Smallville/edit', { isCanonical: '1', synonymOf: 'x'.repeat(151) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('That is too long');
    expect((await agent.get('/tags/No%20Such%20Tag/edit')).status).toBe(404);
  });

  it('sets metatags, shown on both tags’ pages, and refuses a loop', async () => {
    await makeTag(server.ctx, 'Fandom', 'DCU', { canonical: true });
    const agent = await server.agent().signInAs(admin.id);
    expect((await agent.post('/tags/Smallville/edit', { isCanonical: '1', metaTags: 'DCU' })).status).toBe(303);
    expect(page(await (await agent.get('/tags/DCU')).text()).term('Subtags')).toContain('Smallville');
    const loop = await agent.post('/tags/DCU/edit', { isCanonical: '1', metaTags: 'Smallville' });
    expect(loop.status).toBe(422);
    expect(await loop.text()).toContain('would make a loop');
  });
});

describe('the wrangling queue', () => {
  it('lists unwrangled tags by fandom and wrangles several at once', async () => {
    await post({ title: 'Lana', fandoms: ['Smallville'], characters: ['Lana Lang', 'Lana L.', 'Chloe Sullivan'], relationships: [] });
    const agent = await server.agent().signInAs(wrangler.id);
    const home = await (await agent.get('/wrangling')).text();
    expect(page(home).text('td:has(> a[href="/wrangling/fandoms/Smallville"]) + td')).toMatch(/^\d+$/);
    const bin = await (await agent.get('/wrangling/fandoms/Smallville')).text();
    for (const name of ['Lana Lang', 'Lana L.', 'Chloe Sullivan']) expect(bin).toContain(`>${name}</label>`);

    const id = async (name: string) => String((await tagNamed(server.ctx, name)).id);
    const none = await agent.post('/wrangling/fandoms/Smallville', { action: 'synonym', synonymOf: 'Lana Lang' });
    expect(none.status).toBe(422);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('Tick at least one tag.');
    expect(noneHtml).toContain('value="Lana Lang"');

    const canonical = await agent.post('/wrangling/fandoms/Smallville', { action: 'canonical', tagIds: [await id('Lana Lang'), await id('Chloe Sullivan')] });
    expect(canonical.status).toBe(303);
    expect(await (await agent.get('/wrangling/fandoms/Smallville')).text()).toContain('2 tags made canonical.');
    const lana = await tagNamed(server.ctx, 'Lana Lang');
    expect(lana.isCanonical).toBe(1);
    expect(page(await (await server.agent().get('/tags/Lana%20Lang')).text()).term('Fandoms')).toContain('Smallville');

    const wrongType = await agent.post('/wrangling/fandoms/Smallville', { action: 'synonym', synonymOf: 'Clark Kent/Lex Luthor', tagIds: [await id('Lana L.')] });
    expect(wrongType.status).toBe(422);
    expect(await wrongType.text()).toContain('is a Relationship tag');

    const synonym = await agent.post('/wrangling/fandoms/Smallville', { action: 'synonym', synonymOf: 'Lana Lang', tagIds: [await id('Lana L.')] });
    expect(synonym.status).toBe(303);
    expect((await tagNamed(server.ctx, 'Lana L.')).mergerId).toBe(lana.id);
    const after = await (await agent.get('/wrangling/fandoms/Smallville')).text();
    expect(after).toContain('1 tag made a synonym. Its works are being re-filed');
    expect(after).not.toContain('>Lana L.</label>');
  });
});

describe('autocomplete', () => {
  it('offers canonical tags of one type by prefix, ignoring case, at most 15', async () => {
    for (let n = 0; n < 20; n++) await makeTag(server.ctx, 'Character', `Smith ${String(n).padStart(2, '0')}`, { canonical: true });
    await makeTag(server.ctx, 'Character', 'Smithy (unwrangled)');
    await makeTag(server.ctx, 'Fandom', 'Smallville: Legends', { canonical: false });
    const json = async (query: string) => {
      const response = await server.agent().get(`/autocomplete/tags?${query}`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await json('type=Fandom&term=SMA')).toEqual({ status: 200, body: ['Smallville'] });
    const smiths = await json('type=Character&term=smith');
    expect(smiths.body).toHaveLength(15);
    expect((smiths.body as string[])[0]).toBe('Smith 00');
    expect((await json('type=Character&term=%25')).body).toEqual([]);
    expect((await json('type=Character&term=sm_th')).body).toEqual([]);
    expect((await json('type=Character&term=')).body).toEqual([]);
    expect((await json('type=Nonsense&term=a')).status).toBe(400);
    expect((await json(`type=Fandom&term=${'a'.repeat(101)}`)).status).toBe(400);
  });
});
