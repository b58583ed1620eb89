import { describe, expect, it } from 'vitest';
import { drainJobs, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useMailServer } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// A gift exchange end to end through the real server: settings, sign-ups (and their bad input),
// the matching job, pins and a rerun, sending assignments over SMTP, a default and a pinch hit,
// the gift posted and refused, closing with someone unmatched.

const { server, mail } = useMailServer();

const settingsForm = (overrides: Record<string, string> = {}) => ({
  signupOpensAt: '2020-01-01',
  signupClosesAt: '2099-01-01',
  assignmentsDueAt: '2099-06-01',
  requestsMax: '1',
  offersMax: '1',
  tags_fandom: 'Smallville\nMerlin\nRare Fandom',
  min_fandom: '1',
  max_fandom: '2',
  required_fandom: '1',
  ...overrides,
});

async function as(user: TestUser): Promise<Agent> {
  return server.agent().signInAs(user.id);
}

async function signUp(user: TestUser, path: string, request: string, offer: string) {
  const response = await (await as(user)).post(`${path}/signup`, { request1_fandom: request, request1_note: `${user.login} would like a story`, offer1_fandom: offer });
  expect(response.status, await response.clone().text()).toBe(303);
}

const pairsOf = (html: string) => page(html).$('#pairs tbody tr').toArray().map((row) => page(html).$(row).find('td').toArray().slice(0, 2).map((td) => page(html).$(td).text()).join('→'));

