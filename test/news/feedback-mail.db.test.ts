import { creatorsOfWorks, findWork } from '../../src/works/work.repository.ts';
import { describe, expect, it } from 'vitest';
import { leaveKudos } from '../../src/feedback/kudos.service.ts';
import { sendDigests } from '../../src/news/digest.jobs.ts';
import type { Delivery, NewsKind } from '../../src/news/news.kinds.ts';
import { setDelivery } from '../../src/news/preference.repository.ts';
import { drainJobs, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// Comments, replies and kudos by mail, through the real server and a real SMTP peer: each as
// it happens, in the daily digest, or not at all, as each reader chose; never about one's own
// comment or kudos; guests named, never their address; a held comment told to its creators
// only, and its writer's parent only once approved.

// INBOUND_SMTP_PORT says replies by mail are taken (so mails carry Reply-To); nothing listens on it here.
const { server, mail } = useMailServer({ INBOUND_SMTP_PORT: '2525', TRUST_PROXY: 'true', COMMENTS_PER_MINUTE: '1000', COMMENTS_PER_DAY: '10000' });
const db = () => server.ctx.db.kysely;
let guests = 0;

async function confirmedUser(choices: Partial<Record<NewsKind, Delivery>> = {}): Promise<TestUser> {
  const user = await makeUser(server.ctx, { confirmed: true });
  for (const [kind, delivery] of Object.entries(choices)) await setDelivery(db(), user.id, kind as NewsKind, delivery);
  return user;
}

async function firstChapter(workId: number): Promise<number> {
  return (await db().selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').executeTakeFirstOrThrow()).id;
}

/** Posts a comment (or a reply to `parentId`) through the site; its id. */
async function commentAs(agent: Agent, workId: number, body: string, parentId?: number, extra: Record<string, string> = {}): Promise<number> {
  const response = parentId
    ? await agent.post(`/comments/${parentId}/replies`, { body, ...extra }, { headers: { 'x-forwarded-for': `203.0.113.${++guests % 250}` } })
    : await agent.post(`/works/${workId}/comments`, { body, chapter_id: String(await firstChapter(workId)), ...extra }, { headers: { 'x-forwarded-for': `203.0.113.${++guests % 250}` } });
  expect(response.status, await response.clone().text()).toBe(303);
  const row = await db().selectFrom('comments').select('id').where('workId', '=', workId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

async function digestLines(user: TestUser): Promise<string[]> {
  return (await db().selectFrom('newsDigest').select('line').where('userId', '=', user.id).orderBy('id').execute()).map((r) => r.line);
}

async function mailedAt(commentId: number, user: TestUser): Promise<string | null> {
  return (await db().selectFrom('notifications').select('mailedAt').where('commentId', '=', commentId).where('userId', '=', user.id).executeTakeFirstOrThrow()).mailedAt;
}

const replyToOf = (got: ReceivedMail) => got.replyTo?.value[0]?.address ?? null;

describe('comments by mail', () => {
  it('mails a comment as it happens to the work’s creator: who, what, where to read and answer it, and a reply address', async () => {
    const author = await confirmedUser();
    const reader = await makeUser(server.ctx, { login: `reader_${Date.now().toString(36)}` });
    const workId = await makeWork(server.ctx, author, { title: 'Lantern Road' });
    const commentId = await commentAs(await server.agent().signInAs(reader.id), workId, 'I loved the lanterns.\n\nAnd <em>the road</em>.');
    await drainJobs(server.ctx);
    const got = await mail.messageTo(author.email);
    expect(got.subject).toBe('[Records Room] Comment on "Lantern Road"');
    const text = got.text ?? '';
    expect(text).toContain(`${reader.login} commented on "Lantern Road":`);
    expect(text).toContain('I loved the lanterns.');
    expect(text).toContain('And the road.');
    expect(text).toContain(`https://records-room.test/comments/${commentId}`);
    expect(text).toContain(`https://records-room.test/comments/${commentId}#comment-form`);
    expect(text).not.toContain('<em>');
    expect(replyToOf(got)).toMatch(/^reply\+r\d+\.[A-Za-z0-9_-]{16}@records-room\.test$/);
    expect(text).toContain('Or answer this mail: what you write above the quoted text is posted as your reply.');
    expect(text).toContain('To stop these messages: https://records-room.test/mail/unsubscribe/');
    expect(await mailedAt(commentId, author)).not.toBeNull();
    // The writer hears nothing of their own comment.
    expect(mail.messagesTo(reader.email)).toHaveLength(0);
  });

  it('names a guest as "Name (Guest)" and never shows their address', async () => {
    const author = await confirmedUser();
    const workId = await makeWork(server.ctx, author, { title: 'Open Door' });
    await db().updateTable('works').set({ commentPermission: 'everyone' }).where('id', '=', workId).execute();
    await commentAs(server.agent(), workId, 'Passing through, lovely.', undefined, { name: 'Wanderer', email: 'wanderer@elsewhere.test' });
    await drainJobs(server.ctx);
    const got = await mail.messageTo(author.email);
    expect(got.text).toContain('Wanderer (Guest) commented on "Open Door":');
    expect(`${got.text}${got.subject}${JSON.stringify([...got.headers])}`).not.toContain('wanderer@elsewhere.test');
  });

  it('a comment chosen daily goes to the digest, not a mail of its own; none sends nothing at all', async () => {
    const daily = await confirmedUser({ comment: 'daily' });
    const quiet = await confirmedUser({ comment: 'none' });
    const reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
    const dailyWork = await makeWork(server.ctx, daily, { title: 'Slow Mail' });
    const quietWork = await makeWork(server.ctx, quiet, { title: 'No Mail' });
    const toDaily = await commentAs(reader, dailyWork, 'Told tomorrow.');
    const toQuiet = await commentAs(reader, quietWork, 'Told never.');
    await drainJobs(server.ctx);
    expect(mail.messagesTo(daily.email)).toHaveLength(0);
    expect(mail.messagesTo(quiet.email)).toHaveLength(0);
    expect(await digestLines(daily)).toEqual([expect.stringMatching(new RegExp(`commented on "Slow Mail": https://records-room\\.test/comments/${toDaily}$`))]);
    expect(await digestLines(quiet)).toEqual([]);
    expect(await mailedAt(toDaily, daily)).not.toBeNull();
    expect(await mailedAt(toQuiet, quiet)).toBeNull();
    await sendDigests(server.ctx, {});
    await drainJobs(server.ctx);
    const digest = await mail.messageTo(daily.email);
    expect(digest.subject).toBe('[Records Room] Your daily news: 1 comment on your works');
    expect(digest.text).toContain(`commented on "Slow Mail": https://records-room.test/comments/${toDaily}`);
    expect(mail.messagesTo(quiet.email)).toHaveLength(0);
  });

  it('mails a reply to the comment’s writer (each), puts it in the digest (daily) or drops it (none); the creator replying is not told of it', async () => {
    const author = await confirmedUser();
    const each = await confirmedUser();
    const daily = await confirmedUser({ reply: 'daily' });
    const none = await confirmedUser({ reply: 'none' });
    const workId = await makeWork(server.ctx, author, { title: 'Long Answer' });
    const authorAgent = await server.agent().signInAs(author.id);
    const replies: Record<string, number> = {};
    for (const [name, reader] of Object.entries({ each, daily, none })) {
      const commentId = await commentAs(await server.agent().signInAs(reader.id), workId, `A thought from ${name}.`);
      replies[name] = await commentAs(authorAgent, workId, `Thank you, ${name}!`, commentId);
    }
    await drainJobs(server.ctx);
    const got = await mail.messageTo(each.email);
    expect(got.subject).toBe('[Records Room] Reply to your comment on "Long Answer"');
    expect(got.text).toContain(`${author.login} replied to your comment on "Long Answer":`);
    expect(got.text).toContain('Thank you, each!');
    expect(replyToOf(got)).toMatch(/^reply\+r\d+\./);
    expect(mail.messagesTo(daily.email)).toHaveLength(0);
    expect(await digestLines(daily)).toEqual([expect.stringContaining(`replied to your comment on "Long Answer": https://records-room.test/comments/${replies.daily}`)]);
    expect(mail.messagesTo(none.email)).toHaveLength(0);
    expect(await digestLines(none)).toEqual([]);
    // The author was mailed the three comments, never their own three replies.
    expect(mail.messagesTo(author.email).map((m) => m.subject)).toEqual(Array(3).fill('[Records Room] Comment on "Long Answer"'));
  });

  it('tells nobody of their own comment or reply on their own work', async () => {
    const author = await confirmedUser();
    const workId = await makeWork(server.ctx, author, { title: 'Talking to Myself' });
    const agent = await server.agent().signInAs(author.id);
    const first = await commentAs(agent, workId, 'A note of my own.');
    await commentAs(agent, workId, 'And another.', first);
    await drainJobs(server.ctx);
    expect(mail.messagesTo(author.email)).toHaveLength(0);
    expect(await digestLines(author)).toEqual([]);
  });

  it('a comment held for approval is mailed to the creators as waiting; the writer it answers hears once it is approved', async () => {
    const author = await confirmedUser();
    const first = await confirmedUser();
    const second = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, author, { title: 'Gatehouse' });
    const firstComment = await commentAs(await server.agent().signInAs(first.id), workId, 'Published before moderation.');
    await db().updateTable('works').set({ moderateComments: 1 }).where('id', '=', workId).execute();
    const held = await commentAs(await server.agent().signInAs(second.id), workId, 'An answer that waits.', firstComment);
    await drainJobs(server.ctx);
    const toAuthor = mail.messagesTo(author.email).find((m) => m.text?.includes('An answer that waits.'));
    expect(toAuthor?.text).toContain('It waits for your approval before anyone else sees it');
    expect(mail.messagesTo(first.email)).toHaveLength(0);
    const approved = await (await server.agent().signInAs(author.id)).post(`/comments/${held}/approve`, {});
    expect(approved.status).toBe(303);
    await drainJobs(server.ctx);
    const got = await mail.messageTo(first.email);
    expect(got.subject).toBe('[Records Room] Reply to your comment on "Gatehouse"');
    expect(got.text).toContain('An answer that waits.');
    expect(got.text).not.toContain('waits for your approval');
    // Approval tells the creators nothing twice.
    expect(mail.messagesTo(author.email).filter((m) => m.text?.includes('An answer that waits.'))).toHaveLength(1);
  });
});

describe('kudos by mail', () => {
  it('come in the daily digest by default, guests counted, and never as a mail of their own', async () => {
    const author = await confirmedUser();
    const reader = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, author, { title: 'Kind Words' });
    const left = await (await server.agent().signInAs(reader.id)).post(`/works/${workId}/kudos`, {});
    expect(left.status).toBe(303);
    const guest = await server.agent().post(`/works/${workId}/kudos`, {}, { headers: { 'x-forwarded-for': '198.51.100.77' } });
    expect(guest.status).toBe(303);
    await drainJobs(server.ctx);
    expect(mail.messagesTo(author.email)).toHaveLength(0);
    expect(await digestLines(author)).toEqual([`${reader.login} left kudos on "Kind Words": https://records-room.test/works/${workId}`, `A guest left kudos on "Kind Words": https://records-room.test/works/${workId}`]);
    await sendDigests(server.ctx, {});
    await drainJobs(server.ctx);
    const digest = await mail.messageTo(author.email);
    expect(digest.subject).toBe('[Records Room] Your daily news: 2 kudos');
    expect(digest.text).toContain(`${reader.login} left kudos on "Kind Words"`);
  });

  it('come one mail each when chosen, and not at all with none', async () => {
    const each = await confirmedUser({ kudos: 'each' });
    const none = await confirmedUser({ kudos: 'none' });
    const reader = await makeUser(server.ctx);
    const eachWork = await makeWork(server.ctx, each, { title: 'Applause' });
    const noneWork = await makeWork(server.ctx, none, { title: 'Silence' });
    const agent = await server.agent().signInAs(reader.id);
    await agent.post(`/works/${eachWork}/kudos`, {});
    await agent.post(`/works/${noneWork}/kudos`, {});
    // Kudos left twice are one kudos, and one mail.
    await agent.post(`/works/${eachWork}/kudos`, {});
    await drainJobs(server.ctx);
    const got = await mail.messageTo(each.email);
    expect(got.subject).toBe('[Records Room] Kudos on "Applause"');
    expect(got.text).toContain(`${reader.login} left kudos on "Applause".`);
    expect(mail.messagesTo(each.email)).toHaveLength(1);
    expect(mail.messagesTo(none.email)).toHaveLength(0);
    expect(await digestLines(none)).toEqual([]);
  });

  it('tell no creator of their own kudos (the service asked directly: the site refuses them already)', async () => {
    const author = await confirmedUser({ kudos: 'each' });
    const workId = await makeWork(server.ctx, author, { title: 'Mirror' });
    const work = await findWork(server.ctx.db.kysely, workId);
    expect(await leaveKudos(server.ctx, work!, await creatorsOfWorks(server.ctx.db.kysely, [workId]), { userId: author.id, login: author.login })).toBe('left');
    await drainJobs(server.ctx);
    expect(mail.messagesTo(author.email)).toHaveLength(0);
    expect(await digestLines(author)).toEqual([]);
  });
});
