import { describe, expect, it } from 'vitest';
import { makeCollection, makeUser, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';
import type { Agent } from '../support/server.ts';

// The collection's page links its challenge's pages: to everyone what they may do, to the
// moderators their own pages, and each link leads somewhere real.

const server = useTestServer();

async function as(user: TestUser): Promise<Agent> {
  return server.agent().signInAs(user.id);
}

async function challengeLinks(agent: Agent, name: string): Promise<Record<string, string>> {
  const nav = page(await (await agent.get(`/collections/${name}`)).text()).html('nav.challenge-nav');
  return nav === null ? {} : Object.fromEntries(page(nav).links().map((link) => [link.text, link.href]));
}

const settingsForm = (signupClosesAt: string) => ({ signupOpensAt: '2020-01-01', signupClosesAt, assignmentsDueAt: '2099-06-01', requestsMax: '1', offersMax: '1', tags_fandom: 'Merlin', min_fandom: '1', max_fandom: '1', required_fandom: '1' });

describe('the collection page’s challenge links', () => {
  it('a gift exchange: sign-up to everyone while open, matching and settings to its moderators only', async () => {
    const [owner, member] = (await Promise.all([makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser];
    const { name } = await makeCollection(server.ctx, owner, { challengeType: 'gift_exchange' });
    const mod = await as(owner);
    expect((await mod.post(`/collections/${name}/exchange/settings`, settingsForm('2099-01-01'))).status).toBe(303);

    const base = `/collections/${name}`;
    for (const agent of [server.agent(), await as(member)]) expect(await challengeLinks(agent, name)).toEqual({ 'Sign up for the gift exchange': `${base}/exchange` });
    const moderatorLinks = await challengeLinks(mod, name);
    expect(moderatorLinks).toEqual({
      'Sign up for the gift exchange': `${base}/exchange`,
      'Exchange settings': `${base}/exchange/settings`,
      'Matching and assignments': `${base}/exchange/matching`,
      'Close the exchange': `${base}/exchange/close`,
    });
    for (const href of Object.values(moderatorLinks)) expect((await mod.get(href)).status, href).toBe(200);

    // Sign-ups closed: the exchange is still linked, but not as a sign-up.
    expect((await mod.post(`${base}/exchange/settings`, settingsForm('2020-02-01'))).status).toBe(303);
    expect(await challengeLinks(server.agent(), name)).toEqual({ 'The gift exchange': `${base}/exchange` });
  });

  it('a prompt meme links its prompts (and posting one, signed in, while open); a drabble challenge its towers; a plain collection nothing', async () => {
    const [owner, reader] = (await Promise.all([makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser];
    const meme = await makeCollection(server.ctx, owner, { challengeType: 'prompt_meme' });
    const closedMeme = await makeCollection(server.ctx, owner, { challengeType: 'prompt_meme', isClosed: true });
    const drabbles = await makeCollection(server.ctx, owner, { challengeType: 'drabble', wordRule: { kind: 'exactly', count: 100, scope: 'chapter' } });
    const plain = await makeCollection(server.ctx, owner);
    const signedIn = await as(reader);

    expect(await challengeLinks(server.agent(), meme.name)).toEqual({ Prompts: `/collections/${meme.name}/prompts` });
    const memeLinks = await challengeLinks(signedIn, meme.name);
    expect(memeLinks).toEqual({ Prompts: `/collections/${meme.name}/prompts`, 'Post a prompt': `/collections/${meme.name}/prompts/new` });
    for (const href of Object.values(memeLinks)) expect((await signedIn.get(href)).status, href).toBe(200);
    expect(await challengeLinks(signedIn, closedMeme.name)).toEqual({ Prompts: `/collections/${closedMeme.name}/prompts` });

    const drabbleLinks = await challengeLinks(server.agent(), drabbles.name);
    expect(drabbleLinks).toEqual({ 'Towers and drabbles': `/collections/${drabbles.name}/challenge` });
    expect((await server.agent().get(drabbleLinks['Towers and drabbles']!)).status).toBe(200);
    expect(page(await (await server.agent().get(`/collections/${plain.name}`)).text()).exists('nav.challenge-nav')).toBe(false);
  });
});