describe('gift exchange', () => {
  it('runs from settings to gifts', async () => {
    const ctx = server.ctx;
    const owner = await makeUser(ctx);
    const [a, b, c, d, e, hitter] = (await Promise.all(Array.from({ length: 6 }, () => makeUser(ctx)))) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
    const { name } = await makeCollection(ctx, owner, { challengeType: 'gift_exchange', isAnonymous: true });
    const path = `/collections/${name}/exchange`;
    const mod = await as(owner);

    // Settings: only moderators; a reveal date in the past is refused beside its field, typed text kept.
    expect((await (await as(a)).get(`${path}/settings`)).status).toBe(403);
    let response = await mod.post(`${path}/settings`, settingsForm({ revealCreatorsAt: '2020-01-01' }));
    expect(response.status).toBe(422);
    let html = page(await response.text());
    expect(html.fieldError('revealCreatorsAt')).toContain('That date has passed');
    expect(html.value('tags_fandom')).toContain('Rare Fandom');
    expect((await mod.post(`${path}/settings`, settingsForm({ revealCreatorsAt: '2099-12-01' }))).status).toBe(303);

    // Sign-ups: tags outside the set and too many are refused beside the field, the text kept.
    response = await (await as(a)).post(`${path}/signup`, { request1_fandom: 'Star Trek', request1_note: 'Kirk, please', offer1_fandom: 'Merlin, Smallville, Rare Fandom' });
    expect(response.status).toBe(422);
    html = page(await response.text());
    expect(html.fieldError('request1_fandom')).toContain('“Star Trek” is not in this exchange’s tag set');
    expect(html.fieldError('offer1_fandom')).toContain('Name at most 2 fandoms');
    expect(html.value('request1_note')).toBe('Kirk, please');

    await signUp(a, path, 'Smallville', 'Merlin');
    await signUp(b, path, 'Merlin', 'Smallville');
    await signUp(c, path, 'smallville', 'Merlin');
    await signUp(d, path, 'Merlin', 'Smallville');
    await signUp(e, path, 'Rare Fandom', 'Smallville');
    // Withdraw and come back: the typed text is kept.
    const agentD = await as(d);
    expect((await agentD.post(`${path}/withdraw`)).status).toBe(303);
    expect(page(await (await agentD.get(path)).text()).value('request1_fandom')).toBe('Merlin');
    await signUp(d, path, 'Merlin', 'Smallville');

    // Matching runs as a job; the page shows its progress, then every pair and the unmatched with reasons.
    expect((await (await as(a)).get(`${path}/matching`)).status).toBe(403);
    expect((await mod.post(`${path}/matching/run`)).status).toBe(303);
    response = await mod.get(`${path}/matching`);
    expect(response.headers.get('refresh')).toBe('3');
    expect(page(await response.text()).text('#run-status')).toContain('The matcher is queued');
    await drainJobs(ctx);
    html = page(await (await mod.get(`${path}/matching`)).text());
    expect(html.count('#pairs tbody tr')).toBe(4);
    const unmatched = html.all('#unmatched li');
    expect(unmatched.find((l) => l.startsWith(`${e.login}: Gets no gift`))).toContain('Nobody offers what they request');
    expect(unmatched.filter((l) => l.includes('Gives no gift. Lost to others'))).toHaveLength(1);

    // Pins: a self-pin and conflicting pins are refused beside the field; a good pin is kept on the rerun.
    response = await mod.post(`${path}/matching/pins`, { giver: a.login, recipient: a.login });
    expect(page(await response.text()).fieldError('recipient')).toContain('give to themselves');
    expect((await mod.post(`${path}/matching/pins`, { giver: e.login, recipient: a.login })).status).toBe(303);
    response = await mod.post(`${path}/matching/pins`, { giver: e.login, recipient: c.login });
    expect(response.status).toBe(422);
    html = page(await response.text());
    expect(html.fieldError('giver')).toContain('already pinned to give to');
    expect(html.value('recipient')).toBe(c.login);
    expect(page(await (await mod.post(`${path}/matching/pins`, { giver: b.login, recipient: a.login })).text()).fieldError('recipient')).toContain('already gets a gift from');
    expect(page(await (await mod.post(`${path}/matching/pins`, { giver: 'nobody_here', recipient: a.login })).text()).fieldError('giver')).toContain('has not signed up');
    expect((await mod.post(`${path}/matching/run`)).status).toBe(303);
    await drainJobs(ctx);
    const rerun = await (await mod.get(`${path}/matching`)).text();
    const pairs = pairsOf(rerun);
    expect(pairs).toContain(`${e.login}→${a.login}`);
    expect(pairs).toHaveLength(4);

    // Closing with people unmatched first shows who and why.
    html = page(await (await mod.get(`${path}/close`)).text());
    expect(html.all('#unmatched li').some((l) => l.startsWith(`${e.login}: Gets no gift`))).toBe(true);

    // Sending: each giver gets their recipient's requests by mail, and sending again sends nothing.
    expect((await mod.post(`${path}/send`)).status).toBe(303);
    expect((await mod.post(`${path}/send`)).status).toBe(422);
    await drainJobs(ctx);
    const toE = await mail.messageTo(e.email);
    expect(toE.subject).toContain(`a gift for ${a.login}`);
    expect(toE.text).toContain('Fandoms: Smallville');
    expect(toE.text).toContain(`${a.login} would like a story`);
    const outbox = await ctx.db.kysely.selectFrom('outbox').select('messageKey').where('messageKey', 'like', 'exchange:%').execute();
    expect(outbox).toHaveLength(4);

    // Sign-ups are closed to changes once matched: refused with the message, the text kept.
    response = await (await as(a)).post(`${path}/signup`, { request1_fandom: 'Merlin', request1_note: 'changed my mind', offer1_fandom: 'Merlin' });
    expect(response.status).toBe(422);
    html = page(await response.text());
    expect(html.text('#form-error')).toContain('sign-ups are closed');
    expect(html.value('request1_note')).toBe('changed my mind');

    // The giver sees the assignment; someone else's page is refused.
    const agentE = await as(e);
    html = page(await (await agentE.get(`/users/${e.login}/assignments`)).text());
    expect(html.text('.assignment h2')).toContain(`for ${a.login}`);
    expect((await (await as(a)).get(`/users/${e.login}/assignments`)).status).toBe(403);
    const assignmentId = Number(html.attr('.assignment', 'id')!.replace('assignment-', ''));

    // A default, a pinch hitter, and the recipient still gets a gift.
    expect((await (await as(a)).post(`/assignments/${assignmentId}/default`)).status).toBe(422);
    expect((await agentE.post(`/assignments/${assignmentId}/default`)).status).toBe(303);
    expect((await agentE.post(`/assignments/${assignmentId}/default`)).status).toBe(422);
    html = page(await (await mod.post(`${path}/assignments/${assignmentId}/pinch-hit`, { login: hitter.login })).text());
    expect(html.fieldError('login')).toContain('has not offered to pinch hit');
    const agentHitter = await as(hitter);
    expect((await agentHitter.post(`${path}/pinch-hitters`)).status).toBe(303);
    expect((await mod.post(`${path}/assignments/${assignmentId}/pinch-hit`, { login: hitter.login })).status).toBe(303);
    await drainJobs(ctx);
    expect((await mail.messageTo(hitter.email)).subject).toContain('pinch-hit assignment');
    html = page(await (await agentHitter.get(`/users/${hitter.login}/assignments`)).text());
    const pinchId = Number(html.attr('.assignment', 'id')!.replace('assignment-', ''));
    expect(html.text('.assignment h2')).toContain(`for ${a.login} (pinch hit)`);

    // The gift: another's work is refused; the pinch hitter's own joins the collection and names its recipient.
    const othersWork = await makeWork(ctx, b);
    expect(page(await (await agentHitter.post(`/assignments/${pinchId}/fulfil`, { workId: String(othersWork) })).text()).fieldError('workId')).toContain('a work of your own');
    const gift = await makeWork(ctx, hitter, { title: 'A Gift of Rain' });
    expect((await agentHitter.post(`/assignments/${pinchId}/fulfil`, { workId: String(gift) })).status).toBe(303);
    const workPage = page(await (await server.agent().get(`/works/${gift}`)).text());
    expect(workPage.text('.gift')).toBe(`For ${a.login}`);

    // Only the recipient may refuse it; then the gift line goes and the work stays.
    const recipientPage = page(await (await (await as(a)).get(`/works/${gift}`)).text());
    const refuse = recipientPage.attr('.gift form', 'action')!;
    const byOther = await (await as(b)).post(refuse);
    expect(byOther.status, `${refuse} ${(await byOther.clone().text()).slice(0, 3000)}`).toBe(403);
    expect((await (await as(a)).post(refuse)).status).toBe(303);
    const after = await server.agent().get(`/works/${gift}`);
    expect(after.status).toBe(200);
    expect(page(await after.text()).exists('.gift')).toBe(false);

    // Closing, confirmed.
    expect((await mod.post(`${path}/close`)).status).toBe(303);
    expect((await mod.post(`${path}/matching/run`)).status).toBe(422);
  });

  it('refuses sign-ups after the deadline, keeping what was typed', async () => {
    const ctx = server.ctx;
    const owner = await makeUser(ctx);
    const late = await makeUser(ctx);
    const { name } = await makeCollection(ctx, owner, { challengeType: 'gift_exchange' });
    const path = `/collections/${name}/exchange`;
    expect((await (await as(owner)).post(`${path}/settings`, settingsForm({ signupClosesAt: '2020-02-01' }))).status).toBe(303);
    const response = await (await as(late)).post(`${path}/signup`, { request1_fandom: 'Merlin', request1_note: 'Please, a long one', offer1_fandom: 'Merlin' });
    expect(response.status).toBe(422);
    const html = page(await response.text());
    expect(html.text('#form-error')).toContain('Sign-ups closed on');
    expect(html.value('request1_note')).toBe('Please, a long one');
    expect(await ctx.db.kysely.selectFrom('exchangeSignups').select('id').where('userId', '=', late.id).execute()).toHaveLength(0);
    expect((await server.agent().post(`${path}/signup`, {})).status).toBe(303);
  });
});
