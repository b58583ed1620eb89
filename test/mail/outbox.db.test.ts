import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { ok } from '../../src/context.ts';
import { queueMail, type OutgoingMail } from '../../src/mail/outbox.service.ts';
import { deliveriesOf } from '../../src/news/preference.repository.ts';
import { page } from '../support/dom.ts';
import { drainJobs, makeUser } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';
import { runJobs } from '../../src/jobs/job.worker.ts';

// The outbox through a real SMTP peer: what a message carries, that a key is sent once, that a
// refusing server is tried again, and the unsubscribe page, its one button and one-click POST.

const { server, mail } = useMailServer();
let serial = 0;

async function queue(message: Partial<OutgoingMail> & { to: string }): Promise<void> {
  const full: OutgoingMail = { key: `test:${++serial}`, subject: 'A message', text: 'Hello.\n', ...message };
  await inTransaction(server.ctx, async (trx) => ok(await queueMail(server.ctx, trx, [full])));
}

/** Makes every waiting job due now, as if its backoff had passed. */
async function backoffPassed(): Promise<void> {
  await server.ctx.db.kysely.updateTable('jobs').set({ runAt: new Date(0).toISOString() }).where('failedAt', 'is', null).execute();
}

/** A header's value as sent, unfolded (mailparser turns List-* headers into objects). */
function headerOf(mail: ReceivedMail, name: string): string | null {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).replace(/\r\n\s+/g, ' ').trim();
}

function unsubscribeLink(text: string | undefined): string {
  const match = /https:\/\/records-room\.test(\/mail\/unsubscribe\/[A-Za-z0-9._-]+)/.exec(text ?? '');
  if (!match) throw new Error(`no unsubscribe link in ${text}`);
  return match[1]!;
}

