import { beforeAll, describe, expect, it } from 'vitest';
import { tellSubscribers } from '../../src/news/subscription.announce.ts';
import { page } from '../support/dom.ts';
import { drainJobs, makeTag, makeUser, makeWork, tagNamed, workForm, wrangle, type TestUser } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// Subscriptions through the real server: the buttons on a work's, a creator's and a tag's
// page, the list page and its filter, every refusal (nothing changed), and the news: a chapter
// or a work posted, the jobs run, and the mail at a real SMTP peer, once per person, never to
// the author, never for drafts, reaching tag subscribers through synonyms and subtags; the
// unsubscribe link of such a mail ends that subscription.

const { server, mail } = useMailServer();
const db = () => server.ctx.db.kysely;

async function subscriptionsOf(user: TestUser) {
  return db().selectFrom('subscriptions').select(['id', 'targetType', 'targetId']).where('userId', '=', user.id).orderBy('id').execute();
}

/** Follows a 303 and returns the page it leads to, with its flash message. */
async function follow(agent: Agent, response: Response) {
  expect(response.status, await response.clone().text()).toBe(303);
  const location = response.headers.get('location')!;
  const next = await agent.get(location);
  const doc = page(await next.text());
  return { location, flash: doc.text('.flash'), doc };
}

/** Presses the page's Subscribe / Unsubscribe button as a browser would: its form's fields to its action. */
async function press(agent: Agent, path: string, button: 'Subscribe' | 'Unsubscribe') {
  const doc = page(await (await agent.get(path)).text());
  const form = doc.$('form.subscribe').filter((_, node) => doc.$(node).find('button').text().trim() === button).first();
  expect(form.length, `a ${button} button on ${path}`).toBe(1);
  const fields: Record<string, string> = {};
  form.find('input[type=hidden]').each((_, node) => {
    const name = doc.$(node).attr('name')!;
    if (name !== '_csrf') fields[name] = doc.$(node).attr('value') ?? '';
  });
  return follow(agent, await agent.post(form.attr('action')!, fields));
}

const subscribeButtons = async (agent: Agent, path: string) => page(await (await agent.get(path)).text()).count('form.subscribe');

function unsubscribeLink(got: ReceivedMail): string {
  const match = /https:\/\/records-room\.test(\/mail\/unsubscribe\/[A-Za-z0-9._-]+)/.exec(got.text ?? '');
  if (!match) throw new Error(`no unsubscribe link in ${got.text}`);
  return match[1]!;
}

/** Lets the SMTP peer take what the jobs sent, then returns everything to `address`. */
async function settled(address: string): Promise<ReceivedMail[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return mail.messagesTo(address);
}

