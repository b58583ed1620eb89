import { beforeAll, describe, expect, it } from 'vitest';
import { deleteUser } from '../../src/accounts/user.repository.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Kudos through the real server. TRUST_PROXY lets each test guest come from an address of
// its own (X-Forwarded-For), as guests behind the archive's reverse proxy would.

const server = useTestServer({ TRUST_PROXY: 'true' });
let author: TestUser;
let reader: TestUser;
let guestCounter = 0;

/** A new guest with an address of its own. */
function guest(address = `198.51.100.${++guestCounter}`): { agent: Agent; headers: Record<string, string> } {
  return { agent: server.agent(), headers: { 'x-forwarded-for': address } };
}

async function kudosOn(workId: number) {
  const db = server.ctx.db.kysely;
  const work = await db.selectFrom('works').select('kudosCount').where('id', '=', workId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('kudos').selectAll().where('workId', '=', workId).execute();
  return { count: work.kudosCount, rows };
}

/** Follows a redirect with the same agent and returns the page it leads to. */
async function follow(agent: Agent, response: Response, headers: Record<string, string> = {}): Promise<string> {
  expect(response.status).toBe(303);
  return (await agent.get(response.headers.get('location')!, headers)).text();
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
});

describe('kudos', () => {
  it('from a reader and a guest, with the button on the work page, listed under the text', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    const page = await (await agent.get(`/works/${workId}`)).text();
    expect(page).toMatch(new RegExp(`<form method="post" action="/works/${workId}/kudos"`));
    const left = await agent.post(`/works/${workId}/kudos`, { return_to: `/works/${workId}` });
    expect(left.headers.get('location')).toBe(`/works/${workId}#kudos`);
    const after = await follow(agent, left);
    expect(after).toContain('Thank you for leaving kudos!');
    expect(after).toContain('You left kudos on this work.');
    expect(after).not.toMatch(new RegExp(`action="/works/${workId}/kudos"`));

    // A guest's work page holds no form token (logged-out pages stay cacheable); the button
    // opens the kudos page, whose form has one.
    const visitor = guest('203.0.113.9');
    const guestPage = await (await visitor.agent.get(`/works/${workId}`, visitor.headers)).text();
    expect(guestPage).toMatch(new RegExp(`<form method="get" action="/works/${workId}/kudos"`));
    expect(guestPage).not.toContain('name="_csrf"');
    const kudosPage = await (await visitor.agent.get(`/works/${workId}/kudos?return_to=%2Fworks%2F${workId}`, visitor.headers)).text();
    expect(kudosPage).toContain('Leave kudos as a guest');
    expect(kudosPage).toContain('name="_csrf"');
    const guestLeft = await visitor.agent.post(`/works/${workId}/kudos`, { return_to: `/works/${workId}` }, { headers: visitor.headers });
    expect(await follow(visitor.agent, guestLeft, visitor.headers)).toContain('Thank you for leaving kudos!');

    const { count, rows } = await kudosOn(workId);
    expect(count).toBe(2);
    expect(rows).toHaveLength(2);
    // The guest is a keyed hash, never the address.
    const guestRow = rows.find((r) => r.userId === null)!;
    expect(guestRow.guestKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows)).not.toContain('203.0.113');
    expect((await server.ctx.db.kysely.selectFrom('siteSecrets').selectAll().execute()).length).toBe(1);

    const shown = await (await server.agent().get(`/works/${workId}`)).text();
    expect(shown).toContain(`<a href="/users/${reader.login}">${reader.login}</a> and 1 guest left kudos on this work!`);
    const list = await (await server.agent().get(`/works/${workId}/kudos`)).text();
    expect(list).toContain(`<a href="/users/${reader.login}">${reader.login}</a> and 1 guest left kudos on this work!`);
  });

  it('from a chapter page, coming back to that chapter', async () => {
    const workId = await makeWork(server.ctx, author, { expectedChapters: 2 });
    const posted = await (await server.agent().signInAs(author.id)).post(`/works/${workId}/chapters`, { text: 'The second chapter.', submissionKey: 'kudos-chapter-2' });
    const chapterPath = posted.headers.get('location')!;
    expect(chapterPath).toMatch(new RegExp(`^/works/${workId}/chapters/\\d+$`));
    const agent = await server.agent().signInAs(reader.id);
    const page = await (await agent.get(chapterPath)).text();
    expect(page).toContain(`name="return_to" value="${chapterPath}"`);
    const left = await agent.post(`/works/${workId}/kudos`, { return_to: chapterPath });
    expect(left.headers.get('location')).toBe(`${chapterPath}#kudos`);
    expect(await follow(agent, left)).toContain('Thank you for leaving kudos!');
    // Another site, or another work, is never where the button sends anyone back to.
    for (const elsewhere of ['https://evil.example/', '//evil.example', `/works/${workId + 1}`, `/works/${workId}0`]) {
      const again = await agent.post(`/works/${workId}/kudos`, { return_to: elsewhere });
      expect(again.headers.get('location'), elsewhere).toBe(`/works/${workId}#kudos`);
    }
  });

  it('only once per account and per guest, with a clear message the second time', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    await agent.post(`/works/${workId}/kudos`);
    expect(await follow(agent, await agent.post(`/works/${workId}/kudos`))).toContain('You have already left kudos here. :)');

    const first = guest('192.0.2.10');
    await first.agent.post(`/works/${workId}/kudos`, {}, { headers: first.headers });
    // The same address in another browser is the same guest.
    const sameAddress = guest('192.0.2.10');
    expect(await follow(sameAddress.agent, await sameAddress.agent.post(`/works/${workId}/kudos`, {}, { headers: sameAddress.headers }))).toContain('You have already left kudos here.');
    // One home network's IPv6 addresses are one guest.
    const home = guest('2001:db8:0:7::1');
    await home.agent.post(`/works/${workId}/kudos`, {}, { headers: home.headers });
    const homeAgain = guest('2001:db8:0:7:abcd::2');
    expect(await follow(homeAgain.agent, await homeAgain.agent.post(`/works/${workId}/kudos`, {}, { headers: homeAgain.headers }))).toContain('already left kudos');

    expect((await kudosOn(workId)).count).toBe(3);
    // A guest's kudos on one work does not count against another.
    const otherWork = await makeWork(server.ctx, author);
    await first.agent.post(`/works/${otherWork}/kudos`, {}, { headers: first.headers });
    expect((await kudosOn(otherWork)).count).toBe(1);
  });

  it('makes one kudos of ten requests at once, never an error', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    await agent.get('/login');
    const visitor = guest();
    await visitor.agent.get('/login', visitor.headers);
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => agent.post(`/works/${workId}/kudos`)),
      ...Array.from({ length: 10 }, () => visitor.agent.post(`/works/${workId}/kudos`, {}, { headers: visitor.headers })),
    ]);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(303));
    const { count, rows } = await kudosOn(workId);
    expect(rows).toHaveLength(2);
    expect(count).toBe(2);
  });

  it('is refused to the work’s own creators, with a message', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(author.id);
    const page = await (await agent.get(`/works/${workId}`)).text();
    expect(page).not.toContain(`action="/works/${workId}/kudos"`);
    expect(await follow(agent, await agent.post(`/works/${workId}/kudos`))).toContain('You can’t leave kudos on your own work.');
    expect(await (await agent.get(`/works/${workId}/kudos`)).text()).toContain('You can’t leave kudos on your own work.');
    expect((await kudosOn(workId)).count).toBe(0);
  });

  it('asks guests to log in on a restricted work; registered readers may', async () => {
    const workId = await makeWork(server.ctx, author, { isRestricted: true });
    const visitor = guest();
    const refused = await visitor.agent.post(`/works/${workId}/kudos`, { return_to: `/works/${workId}` }, { headers: visitor.headers });
    expect(refused.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(`/works/${workId}`)}`);
    expect(await follow(visitor.agent, refused, visitor.headers)).toContain('log in to leave kudos on it');
    expect((await visitor.agent.get(`/works/${workId}/kudos`, visitor.headers)).status).toBe(303);
    expect((await kudosOn(workId)).count).toBe(0);

    const agent = await server.agent().signInAs(reader.id);
    await agent.post(`/works/${workId}/kudos`);
    expect((await kudosOn(workId)).count).toBe(1);
  });

  it('does not exist on a draft for anyone but its creators, as for reading', async () => {
    const workId = await makeWork(server.ctx, author, { asDraft: true });
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.post(`/works/${workId}/kudos`)).status).toBe(404);
    expect((await agent.get(`/works/${workId}/kudos`)).status).toBe(404);
    const visitor = guest();
    expect((await visitor.agent.post(`/works/${workId}/kudos`, {}, { headers: visitor.headers })).status).toBe(404);
    const own = await server.agent().signInAs(author.id);
    expect(await follow(own, await own.post(`/works/${workId}/kudos`))).toContain('You can’t leave kudos on your own work.');
    expect((await kudosOn(workId)).count).toBe(0);
    // Unknown and malformed ids are a 404 too.
    expect((await agent.post('/works/999999/kudos')).status).toBe(404);
    expect((await agent.post('/works/abc/kudos')).status).toBe(404);
  });

  it('is refused on a hidden work, which only its creators and administrators see', async () => {
    const workId = await makeWork(server.ctx, author);
    await server.ctx.db.kysely.updateTable('works').set({ hiddenAt: '2026-01-01T00:00:00.000Z', hiddenReason: 'removal-requested' }).where('id', '=', workId).execute();
    const admin = await makeUser(server.ctx, { role: 'admin' });
    const agent = await server.agent().signInAs(admin.id);
    expect(await follow(agent, await agent.post(`/works/${workId}/kudos`))).toContain('This work is hidden, so it can’t get kudos.');
    expect((await (await server.agent().signInAs(reader.id)).post(`/works/${workId}/kudos`)).status).toBe(404);
    expect((await kudosOn(workId)).count).toBe(0);
  });

  it('shows the count on blurbs and orders the kudos sort', async () => {
    const fandom = 'Kudos Sort Fandom';
    const fewer = await makeWork(server.ctx, author, { title: 'Fewer Kudos', fandoms: [fandom] });
    const more = await makeWork(server.ctx, author, { title: 'More Kudos', fandoms: [fandom] });
    const none = await makeWork(server.ctx, author, { title: 'No Kudos', fandoms: [fandom] });
    for (const address of ['192.0.2.50', '192.0.2.51', '192.0.2.52']) {
      const visitor = guest(address);
      await visitor.agent.post(`/works/${more}/kudos`, {}, { headers: visitor.headers });
    }
    await (await server.agent().signInAs(reader.id)).post(`/works/${fewer}/kudos`);
    const listing = await (await server.agent().get(`/works?include=${encodeURIComponent(fandom)}&sort=kudos`)).text();
    const order = [...listing.matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([more, fewer, none]);
    expect(listing).toContain(`<dt>Kudos:</dt><dd><a href="/works/${more}/kudos">3</a></dd>`);
    expect(listing).toContain(`<dt>Kudos:</dt><dd><a href="/works/${fewer}/kudos">1</a></dd>`);
    // The work's own stats say it too.
    expect(await (await server.agent().get(`/works/${more}`)).text()).toContain(`<dt>Kudos:</dt><dd><a href="/works/${more}/kudos">3</a></dd>`);
  });

  it('names the latest accounts under the text and counts the rest', async () => {
    const workId = await makeWork(server.ctx, author);
    // Accounts written straight to the table: 52 password hashes would cost most of a minute
    // on a busy machine, and only their kudos matter here.
    const now = new Date().toISOString();
    const readers = await server.ctx.db.kysely
      .insertInto('users')
      .values(Array.from({ length: 52 }, (_, i) => ({ login: `kudos_many_${i}`, loginKey: `kudos_many_${i}`, email: `many${i}@example.invalid`, emailKey: `many${i}@example.invalid`, passwordHash: 'unused', role: 'user', createdAt: now, updatedAt: now })))
      .returning(['id', 'login'])
      .execute();
    for (const each of readers) await (await server.agent().signInAs(each.id)).post(`/works/${workId}/kudos`);
    const page = await (await server.agent().get(`/works/${workId}`)).text();
    expect(page).toContain(`<a href="/users/${readers[51]!.login}">`);
    expect(page).not.toContain(`<a href="/users/${readers[0]!.login}">`);
    expect(page).toContain(`and <a href="/works/${workId}/kudos">2 more users</a> left kudos on this work!`);
    const all = await (await server.agent().get(`/works/${workId}/kudos`)).text();
    for (const each of readers) expect(all).toContain(`<a href="/users/${each.login}">${each.login}</a>`);
  }, 60_000);

  it('keeps a deleted account’s kudos counted, as a guest’s', async () => {
    const workId = await makeWork(server.ctx, author);
    const leaving = await makeUser(server.ctx);
    await (await server.agent().signInAs(leaving.id)).post(`/works/${workId}/kudos`);
    await deleteUser(server.ctx.db.kysely, leaving.id);
    expect((await kudosOn(workId)).count).toBe(1);
    const page = await (await server.agent().get(`/works/${workId}`)).text();
    expect(page).not.toContain(leaving.login);
    expect(page).toContain('1 guest left kudos on this work!');
  });

  it('never writes on GET or HEAD', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    const visitor = guest();
    for (const path of [`/works/${workId}`, `/works/${workId}/kudos`, `/works/${workId}/kudos?return_to=%2Fworks%2F${workId}`]) {
      expect((await agent.get(path)).status).toBe(200);
      expect((await visitor.agent.get(path, visitor.headers)).status).toBe(200);
      expect((await fetch(new URL(path, server.url), { method: 'HEAD', headers: visitor.headers })).status).toBe(200);
    }
    expect((await kudosOn(workId)).rows).toHaveLength(0);
  });

  it('needs the form token', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.post(`/works/${workId}/kudos`, {}, { csrf: false })).status).toBe(403);
    await agent.get('/login');
    expect((await agent.post(`/works/${workId}/kudos`, { _csrf: 'x'.repeat(32) }, { csrf: false })).status).toBe(403);
    const visitor = guest();
    expect((await visitor.agent.post(`/works/${workId}/kudos`, {}, { csrf: false, headers: visitor.headers })).status).toBe(403);
    expect((await kudosOn(workId)).count).toBe(0);
  });
});
