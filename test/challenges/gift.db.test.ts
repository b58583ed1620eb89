import { describe, expect, it } from 'vitest';
import { drainJobs, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useMailServer } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// A gift once assignments are out: posting it is one transaction (a refusal at the gift's step
// leaves the work out of the collection), and the exchange's reveal dates reveal the gift and its
// giver at those dates, not before.

const { server } = useMailServer();
const db = () => server.ctx.db.kysely;

async function as(user: TestUser): Promise<Agent> {
  return server.agent().signInAs(user.id);
}

/** An exchange of two (each the other's only match), its assignments sent; returns each giver's assignment id. */
async function exchangeOfTwo(owner: TestUser, a: TestUser, b: TestUser, settings: Record<string, string> = {}, collection: { isAnonymous?: boolean; isUnrevealed?: boolean } = {}) {
  const { id, name } = await makeCollection(server.ctx, owner, { challengeType: 'gift_exchange', ...collection });
  const path = `/collections/${name}/exchange`;
  const mod = await as(owner);
  const form = { signupOpensAt: '2020-01-01', signupClosesAt: '2099-01-01', assignmentsDueAt: '2099-06-01', requestsMax: '1', offersMax: '1', tags_fandom: 'Merlin', min_fandom: '1', max_fandom: '1', required_fandom: '1', ...settings };
  const saved = await mod.post(`${path}/settings`, form);
  expect(saved.status, await saved.clone().text()).toBe(303);
  for (const user of [a, b]) expect((await (await as(user)).post(`${path}/signup`, { request1_fandom: 'Merlin', request1_note: 'anything', offer1_fandom: 'Merlin' })).status).toBe(303);
  expect((await mod.post(`${path}/matching/run`)).status).toBe(303);
  await drainJobs(server.ctx);
  expect((await mod.post(`${path}/send`)).status).toBe(303);
  await drainJobs(server.ctx);
  const assignmentOf = async (giver: TestUser) =>
    (await db().selectFrom('exchangeAssignments').select('id').where('collectionId', '=', id).where('giverUserId', '=', giver.id).executeTakeFirstOrThrow()).id;
  return { id, name, assignmentOf };
}

const inCollection = async (collectionId: number, workId: number) =>
  (await db().selectFrom('collectionItems').select('id').where('collectionId', '=', collectionId).where('workId', '=', workId).execute()).length;