describe('the outbox', () => {
  it('sends a plain-text message from the archive with the headers of its stream and a bounce address of its own', async () => {
    const user = await makeUser(server.ctx, { email: 'reader-one@example.test' });
    await queue({ to: 'reader-one@example.test', userId: user.id, stream: 'notify:comment', fromName: 'Aelita via Records Room', subject: 'A new\ncomment', text: 'Someone commented.\n' });
    await drainJobs(server.ctx);
    const got = await mail.messageTo('reader-one@example.test');
    expect(got.from?.value[0]).toEqual({ name: 'Aelita via Records Room', address: 'archive@records-room.test' });
    expect(got.subject).toBe('A new comment');
    expect(got.text).toContain('Someone commented.');
    expect(headerOf(got, 'list-unsubscribe')).toMatch(/<https:\/\/records-room\.test\/mail\/unsubscribe\/u\d+\.[A-Za-z0-9_-]{16}>, <mailto:unsubscribe\+u\d+\.[A-Za-z0-9_-]{16}@records-room\.test\?subject=unsubscribe>/);
    expect(headerOf(got, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(headerOf(got, 'auto-submitted')).toBe('auto-generated');
    expect(got.envelopeFrom).toMatch(/^bounces\+b\d+\.[A-Za-z0-9_-]{16}@records-room\.test$/);
    expect(got.messageId).toMatch(/^<rr\.\d+\.[A-Za-z0-9_-]{12}@records-room\.test>$/);
    expect(unsubscribeLink(got.text)).toMatch(/^\/mail\/unsubscribe\//);
    const row = await server.ctx.db.kysely.selectFrom('outbox').selectAll().where('recipient', '=', 'reader-one@example.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
  });

  it('queues a message once however often its event is told, and mail someone asked for has no unsubscribe link', async () => {
    await queue({ key: 'confirm:42', to: 'twice@example.test', text: 'Your link.\n' });
    await queue({ key: 'confirm:42', to: 'twice@example.test', text: 'Your link.\n' });
    await drainJobs(server.ctx);
    await mail.messageTo('twice@example.test');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mail.messagesTo('twice@example.test')).toHaveLength(1);
    const got = mail.messagesTo('twice@example.test')[0]!;
    expect(headerOf(got, 'list-unsubscribe')).toBeNull();
    expect(got.text).not.toContain('To stop these messages');
  });

  it('tries again after the SMTP server refuses for a while, and sends the message once', async () => {
    mail.refuseNext(2);
    await queue({ to: 'busy@example.test' });
    const first = await runJobs(server.ctx, { once: true, log: () => {} });
    expect(first.retried).toBe(1);
    const waiting = await server.ctx.db.kysely.selectFrom('outbox').selectAll().where('recipient', '=', 'busy@example.test').executeTakeFirstOrThrow();
    expect(waiting.status).toBe('queued');
    expect(waiting.lastError).toMatch(/Try again later/);
    await backoffPassed();
    await runJobs(server.ctx, { once: true, log: () => {} });
    await backoffPassed();
    await drainJobs(server.ctx);
    await mail.messageTo('busy@example.test');
    expect(mail.messagesTo('busy@example.test')).toHaveLength(1);
    const sent = await server.ctx.db.kysely.selectFrom('outbox').selectAll().where('recipient', '=', 'busy@example.test').executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('sends nothing to an address whose delivery has stopped', async () => {
    await server.ctx.db.kysely.insertInto('mailAddresses').values({ address: 'gone@example.test', hardBounces: 1, stoppedAt: new Date().toISOString(), updatedAt: new Date().toISOString() }).execute();
    await queue({ to: 'Gone@Example.test' });
    await drainJobs(server.ctx);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mail.messagesTo('gone@example.test')).toHaveLength(0);
    const row = await server.ctx.db.kysely.selectFrom('outbox').select('status').where('recipient', '=', 'Gone@Example.test').executeTakeFirstOrThrow();
    expect(row.status).toBe('suppressed');
  });
});

describe('unsubscribing', () => {
  it('shows one button on GET and changes nothing; the POST unsubscribes; a second POST says it was already done', async () => {
    const user = await makeUser(server.ctx, { email: 'leaver@example.test' });
    await queue({ to: 'leaver@example.test', userId: user.id, stream: 'notify:reply' });
    await drainJobs(server.ctx);
    const link = unsubscribeLink((await mail.messageTo('leaver@example.test')).text);
    const visitor = server.agent();
    const shown = await visitor.get(link);
    expect(shown.status).toBe(200);
    const doc = page(await shown.text());
    expect(doc.text('h1')).toBe('Unsubscribe');
    expect(doc.text('main')).toContain('mail about replies to your comments');
    expect(doc.all('form button')).toHaveLength(1);
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'reply')).get(user.id)).toBe('each');

    const done = await visitor.post(link);
    expect(done.status).toBe(200);
    expect(page(await done.text()).text('h1')).toBe('Unsubscribed');
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'reply')).get(user.id)).toBe('none');

    const again = await visitor.post(link);
    expect(page(await again.text()).text('h1')).toBe('Already unsubscribed');
  });

  it("answers a mail client's one-click POST without a form token (RFC 8058)", async () => {
    const user = await makeUser(server.ctx, { email: 'oneclick@example.test' });
    await queue({ to: 'oneclick@example.test', userId: user.id, stream: 'notify:kudos' });
    await drainJobs(server.ctx);
    const link = unsubscribeLink((await mail.messageTo('oneclick@example.test')).text);
    const response = await fetch(`${server.url}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'kudos')).get(user.id)).toBe('none');
  });

  it('answers a forged, altered or bounce token with a clear page and changes nothing', async () => {
    const user = await makeUser(server.ctx, { email: 'forged@example.test' });
    await queue({ to: 'forged@example.test', userId: user.id, stream: 'notify:comment' });
    await drainJobs(server.ctx);
    const got = await mail.messageTo('forged@example.test');
    const link = unsubscribeLink(got.text);
    const bounceToken = /^bounces\+([^@]+)@/.exec(got.envelopeFrom ?? '')![1]!;
    const altered = link.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    for (const path of [altered, '/mail/unsubscribe/u1.AAAAAAAAAAAAAAAA', '/mail/unsubscribe/nonsense', `/mail/unsubscribe/${bounceToken}`]) {
      for (const method of ['get', 'post'] as const) {
        const response = method === 'get' ? await server.agent().get(path) : await server.agent().post(path);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(page(await response.text()).text('h1')).toBe('This link does not work');
      }
    }
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'comment')).get(user.id)).toBe('each');
  });
});