describe('subscribing and unsubscribing', () => {
  let author: TestUser;
  let reader: TestUser;
  let workId: number;

  beforeAll(async () => {
    author = await makeUser(server.ctx);
    reader = await makeUser(server.ctx);
    workId = await makeWork(server.ctx, author, { title: 'Harvest Moon', freeforms: ['Harvest'] });
  });

  it('subscribes to a work from its page, says so a second time without a second row, and unsubscribes from it', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const done = await press(agent, `/works/${workId}`, 'Subscribe');
    expect(done.location).toBe(`/works/${workId}`);
    expect(done.flash).toContain('You are now subscribed to “Harvest Moon”');
    expect(done.doc.count('form.subscribe')).toBe(1);
    expect(done.doc.text('form.subscribe button')).toBe('Unsubscribe');
    expect(await subscriptionsOf(reader)).toEqual([expect.objectContaining({ targetType: 'work', targetId: workId })]);

    const again = await follow(agent, await agent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'Work', subscribable_id: String(workId) }));
    expect(again.flash).toBe('You are already subscribed to “Harvest Moon”.');
    expect(await subscriptionsOf(reader)).toHaveLength(1);

    const ended = await press(agent, `/works/${workId}`, 'Unsubscribe');
    expect(ended.flash).toBe('You have unsubscribed from “Harvest Moon”.');
    expect(await subscriptionsOf(reader)).toEqual([]);
    expect(ended.doc.text('form.subscribe button')).toBe('Subscribe');
  });

  it('subscribes to a creator from their page and to a tag from its page and its works page', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const creator = await press(agent, `/users/${author.login}`, 'Subscribe');
    expect(creator.flash).toContain(`You are now subscribed to “${author.login}”`);
    const tag = await tagNamed(server.ctx, 'Harvest');
    const onTag = await press(agent, `/tags/${tag.urlName}`, 'Subscribe');
    expect(onTag.flash).toContain('You are now subscribed to “Harvest”');
    expect(onTag.doc.text('form.subscribe button')).toBe('Unsubscribe');
    const onWorks = page(await (await agent.get(`/tags/${tag.urlName}/works`)).text());
    expect(onWorks.text('form.subscribe button')).toBe('Unsubscribe');
    expect((await subscriptionsOf(reader)).map((s) => s.targetType)).toEqual(['creator', 'tag']);
    await db().deleteFrom('subscriptions').where('userId', '=', reader.id).execute();
  });

  it('shows no button to logged-out readers, to a work’s own creator, or on one’s own page', async () => {
    const tag = await tagNamed(server.ctx, 'Harvest');
    const guest = server.agent();
    for (const path of [`/works/${workId}`, `/users/${author.login}`, `/tags/${tag.urlName}`, `/tags/${tag.urlName}/works`]) {
      expect(await subscribeButtons(guest, path), path).toBe(0);
    }
    const self = await server.agent().signInAs(author.id);
    expect(await subscribeButtons(self, `/works/${workId}`)).toBe(0);
    expect(await subscribeButtons(self, `/users/${author.login}`)).toBe(0);
    expect(await subscribeButtons(self, `/tags/${tag.urlName}`)).toBe(1);
  });

  it('lists one’s subscriptions with links, filters them by type, and ends one from the list', async () => {
    const other = await makeWork(server.ctx, author, { title: 'Second Harvest' });
    const agent = await server.agent().signInAs(reader.id);
    const tag = await tagNamed(server.ctx, 'Harvest');
    for (const [type, id] of [['Work', workId], ['Work', other], ['User', author.id], ['Tag', tag.id]] as const) {
      expect((await agent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: type, subscribable_id: String(id) })).status).toBe(303);
    }
    const all = page(await (await agent.get(`/users/${reader.login}/subscriptions`)).text());
    expect(all.text('h1')).toBe('My subscriptions');
    expect(all.count('li.subscription')).toBe(4);
    const links = all.$('li.subscription a').toArray().map((a) => ({ text: all.$(a).text(), href: all.$(a).attr('href') }));
    expect(links).toEqual(
      expect.arrayContaining([
        { text: 'Harvest Moon', href: `/works/${workId}` },
        { text: 'Second Harvest', href: `/works/${other}` },
        { text: author.login, href: `/users/${author.login}` },
        { text: 'Harvest', href: `/tags/${tag.urlName}` },
      ]),
    );
    const works = page(await (await agent.get(`/users/${reader.login}/subscriptions?type=works`)).text());
    expect(works.all('li.subscription a')).toEqual(['Second Harvest', 'Harvest Moon']);
    const users = page(await (await agent.get(`/users/${reader.login}/subscriptions?type=users`)).text());
    expect(users.all('li.subscription a')).toEqual([author.login]);
    const tags = page(await (await agent.get(`/users/${reader.login}/subscriptions?type=tags`)).text());
    expect(tags.all('li.subscription a')).toEqual(['Harvest']);

    const form = works.$('li.subscription').first().find('form');
    const ended = await follow(agent, await agent.post(form.attr('action')!, { return_to: form.find('input[name=return_to]').attr('value')! }));
    expect(ended.location).toBe(`/users/${reader.login}/subscriptions?type=works`);
    expect(ended.flash).toBe('You have unsubscribed from “Second Harvest”.');
    expect(ended.doc.all('li.subscription a')).toEqual(['Harvest Moon']);
    // The same button again changes nothing.
    const twice = await follow(agent, await agent.post(form.attr('action')!, {}));
    expect(twice.flash).toBe('That subscription had already ended; nothing was changed.');
    expect(await subscriptionsOf(reader)).toHaveLength(3);
    await db().deleteFrom('subscriptions').where('userId', '=', reader.id).execute();
  });

  it('keeps the list and its changes to its owner', async () => {
    const agent = await server.agent().signInAs(reader.id);
    await agent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'Work', subscribable_id: String(workId) });
    const [mine] = await subscriptionsOf(reader);
    const guest = server.agent();
    const anonymous = await guest.get(`/users/${reader.login}/subscriptions`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?return_to=/);
    const stranger = await server.agent().signInAs(author.id);
    expect((await stranger.get(`/users/${reader.login}/subscriptions`)).status).toBe(403);
    expect((await stranger.post(`/users/${reader.login}/subscriptions/${mine!.id}/delete`)).status).toBe(403);
    // Someone else's subscription through one's own address is not theirs to end either.
    const viaOwn = await follow(stranger, await stranger.post(`/users/${author.login}/subscriptions/${mine!.id}/delete`));
    expect(viaOwn.flash).toBe('That subscription had already ended; nothing was changed.');
    expect((await stranger.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'Work', subscribable_id: String(workId) })).status).toBe(403);
    const guestPost = await guest.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'Work', subscribable_id: String(workId), return_to: `/works/${workId}` });
    expect(guestPost.status).toBe(303);
    expect(guestPost.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(`/works/${workId}`)}`);
    expect((await server.agent().get(`/users/nobody-here/subscriptions`)).status).toBe(303);
    expect(await subscriptionsOf(reader)).toHaveLength(1);
    expect(await subscriptionsOf(author)).toHaveLength(0);
    await db().deleteFrom('subscriptions').where('userId', '=', reader.id).execute();
  });

  it('refuses a draft, a hidden, deleted or unknown work, an unknown tag, oneself and one’s own work, with a clear answer and nothing changed', async () => {
    const agent = await server.agent().signInAs(reader.id);
    const draft = await makeWork(server.ctx, author, { title: 'Not Yet', asDraft: true, freeforms: ['Only On A Draft'] });
    const ownDraft = await makeWork(server.ctx, reader, { title: 'My Draft', asDraft: true });
    const hidden = await makeWork(server.ctx, author, { title: 'Out of Sight' });
    await db().updateTable('works').set({ hiddenAt: new Date().toISOString(), hiddenReason: 'removal-requested' }).where('id', '=', hidden).execute();
    const own = await makeWork(server.ctx, reader, { title: 'Mine' });
    const draftTag = await tagNamed(server.ctx, 'Only On A Draft');
    const cases: [string, string, number, string][] = [
      ['Work', String(draft), 404, 'There is no such work to subscribe to.'],
      ['Work', String(ownDraft), 409, 'A draft can’t be subscribed to: post the work first.'],
      ['Work', String(hidden), 404, 'There is no such work to subscribe to.'],
      ['Work', '987654', 404, 'There is no such work to subscribe to.'],
      ['Work', String(own), 422, 'You can’t subscribe to your own work.'],
      ['Tag', '987654', 404, 'There is no such tag to subscribe to.'],
      ['Tag', String(draftTag.id), 404, 'There is no such tag to subscribe to.'],
      ['User', String(reader.id), 422, 'You can’t subscribe to yourself.'],
      ['User', '987654', 404, 'There is no such creator to subscribe to.'],
      ['Series', '987654', 404, 'There is no such series to subscribe to.'],
      ['Planet', '1', 422, 'Say what to subscribe to: a work, a series, a creator or a tag.'],
      ['Work', 'first', 422, 'Say which one to subscribe to, by its number.'],
    ];
    for (const [type, id, status, message] of cases) {
      const response = await agent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: type, subscribable_id: id });
      expect(response.status, `${type} ${id}`).toBe(status);
      expect(page(await response.text()).text('main p'), `${type} ${id}`).toBe(message);
    }
    const orphanAccount = await db().selectFrom('users').select('id').where('role', '=', 'system').executeTakeFirst();
    if (orphanAccount) expect((await agent.post(`/users/${reader.login}/subscriptions`, { subscribable_type: 'User', subscribable_id: String(orphanAccount.id) })).status).toBe(404);
    const missing = await agent.post(`/users/${reader.login}/subscriptions`, {});
    expect(missing.status).toBe(422);
    expect(await subscriptionsOf(reader)).toEqual([]);
    // The hidden work's own creator is told why, as a draft's is.
    const owner = await server.agent().signInAs(author.id);
    const ownHidden = await owner.post(`/users/${author.login}/subscriptions`, { subscribable_type: 'Work', subscribable_id: String(hidden) });
    expect(ownHidden.status).toBe(409);
  });

  it('lets logged-in readers subscribe to a restricted work', async () => {
    const restricted = await makeWork(server.ctx, author, { title: 'Members Only', isRestricted: true });
    const agent = await server.agent().signInAs(reader.id);
    const done = await press(agent, `/works/${restricted}`, 'Subscribe');
    expect(done.flash).toContain('You are now subscribed to “Members Only”');
    expect(await subscriptionsOf(reader)).toEqual([expect.objectContaining({ targetType: 'work', targetId: restricted })]);
    await db().deleteFrom('subscriptions').where('userId', '=', reader.id).execute();
  });
});

describe('subscription news', () => {
  let author: TestUser;
  let coauthor: TestUser;

  beforeAll(async () => {
    author = await makeUser(server.ctx, { confirmed: true });
    coauthor = await makeUser(server.ctx, { confirmed: true });
    // Rain is canonical, Rainstorms its synonym, and Weather its metatag.
    await makeTag(server.ctx, 'Freeform', 'Weather', { canonical: true });
    await makeTag(server.ctx, 'Freeform', 'Rain', { canonical: true });
    await makeTag(server.ctx, 'Freeform', 'Rainstorms');
    await wrangle(server.ctx, 'Rain', { isCanonical: true, metaTags: ['Weather'] });
    await wrangle(server.ctx, 'Rainstorms', { synonymOf: 'Rain' });
    await drainJobs(server.ctx);
  });

  async function subscribeAs(user: TestUser, type: 'Work' | 'User' | 'Tag', id: number) {
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.post(`/users/${user.login}/subscriptions`, { subscribable_type: type, subscribable_id: String(id) });
    expect(response.status).toBe(303);
  }

  async function addChapter(workId: number, title: string): Promise<number> {
    const agent = await server.agent().signInAs(author.id);
    const form = await (await agent.get(`/works/${workId}/chapters/new`)).text();
    const key = page(form).value('submissionKey')!;
    const response = await agent.post(`/works/${workId}/chapters`, { chapterTitle: title, text: 'The storm broke at last.', submissionKey: key });
    const match = /\/chapters\/(\d+)$/.exec(response.headers.get('location') ?? '');
    if (!match) throw new Error(`no chapter: ${response.status}`);
    return Number(match[1]);
  }

  it('mails a new chapter to the work’s subscribers with confirmed addresses, once each, and never to its author', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Long Road', expectedChapters: null, summary: '<p>Clark walks home.</p>' });
    const confirmed = await makeUser(server.ctx, { confirmed: true });
    const unconfirmed = await makeUser(server.ctx);
    await subscribeAs(confirmed, 'Work', workId);
    await subscribeAs(unconfirmed, 'Work', workId);
    // The author's own subscription to the tag does not tell them of their own chapter (or work).
    await subscribeAs(author, 'Tag', (await tagNamed(server.ctx, 'Clark Kent')).id);
    await drainJobs(server.ctx);
    const chapterId = await addChapter(workId, 'The Storm');
    await drainJobs(server.ctx);
    const got = await mail.messageTo(confirmed.email);
    expect(got.subject).toBe('[Records Room] New chapter of "Long Road"');
    expect(got.text).toContain('"Long Road" by ');
    expect(got.text).toContain('Chapter 2: The Storm');
    expect(got.text).toContain('Clark walks home.');
    expect(got.text).toContain(`https://records-room.test/works/${workId}/chapters/${chapterId}`);
    expect(got.text).toContain('To stop these messages:');
    // The job again (a retry) queues nothing twice.
    await tellSubscribers(server.ctx, { workId, chapterId, news: 'chapter' });
    await drainJobs(server.ctx);
    expect(await settled(confirmed.email)).toHaveLength(1);
    expect(mail.messagesTo(unconfirmed.email)).toHaveLength(0);
    expect(mail.messagesTo(author.email)).toHaveLength(0);
  });

  it('mails a new work to its creators’ and tags’ subscribers, through synonyms and subtags, once per person; not for a draft until it is posted', async () => {
    const ofCreator = await makeUser(server.ctx, { confirmed: true });
    const ofCanonical = await makeUser(server.ctx, { confirmed: true });
    const ofMetatag = await makeUser(server.ctx, { confirmed: true });
    const ofEverything = await makeUser(server.ctx, { confirmed: true });
    const ofOtherTag = await makeUser(server.ctx, { confirmed: true });
    const ofSynonym = await makeUser(server.ctx, { confirmed: true });
    await makeTag(server.ctx, 'Freeform', 'Sunshine', { canonical: true });
    const rain = await tagNamed(server.ctx, 'Rain');
    const weather = await tagNamed(server.ctx, 'Weather');
    const synonym = await tagNamed(server.ctx, 'Rainstorms');
    await subscribeAs(ofCreator, 'User', author.id);
    await subscribeAs(ofCanonical, 'Tag', rain.id);
    await subscribeAs(ofMetatag, 'Tag', weather.id);
    await subscribeAs(ofSynonym, 'Tag', synonym.id);
    await subscribeAs(ofEverything, 'User', author.id);
    await subscribeAs(ofEverything, 'Tag', rain.id);
    await subscribeAs(ofEverything, 'Tag', synonym.id);
    await subscribeAs(ofEverything, 'User', coauthor.id);
    await subscribeAs(ofOtherTag, 'Tag', (await tagNamed(server.ctx, 'Sunshine')).id);
    // Its co-creator subscribes to the tag, and is not told of a work of their own; a creator
    // who has not accepted the invitation is no creator yet, so their subscribers hear nothing.
    await subscribeAs(coauthor, 'Tag', rain.id);
    const invitee = await makeUser(server.ctx, { confirmed: true });
    const ofInvitee = await makeUser(server.ctx, { confirmed: true });
    await subscribeAs(ofInvitee, 'User', invitee.id);

    const agent = await server.agent().signInAs(author.id);
    const draft = await agent.post('/works', workForm(author, { title: 'Cloudburst', freeforms: 'Rainstorms', action: 'draft', coCreators: `${coauthor.login}, ${invitee.login}` }));
    expect(draft.status).toBe(303);
    const workId = Number(/\/works\/(\d+)/.exec(draft.headers.get('location')!)![1]);
    const accepting = await server.agent().signInAs(coauthor.id);
    expect((await accepting.post(`/users/${coauthor.login}/creatorships/${workId}/${coauthor.pseudId}`, { answer: 'accept' })).status).toBe(303);
    await drainJobs(server.ctx);
    expect(await settled(ofCanonical.email)).toHaveLength(0);

    // Posting the draft is its news.
    expect((await agent.post(`/works/${workId}/post`)).status).toBe(303);
    await drainJobs(server.ctx);
    const byCreator = await mail.messageTo(ofCreator.email);
    expect(byCreator.subject).toMatch(/^\[Records Room\] New work by .+: "Cloudburst"$/);
    expect(byCreator.text).toContain(`https://records-room.test/works/${workId}`);
    expect(byCreator.text).toContain('Clark waits out a storm.');
    const byTag = await mail.messageTo(ofCanonical.email);
    expect(byTag.subject).toBe('[Records Room] New work in Rain: "Cloudburst"');
    const byMetatag = await mail.messageTo(ofMetatag.email);
    expect(byMetatag.subject).toBe('[Records Room] New work in Weather: "Cloudburst"');
    expect((await mail.messageTo(ofSynonym.email)).subject).toBe('[Records Room] New work in Rainstorms: "Cloudburst"');
    expect(await settled(ofEverything.email)).toHaveLength(1);
    expect(mail.messagesTo(ofEverything.email)[0]!.subject).toMatch(/New work by/);
    expect(mail.messagesTo(ofOtherTag.email)).toHaveLength(0);
    expect(mail.messagesTo(author.email)).toHaveLength(0);
    expect(mail.messagesTo(coauthor.email)).toHaveLength(0);
    expect(mail.messagesTo(ofInvitee.email)).toHaveLength(0);
  });

  it('ends the subscription a mail came from by the POST of its unsubscribe link', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Stop Me', expectedChapters: null });
    const reader = await makeUser(server.ctx, { confirmed: true });
    await subscribeAs(reader, 'Work', workId);
    await subscribeAs(reader, 'User', coauthor.id);
    await addChapter(workId, 'Two');
    await drainJobs(server.ctx);
    const link = unsubscribeLink(await mail.messageTo(reader.email));
    const visitor = server.agent();
    const shown = page(await (await visitor.get(link)).text());
    expect(shown.text('main')).toContain('mail about new chapters of “Stop Me”');
    expect(await subscriptionsOf(reader)).toHaveLength(2);
    const done = page(await (await visitor.post(link)).text());
    expect(done.text('h1')).toBe('Unsubscribed');
    expect(await subscriptionsOf(reader)).toEqual([expect.objectContaining({ targetType: 'creator', targetId: coauthor.id })]);
    expect(page(await (await visitor.post(link)).text()).text('h1')).toBe('Nothing to unsubscribe from');
    // No more news of it.
    await addChapter(workId, 'Three');
    await drainJobs(server.ctx);
    expect(await settled(reader.email)).toHaveLength(1);
  });
});