describe('posting a gift', () => {
  it('is one transaction: refused at the gift’s step, the work does not join the collection', async () => {
    const [owner, a, b] = (await Promise.all([makeUser(server.ctx), makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser, TestUser];
    const first = await exchangeOfTwo(owner, a, b);
    const second = await exchangeOfTwo(owner, a, b);
    const work = await makeWork(server.ctx, a, { title: 'Given Twice' });
    const agentA = await as(a);
    expect((await agentA.post(`/assignments/${await first.assignmentOf(a)}/fulfil`, { workId: String(work) })).status).toBe(303);

    // The same work for the same recipient again: the collection would take it, the gift cannot be.
    const secondAssignment = await second.assignmentOf(a);
    const response = await agentA.post(`/assignments/${secondAssignment}/fulfil`, { workId: String(work) });
    expect(response.status).toBe(422);
    expect(page(await response.text()).fieldError('workId')).toContain(`a gift to ${b.login} already`);
    expect(await inCollection(second.id, work)).toBe(0);
    expect(await inCollection(first.id, work)).toBe(1);
    expect((await db().selectFrom('exchangeAssignments').select('status').where('id', '=', secondAssignment).executeTakeFirstOrThrow()).status).toBe('sent');
    expect(await db().selectFrom('gifts').select('id').where('workId', '=', work).execute()).toHaveLength(1);

    // Another work fills it, and joins.
    const other = await makeWork(server.ctx, a, { title: 'Given Once' });
    expect((await agentA.post(`/assignments/${secondAssignment}/fulfil`, { workId: String(other) })).status).toBe(303);
    expect(await inCollection(second.id, other)).toBe(1);
  });
});

describe('the reveal of a gift exchange', () => {
  it('shows the gift at the works’ date and its giver at the creators’ date, by the collection’s reveal job', async () => {
    const [owner, giver, recipient] = (await Promise.all([makeUser(server.ctx), makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser, TestUser];
    const exchange = await exchangeOfTwo(owner, giver, recipient, { revealWorksAt: '2099-12-01', revealCreatorsAt: '2099-12-15' }, { isAnonymous: true, isUnrevealed: true });
    const work = await makeWork(server.ctx, giver, { title: 'A Secret Gift' });
    expect((await (await as(giver)).post(`/assignments/${await exchange.assignmentOf(giver)}/fulfil`, { workId: String(work) })).status).toBe(303);
    // The settings page queued the collection's own reveal jobs, one per date.
    const jobs = await db().selectFrom('jobs').select(['runAt']).where('name', '=', 'revealCollection').where('payload', 'like', `%"collectionId":${exchange.id},%`).orderBy('runAt').execute();
    expect(jobs.map((j) => new Date(j.runAt).toISOString().slice(0, 10))).toEqual(['2099-12-01', '2099-12-15']);

    const seenBy = async (agent: Agent) => {
      const response = await agent.get(`/works/${work}`);
      return { status: response.status, html: await response.text() };
    };
    let recipientAgent = await as(recipient);
    const reader = server.agent();
    // Before the works' date: a 404 to readers and to the recipient alike, and nothing of the work on the collection's pages.
    for (const agent of [reader, recipientAgent]) {
      const seen = await seenBy(agent);
      expect(seen.status).toBe(404);
      expect(seen.html).not.toContain('A Secret Gift');
      expect(seen.html).not.toContain(giver.login);
    }
    expect(await (await reader.get(`/collections/${exchange.name}/works`)).text()).not.toContain('A Secret Gift');

    const real = server.ctx.now;
    const at = (day: string) => (server.ctx.now = () => new Date(`${day}T12:00:00Z`));
    try {
      at('2099-12-02');
      await drainJobs(server.ctx);
      recipientAgent = await as(recipient); // a session from 2026 has expired by 2099
      expect(page((await seenBy(recipientAgent)).html).exists('.gift form')).toBe(true); // signed in: theirs to refuse
      // The works are revealed: the gift names its recipient, its giver is still hidden.
      for (const agent of [reader, recipientAgent]) {
        const seen = await seenBy(agent);
        expect(seen.status).toBe(200);
        expect(page(seen.html).text('.gift')).toContain(`For ${recipient.login}`);
        expect(seen.html).not.toContain(giver.login);
      }
      at('2099-12-16');
      await drainJobs(server.ctx);
      const seen = await seenBy(reader);
      expect(seen.status).toBe(200);
      expect(page(seen.html).text('.gift')).toContain(`For ${recipient.login}`);
      expect(seen.html).toContain(giver.login);
    } finally {
      server.ctx.now = real;
    }
  });

  it('saves the settings again, the reveal date kept as shown, when the date has passed before its job ran', async () => {
    const [owner, a, b] = (await Promise.all([makeUser(server.ctx), makeUser(server.ctx), makeUser(server.ctx)])) as [TestUser, TestUser, TestUser];
    const exchange = await exchangeOfTwo(owner, a, b, { revealCreatorsAt: '2099-12-15' }, { isAnonymous: true });
    const path = `/collections/${exchange.name}/exchange/settings`;
    const real = server.ctx.now;
    server.ctx.now = () => new Date('2099-12-15T06:00:00Z');
    try {
      // The form as the moderator sees it, the passed date in it, sent back with a change elsewhere.
      const mod = await as(owner); // signed in at the clock's time: a session from 2026 has expired by 2099
      const shown = page(await (await mod.get(path)).text());
      const form = Object.fromEntries(['signupOpensAt', 'signupClosesAt', 'assignmentsDueAt', 'revealWorksAt', 'revealCreatorsAt', 'requestsMax', 'offersMax', 'tags_fandom', 'min_fandom', 'max_fandom', 'required_fandom'].map((field) => [field, shown.value(field) ?? '']));
      expect(form.revealCreatorsAt).toContain('2099-12-15');
      const response = await mod.post(path, { ...form, assignmentsDueAt: '2099-07-01' });
      expect(response.status, await response.clone().text()).toBe(303);
      // A date changed to one passed is still refused beside its field.
      const moved = page(await (await mod.post(path, { ...form, revealCreatorsAt: '2099-12-14' })).text());
      expect(moved.fieldError('revealCreatorsAt')).toContain('That date has passed');
      await drainJobs(server.ctx);
    } finally {
      server.ctx.now = real;
    }
    expect((await db().selectFrom('collections').select('isAnonymous').where('id', '=', exchange.id).executeTakeFirstOrThrow()).isAnonymous).toBe(0);
  });
});
