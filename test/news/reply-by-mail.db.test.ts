import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsResolver } from '../../src/context.ts';
import { findComment } from '../../src/feedback/comment.repository.ts';
import { deleteComment, moderateComment, postComment } from '../../src/feedback/comment.service.ts';
import { startInboundListener, type InboundListener } from '../../src/mail/inbound.server.ts';
import { mailToken, tokenAddress } from '../../src/mail/mail.token.ts';
import { creatorsOfWorks, findWork } from '../../src/works/work.repository.ts';
import { drainJobs, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';

// Replying by mail, end to end over real SMTP: the archive mails a comment with Reply-To
// reply+TOKEN@, the reader's answer goes to the inbound listener, which posts what they wrote
// above the quote as their reply, under the same rules as the site's form. Every refusal is an
// SMTP error (at RCPT where the envelope already tells) and posts nothing.

// Four comments a minute per account, so the rate limit can be reached by mail.
// INBOUND_SMTP_PORT says replies by mail are taken (so mails carry Reply-To); nothing listens on it here.
const { server, mail } = useMailServer({ INBOUND_SMTP_PORT: '2525', COMMENTS_PER_MINUTE: '4', COMMENTS_PER_DAY: '1000' });
const db = () => server.ctx.db.kysely;
let listener: InboundListener;
let addresses = 0;

// DNS is the test's own: strict.test publishes DMARC p=reject (and no SPF that allows 127.0.0.1),
// broken.test's name server does not answer, every other name does not exist.
const resolveDns: DnsResolver = async (name, type) => {
  if (name.toLowerCase().endsWith('broken.test')) throw Object.assign(new Error(`query${type} ESERVFAIL ${name}`), { code: 'ESERVFAIL' });
  if (type === 'TXT' && name.toLowerCase() === '_dmarc.strict.test') return [['v=DMARC1; p=reject']];
  throw Object.assign(new Error(`query${type} ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  listener = await startInboundListener({ ...server.ctx, resolveDns }, { port: 0, host: '127.0.0.1' });
});
afterAll(() => listener?.close());

/** A comment (or reply) posted through the comment service, each from an address of its own. */
async function commentBy(user: TestUser, workId: number, body: string, parentId: number | null = null): Promise<number> {
  const work = (await findWork(db(), workId))!;
  const parent = parentId === null ? null : ((await findComment(db(), parentId)) ?? null);
  const chapterId = parent?.chapterId ?? (await db().selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow()).id;
  const result = await postComment(server.ctx, { work, creators: await creatorsOfWorks(db(), [workId]), chapterId, parent, author: { kind: 'account', viewer: user, pseudId: null, address: `192.0.2.${++addresses % 250}` }, body });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.commentId;
}

/** The mail about `commentId` that `user` got, once it has been sent. */
async function mailAbout(user: TestUser, commentId: number): Promise<ReceivedMail & { replyAddress: string }> {
  await drainJobs(server.ctx);
  await mail.messageTo(user.email);
  const got = mail.messagesTo(user.email).find((m) => m.text?.includes(`/comments/${commentId}`));
  if (!got) throw new Error(`no mail about comment ${commentId}`);
  return Object.assign(got, { replyAddress: got.replyTo!.value[0]!.address! });
}

/** What a mail program sends as an answer: the new text, then the quoted message, then a signature. */
function answer(text: string, quoting: ReceivedMail): string {
  const quoted = (quoting.text ?? '').split('\n').map((line) => `> ${line}`).join('\n');
  return `${text}\n\nOn Thu, 3 Dec 2026 at 12:00, Records Room <archive@records-room.test> wrote:\n${quoted}\n\n-- \nSent from my typewriter\n`;
}

function send(message: { envelopeFrom: string; from?: string; to: string; text?: string; html?: string; headers?: Record<string, string>; inReplyTo?: string }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  return transport.sendMail({
    envelope: { from: message.envelopeFrom, to: message.to },
    from: message.from ?? message.envelopeFrom,
    to: message.to,
    subject: 'Re: your comment',
    text: message.text,
    html: message.html,
    headers: message.headers,
    inReplyTo: message.inReplyTo,
  });
}

async function repliesTo(commentId: number) {
  return db().selectFrom('comments').select(['id', 'userId', 'body', 'status']).where('parentId', '=', commentId).orderBy('id').execute();
}

/** A work by a confirmed author, a confirmed reader's comment on it, and the author's mail about it. */
async function scene(title: string, authorEmail?: string) {
  const author = await makeUser(server.ctx, { confirmed: true, ...(authorEmail ? { email: authorEmail } : {}) });
  const reader = await makeUser(server.ctx, { confirmed: true });
  const workId = await makeWork(server.ctx, author, { title });
  const commentId = await commentBy(reader, workId, `What a story, ${title}.`);
  return { author, reader, workId, commentId, got: await mailAbout(author, commentId) };
}

describe('reply by mail', () => {
  it('posts the answer above the quote as the creator’s reply, and its own mail can be answered in turn', async () => {
    const { author, reader, workId, commentId, got } = await scene('Mail Road');
    expect(got.replyAddress).toMatch(/^reply\+r\d+\.[A-Za-z0-9_-]{16}@records-room\.test$/);
    const sent = await send({ envelopeFrom: author.email, to: got.replyAddress, text: answer('Thank you so much!\n\nThe next chapter is nearly done.', got), inReplyTo: got.messageId });
    expect(sent.accepted).toEqual([got.replyAddress]);
    const [reply] = await repliesTo(commentId);
    expect(reply).toMatchObject({ userId: author.id, status: 'published', body: '<p>Thank you so much!</p>\n<p>The next chapter is nearly done.</p>' });
    expect(reply!.body).not.toContain('What a story');
    expect(reply!.body).not.toContain('typewriter');
    expect((await db().selectFrom('works').select('commentCount').where('id', '=', workId).executeTakeFirstOrThrow()).commentCount).toBe(2);

    // The reader is told of the reply by mail, and answers it by mail too.
    const toReader = await mailAbout(reader, reply!.id);
    expect(toReader.subject).toBe('[Records Room] Reply to your comment on "Mail Road"');
    expect(toReader.text).toContain('Thank you so much!');
    await send({ envelopeFrom: reader.email.toUpperCase(), to: toReader.replyAddress, text: answer('Cannot wait for it.', toReader) });
    expect(await repliesTo(reply!.id)).toEqual([expect.objectContaining({ userId: reader.id, status: 'published', body: '<p>Cannot wait for it.</p>' })]);
  });

  it('reads an answer sent as HTML only, its quote in a blockquote', async () => {
    const { author, commentId, got } = await scene('Rich Text');
    const html = `<div>Lovely to <b>hear</b>.</div><div><br></div><div class="gmail_quote">On Thu, 3 Dec 2026 at 12:00, Records Room &lt;archive@records-room.test&gt; wrote:<br><blockquote>${got.text}</blockquote></div>`;
    await send({ envelopeFrom: author.email, to: got.replyAddress, html });
    const [reply] = await repliesTo(commentId);
    expect(reply?.body).toBe('<p>Lovely to hear.</p>');
  });

  it('refuses a forged or unknown reply address at RCPT', async () => {
    const { author, got } = await scene('Forgery');
    const forged = got.replyAddress.replace(/\.([A-Za-z0-9_-])/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    await expect(send({ envelopeFrom: author.email, to: forged, text: 'Hello.' })).rejects.toMatchObject({ responseCode: 550 });
    const unknown = tokenAddress(server.ctx, 'reply', await mailToken(server.ctx, 'reply', 987_654_321));
    const error = await send({ envelopeFrom: author.email, to: unknown, text: 'Hello.' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 550 });
    expect(String((error as Error).message)).toMatch(/deleted: nothing was posted/);
    // A bounce token is not a reply token.
    const bounce = got.replyAddress.replace(/^reply\+r/, 'reply+b');
    await expect(send({ envelopeFrom: author.email, to: bounce, text: 'Hello.' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses a reply to a deleted comment, with replies or without, at RCPT', async () => {
    const alone = await scene('Gone Alone');
    await deleteComment(server.ctx, (await findComment(db(), alone.commentId))!);
    const error = await send({ envelopeFrom: alone.author.email, to: alone.got.replyAddress, text: 'Too late?' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 550 });
    expect(String((error as Error).message)).toContain('The comment this mail answers has been deleted');

    const kept = await scene('Gone With Replies');
    await commentBy(kept.author, kept.workId, 'An answer on the site.', kept.commentId);
    await deleteComment(server.ctx, (await findComment(db(), kept.commentId))!);
    expect((await findComment(db(), kept.commentId))!.status).toBe('deleted');
    await expect(send({ envelopeFrom: kept.author.email, to: kept.got.replyAddress, text: 'Too late?' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await repliesTo(kept.commentId)).toHaveLength(1);
  });

  it('takes a reply only from the recipient’s confirmed address: envelope, From header, and confirmation all checked', async () => {
    const { author, commentId, got } = await scene('Whose Mail');
    const stranger = await send({ envelopeFrom: 'someone@elsewhere.test', to: got.replyAddress, text: 'Hijack.' }).catch((e: unknown) => e);
    expect(stranger).toMatchObject({ responseCode: 550 });
    expect(String((stranger as Error).message)).toContain('only from the confirmed address');
    expect(String((stranger as Error).message)).not.toContain(author.email);
    // The envelope is right, the From header is someone else's: refused after the message is read.
    const header = await send({ envelopeFrom: author.email, from: 'someone@elsewhere.test', to: got.replyAddress, text: 'Hijack.' }).catch((e: unknown) => e);
    expect(header).toMatchObject({ responseCode: 550 });
    expect(String((header as Error).message)).toContain('The From address of this reply');
    // An address no longer confirmed (changed since, say) takes no replies.
    await db().updateTable('users').set({ emailConfirmedAt: null }).where('id', '=', author.id).execute();
    await expect(send({ envelopeFrom: author.email, to: got.replyAddress, text: 'Hijack.' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await repliesTo(commentId)).toHaveLength(0);
  });

  it('refuses a reply that fails DMARC where the sender’s domain publishes it, and asks to try later when DNS fails', async () => {
    const strict = await scene('Strict Domain', `author${Date.now().toString(36)}@strict.test`);
    const failed = await send({ envelopeFrom: strict.author.email, to: strict.got.replyAddress, text: 'Unsigned, from a server not mine.' }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ responseCode: 550 });
    expect(String((failed as Error).message)).toContain('The reply fails DMARC: strict.test publishes a policy');
    const broken = await scene('Broken DNS', `author${Date.now().toString(36)}@broken.test`);
    const later = await send({ envelopeFrom: broken.author.email, to: broken.got.replyAddress, text: 'Hello?' }).catch((e: unknown) => e);
    expect(later).toMatchObject({ responseCode: 451 });
    expect(await repliesTo(strict.commentId)).toHaveLength(0);
    expect(await repliesTo(broken.commentId)).toHaveLength(0);
  });

  it('refuses an empty answer, one too long, one to a frozen thread or a work closed to comments', async () => {
    const { author, workId, commentId, got } = await scene('House Rules');
    const empty = await send({ envelopeFrom: author.email, to: got.replyAddress, text: answer('', got) }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ responseCode: 550 });
    expect(String((empty as Error).message)).toContain('Your reply is empty once the quoted text and signature are taken off');
    const long = await send({ envelopeFrom: author.email, to: got.replyAddress, text: 'word '.repeat(2_100) }).catch((e: unknown) => e);
    expect(long).toMatchObject({ responseCode: 550 });
    expect(String((long as Error).message)).toContain('That is too long: use at most 10,000 characters.');

    await moderateComment(server.ctx, (await findComment(db(), commentId))!, 'freeze');
    const frozen = await send({ envelopeFrom: author.email, to: got.replyAddress, text: 'Frozen?' }).catch((e: unknown) => e);
    expect(frozen).toMatchObject({ responseCode: 550 });
    expect(String((frozen as Error).message)).toContain('This thread is frozen: it takes no new replies.');
    await moderateComment(server.ctx, (await findComment(db(), commentId))!, 'unfreeze');

    await db().updateTable('works').set({ commentPermission: 'nobody' }).where('id', '=', workId).execute();
    const closed = await send({ envelopeFrom: author.email, to: got.replyAddress, text: 'Closed?' }).catch((e: unknown) => e);
    expect(closed).toMatchObject({ responseCode: 550 });
    expect(String((closed as Error).message)).toContain("The creators of this work have turned off comments on it.");
    expect(await repliesTo(commentId)).toHaveLength(0);
  });

  it('holds a reader’s mailed reply on a moderated work for approval, as the form would', async () => {
    const { author, reader, workId, commentId } = await scene('Moderated');
    await db().updateTable('works').set({ moderateComments: 1 }).where('id', '=', workId).execute();
    const answerId = await commentBy(author, workId, 'Thanks, from the site.', commentId);
    const toReader = await mailAbout(reader, answerId);
    await send({ envelopeFrom: reader.email, to: toReader.replyAddress, text: 'Glad to hear it.' });
    expect(await repliesTo(answerId)).toEqual([expect.objectContaining({ userId: reader.id, status: 'pending' })]);
  });

  it('posts a mail delivered twice once (its sender’s server retrying after a lost answer)', async () => {
    const { author, commentId, got } = await scene('Twice');
    const text = answer('Said once, sent twice.', got);
    await send({ envelopeFrom: author.email, to: got.replyAddress, text });
    await send({ envelopeFrom: author.email, to: got.replyAddress, text });
    expect(await repliesTo(commentId)).toEqual([expect.objectContaining({ body: '<p>Said once, sent twice.</p>', status: 'published' })]);
  });

  it('takes an out-of-office answer and posts nothing', async () => {
    const { author, commentId, got } = await scene('Away');
    const sent = await send({ envelopeFrom: author.email, to: got.replyAddress, text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(sent.accepted).toHaveLength(1);
    expect(await repliesTo(commentId)).toHaveLength(0);
  });

  it('answers a reader over the rate limit with a temporary failure, so their server tries again later', async () => {
    const { author, reader, workId, commentId } = await scene('Busy');
    const answerId = await commentBy(author, workId, 'A word from the site.', commentId);
    const toReader = await mailAbout(reader, answerId);
    // The reader's comment was one of four this minute; three more by mail fill the limit.
    for (const n of [1, 2, 3]) await send({ envelopeFrom: reader.email, to: toReader.replyAddress, text: `Thought number ${n}.` });
    const error = await send({ envelopeFrom: reader.email, to: toReader.replyAddress, text: 'Thought number 4.' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 451 });
    expect(String((error as Error).message)).toContain('You are posting comments too quickly');
    expect(await repliesTo(answerId)).toHaveLength(3);
  });
});
