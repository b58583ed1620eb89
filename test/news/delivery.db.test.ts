import { describe, expect, it } from 'vitest';
import { ok } from '../../src/context.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { sendDigests } from '../../src/news/digest.jobs.ts';
import { deliverNews, type NewsItem } from '../../src/news/news.delivery.ts';
import type { NewsKind } from '../../src/news/news.kinds.ts';
import { deliveriesFor, setDelivery } from '../../src/news/preference.repository.ts';
import { deleteWorkRow } from '../../src/works/work.repository.ts';
import { drainJobs, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useMailServer } from '../support/mail.ts';

// The one way news reaches a person: their choice per kind (each, daily, none), the guard
// (posted, visible to them, not deleted, asked again before sending), confirmed addresses only,
// and the daily digest with its contents and its own unsubscribe.

const { server, mail } = useMailServer();
let serial = 0;

function item(user: TestUser, workId: number, kind: NewsKind = 'comment', overrides: Partial<NewsItem> = {}): NewsItem {
  const n = ++serial;
  return { userId: user.id, kind, key: `test:${n}:user:${user.id}`, workId, subject: `News ${n}`, text: `Something happened (${n}).\n`, line: `Line ${n}`, ...overrides };
}

async function deliver(items: NewsItem[]) {
  const result = await inTransaction(server.ctx, async (trx) => ok(await deliverNews(server.ctx, trx, items)));
  if (!result.ok) throw new Error('refused');
  return result.value;
}

async function outboxOf(user: TestUser) {
  return server.ctx.db.kysely.selectFrom('outbox').select(['status', 'subject', 'lastError', 'textBody']).where('recipient', '=', user.email.toLowerCase()).orderBy('id').execute();
}

async function setWork(workId: number, values: { isDraft?: 0 | 1; hiddenAt?: string | null; isRestricted?: 0 | 1 }) {
  await server.ctx.db.kysely.updateTable('works').set(values).where('id', '=', workId).execute();
}

