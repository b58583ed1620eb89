import { describe, expect, it } from 'vitest';
import { drainJobs, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useMailServer } from '../support/mail.ts';

// A gift posted to an anonymous exchange names its recipient but not its giver: not to the
// recipient, not to other readers, not to visitors, on the work's page and in the collection's
// listing, until the creators are revealed; then the giver's name is there.

const { server } = useMailServer();

describe('an anonymous gift exchange', () => {
  it('shows no giver’s name to the recipient or anyone else before the reveal, and shows it after', async () => {
    const ctx = server.ctx;
    const stamp = Date.now().toString(36);
    const owner = await makeUser(ctx);
    const people = (await Promise.all(['amber', 'birch', 'cedar'].map((n) => makeUser(ctx, { login: `${n}_giver_${stamp}` })))) as [TestUser, TestUser, TestUser];
    const reader = await makeUser(ctx);
    const { id: collectionId, name } = await makeCollection(ctx, owner, { challengeType: 'gift_exchange', isAnonymous: true });
    const path = `/collections/${name}/exchange`;
    const mod = await server.agent().signInAs(owner.id);
    const settings = { signupOpensAt: '2020-01-01', signupClosesAt: '2099-01-01', assignmentsDueAt: '2099-06-01', requestsMax: '1', offersMax: '1', tags_fandom: 'Smallville', min_fandom: '1', max_fandom: '1', required_fandom: '1' };
    expect((await mod.post(`${path}/settings`, settings)).status).toBe(303);
    for (const person of people) {
      const signedUp = await (await server.agent().signInAs(person.id)).post(`${path}/signup`, { request1_fandom: 'Smallville', offer1_fandom: 'Smallville' });
      expect(signedUp.status).toBe(303);
    }
    expect((await mod.post(`${path}/matching/run`)).status).toBe(303);
    await drainJobs(ctx);
    expect((await mod.post(`${path}/send`)).status).toBe(303);
    await drainJobs(ctx);

    const [giver] = people;
    const assignment = await ctx.db.kysely
      .selectFrom('exchangeAssignments')
      .innerJoin('exchangeSignups', 'exchangeSignups.id', 'exchangeAssignments.recipientSignupId')
      .select(['exchangeAssignments.id', 'exchangeSignups.userId as recipientId'])
      .where('exchangeAssignments.collectionId', '=', collectionId)
      .where('exchangeAssignments.giverUserId', '=', giver.id)
      .executeTakeFirstOrThrow();
    const recipient = people.find((p) => p.id === assignment.recipientId)!;
    const giverAgent = await server.agent().signInAs(giver.id);
    const gift = await makeWork(ctx, giver, { title: `Gift ${stamp}` });
    expect((await giverAgent.post(`/assignments/${assignment.id}/fulfil`, { workId: String(gift) })).status).toBe(303);

    const viewers = [
      ['recipient', await server.agent().signInAs(recipient.id)],
      ['reader', await server.agent().signInAs(reader.id)],
      ['visitor', server.agent()],
    ] as const;
    for (const [who, agent] of viewers) {
      for (const address of [`/works/${gift}`, `/collections/${name}/works`]) {
        const response = await agent.get(address);
        expect(response.status, `${who} ${address}`).toBe(200);
        const html = await response.text();
        expect(html, `${who} ${address}`).toContain(`Gift ${stamp}`);
        expect(html, `${who} ${address}`).not.toContain(giver.login);
      }
      const workPage = page(await (await agent.get(`/works/${gift}`)).text());
      expect(workPage.text('.gift'), who).toContain(`For ${recipient.login}`);
      expect(workPage.text('.byline'), who).toContain('Anonymous');
    }
    // The giver still sees their own name on it.
    expect(await (await giverAgent.get(`/works/${gift}`)).text()).toContain(giver.login);

    expect((await mod.post(`/collections/${name}/reveal/creators`)).status).toBe(303);
    for (const [who, agent] of viewers) expect(await (await agent.get(`/works/${gift}`)).text(), who).toContain(giver.login);
  });
});
