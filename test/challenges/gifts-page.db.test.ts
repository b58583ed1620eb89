import { describe, expect, it } from 'vitest';
import { addToCollection, makeCollection, makeGift, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';
import type { Agent } from '../support/server.ts';

// A recipient's page of gifts, /users/:login/gifts: the works given to them that they have not
// refused, as blurbs, by the rules every listing follows (restricted works for logged-in readers,
// unrevealed ones for nobody, anonymous ones by "Anonymous"); the refused ones for the recipient alone.

const server = useTestServer();

async function as(user: TestUser): Promise<Agent> {
  return server.agent().signInAs(user.id);
}

async function giftsSeen(agent: Agent, login: string, query = '') {
  const response = await agent.get(`/users/${login}/gifts${query}`);
  const html = await response.text();
  const blurbs = page(html);
  return { status: response.status, html, titles: blurbs.all('.blurb h3 a'), bylines: blurbs.all('.blurb .byline') };
}

const people = async () => (await Promise.all([makeUser(server.ctx), makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser, TestUser];

describe('a user’s gifts', () => {
  it('lists the works given to them, newest first, linked from their page', async () => {
    const [giver, recipient] = await people();
    await makeGift(server.ctx, await makeWork(server.ctx, giver, { title: 'Older Gift' }), recipient);
    await makeGift(server.ctx, await makeWork(server.ctx, giver, { title: 'Newer Gift' }), recipient);
    const seen = await giftsSeen(server.agent(), recipient.login);
    expect(seen.status).toBe(200);
    expect(seen.titles).toEqual(['Newer Gift', 'Older Gift']);
    expect(seen.bylines).toEqual([`by ${giver.login}`, `by ${giver.login}`]);
    expect(page(seen.html).exists(`a[href="/users/${recipient.login}/gifts?refused=true"]`)).toBe(false);
    const profile = page(await (await server.agent().get(`/users/${recipient.login}`)).text());
    expect(profile.links().map((l) => l.href)).toContain(`/users/${recipient.login}/gifts`);
  });

  it('leaves out a refused gift, which only the recipient sees under ?refused=true', async () => {
    const [giver, recipient, reader] = await people();
    const work = await makeWork(server.ctx, giver, { title: 'Unwanted Gift' });
    const giftId = await makeGift(server.ctx, work, recipient);
    const recipientAgent = await as(recipient);
    expect((await recipientAgent.post(`/gifts/${giftId}/refuse`)).status).toBe(303);

    for (const agent of [server.agent(), recipientAgent]) expect((await giftsSeen(agent, recipient.login)).titles).toEqual([]);
    const own = await giftsSeen(recipientAgent, recipient.login);
    expect(page(own.html).exists(`a[href="/users/${recipient.login}/gifts?refused=true"]`)).toBe(true);
    const refused = await giftsSeen(recipientAgent, recipient.login, '?refused=true');
    expect(refused.status).toBe(200);
    expect(refused.titles).toEqual(['Unwanted Gift']);

    expect((await giftsSeen(await as(reader), recipient.login, '?refused=true')).status).toBe(403);
    const visitor = await server.agent().get(`/users/${recipient.login}/gifts?refused=true`);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toContain('/login');
  });

  it('shows a restricted gift to logged-in readers only', async () => {
    const [giver, recipient, reader] = await people();
    await makeGift(server.ctx, await makeWork(server.ctx, giver, { title: 'Locked Gift', isRestricted: true }), recipient);
    expect((await giftsSeen(server.agent(), recipient.login)).titles).toEqual([]);
    expect((await giftsSeen(await as(reader), recipient.login)).titles).toEqual(['Locked Gift']);
  });

  it('lists an anonymous gift without its creator’s name, and an unrevealed one to nobody', async () => {
    const [giver, recipient, owner] = await people();
    const anonymous = await makeCollection(server.ctx, owner, { isAnonymous: true });
    const unrevealed = await makeCollection(server.ctx, owner, { isUnrevealed: true });
    const masked = await makeWork(server.ctx, giver, { title: 'Masked Gift' });
    const veiled = await makeWork(server.ctx, giver, { title: 'Veiled Gift' });
    await addToCollection(server.ctx, giver, masked, anonymous.name);
    await addToCollection(server.ctx, giver, veiled, unrevealed.name);
    await makeGift(server.ctx, masked, recipient);
    await makeGift(server.ctx, veiled, recipient);

    for (const agent of [server.agent(), await as(recipient), await as(owner)]) {
      const seen = await giftsSeen(agent, recipient.login);
      expect(seen.titles).toEqual(['Masked Gift']);
      expect(seen.bylines).toEqual(['by Anonymous']);
      expect(seen.html).not.toContain(giver.login);
    }
    // Its creator sees their name beside "Anonymous"; the unrevealed gift is listed nowhere until the reveal, not even to them.
    const theirs = await giftsSeen(await as(giver), recipient.login);
    expect(theirs.titles).toEqual(['Masked Gift']);
    expect(theirs.bylines[0]).toContain(giver.login);
  });

  it('pages by twenty', async () => {
    const [giver, recipient] = await people();
    for (let i = 1; i <= 21; i++) await makeGift(server.ctx, await makeWork(server.ctx, giver, { title: `Gift number ${i}` }), recipient);
    const first = await giftsSeen(server.agent(), recipient.login);
    expect(first.titles).toHaveLength(20);
    expect(first.titles[0]).toBe('Gift number 21');
    expect(page(first.html).attr('a[rel="next"]', 'href')).toBe(`/users/${recipient.login}/gifts?page=2`);
    expect((await giftsSeen(server.agent(), recipient.login, '?page=2')).titles).toEqual(['Gift number 1']);
  });

  it('is a 404 for an unknown login', async () => {
    expect((await server.agent().get('/users/nobody_by_this_name/gifts')).status).toBe(404);
  });
});