describe('news delivery', () => {
  it('mails news as it happens to a confirmed address, once per event, with the unsubscribe of its kind', async () => {
    const author = await makeUser(server.ctx);
    const reader = await makeUser(server.ctx, { confirmed: true });
    const workId = await makeWork(server.ctx, author);
    const news = item(reader, workId, 'reply');
    expect(await deliver([news, { ...news }])).toEqual({ mailed: 1, digested: 0, dropped: 0 });
    expect((await deliver([news])).mailed).toBe(0);
    await drainJobs(server.ctx);
    const got = await mail.messageTo(reader.email);
    expect(got.subject).toBe(news.subject);
    expect(got.text).toContain('Something happened');
    expect(got.text).toContain('To stop these messages:');
    expect(mail.messagesTo(reader.email)).toHaveLength(1);
  });

  it('sends nothing to an address nobody confirmed, nor for a kind turned to none', async () => {
    const author = await makeUser(server.ctx);
    const unconfirmed = await makeUser(server.ctx);
    const quiet = await makeUser(server.ctx, { confirmed: true });
    await setDelivery(server.ctx.db.kysely, quiet.id, 'comment', 'none');
    const workId = await makeWork(server.ctx, author);
    expect(await deliver([item(unconfirmed, workId), item(quiet, workId), item(quiet, workId, 'reply')])).toEqual({ mailed: 1, digested: 0, dropped: 2 });
    await drainJobs(server.ctx);
    expect(await outboxOf(unconfirmed)).toEqual([]);
    expect((await outboxOf(quiet)).map((m) => m.status)).toEqual(['sent']);
  });

  it('tells nobody of a draft or a deleted work, and of a hidden work only its creators', async () => {
    const author = await makeUser(server.ctx, { confirmed: true });
    const reader = await makeUser(server.ctx, { confirmed: true });
    const draft = await makeWork(server.ctx, author, { asDraft: true });
    const hidden = await makeWork(server.ctx, author);
    await setWork(hidden, { hiddenAt: new Date().toISOString() });
    const restricted = await makeWork(server.ctx, author);
    await setWork(restricted, { isRestricted: 1 });
    const counts = await deliver([item(reader, draft), item(author, draft), item(reader, hidden), item(author, hidden, 'kudos', { kind: 'comment' }), item(reader, restricted), item(reader, 999_999)]);
    expect(counts).toEqual({ mailed: 2, digested: 0, dropped: 4 });
    await drainJobs(server.ctx);
    expect((await outboxOf(reader)).length).toBe(1);
    expect((await outboxOf(author)).length).toBe(1);
  });

  it('asks the guard again before sending: a work made a draft again, hidden or deleted since is not mailed about', async () => {
    const author = await makeUser(server.ctx);
    const reader = await makeUser(server.ctx, { confirmed: true });
    const drafted = await makeWork(server.ctx, author);
    const hidden = await makeWork(server.ctx, author);
    const deleted = await makeWork(server.ctx, author);
    const kept = await makeWork(server.ctx, author);
    expect((await deliver([drafted, hidden, deleted, kept].map((w) => item(reader, w)))).mailed).toBe(4);
    await setWork(drafted, { isDraft: 1 });
    await setWork(hidden, { hiddenAt: new Date().toISOString() });
    await deleteWorkRow(server.ctx.db.kysely, deleted);
    await drainJobs(server.ctx);
    const rows = await outboxOf(reader);
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'suppressed', 'suppressed', 'suppressed']);
    expect(rows.filter((r) => r.status === 'suppressed').every((r) => r.lastError === 'The work is no longer there for its reader.')).toBe(true);
    expect(mail.messagesTo(reader.email)).toHaveLength(1);
  });

  it('gathers daily news into one digest with its contents, asks the guard again, and sends it once', async () => {
    const author = await makeUser(server.ctx);
    const reader = await makeUser(server.ctx, { confirmed: true, login: `digest_${Date.now().toString(36)}` });
    const workId = await makeWork(server.ctx, author);
    const gone = await makeWork(server.ctx, author);
    const hidden = await makeWork(server.ctx, author);
    await setDelivery(server.ctx.db.kysely, reader.id, 'comment', 'daily');
    // Kudos are daily by default.
    const counts = await deliver([
      item(reader, workId, 'kudos', { line: 'Rowan left kudos on "Harvest"' }),
      item(reader, workId, 'kudos', { line: 'Sam left kudos on "Harvest"' }),
      item(reader, workId, 'comment', { line: 'Rowan commented on "Harvest"' }),
      item(reader, gone, 'comment', { line: 'About a work deleted since' }),
      item(reader, hidden, 'kudos', { line: 'About a work hidden since' }),
    ]);
    expect(counts).toEqual({ mailed: 0, digested: 5, dropped: 0 });
    await deleteWorkRow(server.ctx.db.kysely, gone);
    await setWork(hidden, { hiddenAt: new Date().toISOString() });
    await drainJobs(server.ctx);
    expect(mail.messagesTo(reader.email)).toHaveLength(0);

    await sendDigests(server.ctx, null);
    await sendDigests(server.ctx, null);
    await drainJobs(server.ctx);
    const digests = mail.messagesTo(reader.email);
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest.subject).toBe('[Records Room] Your daily news: 1 comment on your works, 2 kudos');
    const text = digest.text ?? '';
    expect(text).toMatch(/ {2}1 comment on your works\n {2}2 kudos\n/);
    expect(text).toContain('- Rowan commented on "Harvest"');
    expect(text).toContain('- Sam left kudos on "Harvest"');
    expect(text).not.toContain('deleted since');
    expect(text).not.toContain('hidden since');
    expect(text.indexOf('Rowan commented')).toBeLessThan(text.indexOf('Rowan left kudos'));
  });

  it('unsubscribing from the digest turns every daily kind to none and leaves the others', async () => {
    const author = await makeUser(server.ctx);
    const reader = await makeUser(server.ctx, { confirmed: true });
    const workId = await makeWork(server.ctx, author);
    await deliver([item(reader, workId, 'kudos')]);
    await sendDigests(server.ctx, null);
    await drainJobs(server.ctx);
    const digest = await mail.messageTo(reader.email);
    const link = /https:\/\/records-room\.test(\/mail\/unsubscribe\/[A-Za-z0-9._-]+)/.exec(digest.text ?? '')![1]!;
    const agent = server.agent();
    const shown = await agent.get(link);
    expect(await shown.text()).toContain('the daily digest of your news');
    const done = await agent.post(link, {});
    expect(done.status).toBeLessThan(400);
    expect(await deliveriesFor(server.ctx.db.kysely, reader.id)).toEqual({ comment: 'each', reply: 'each', kudos: 'none', subscription: 'each' });
  });
});
