import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../src/context.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { scoreBounces } from '../../src/mail/bounce.jobs.ts';
import { startInboundListener, type InboundListener } from '../../src/mail/inbound.server.ts';
import { mailToken, tokenAddress } from '../../src/mail/mail.token.ts';
import { queueMail } from '../../src/mail/outbox.service.ts';
import { deliveriesOf } from '../../src/news/preference.repository.ts';
import { drainJobs, makeUser } from '../support/factories.ts';
import { useMailServer } from '../support/mail.ts';

// The inbound listener through real SMTP conversations (nodemailer as the sending client):
// recipients refused at RCPT, the size limit, DSN bounces scored until delivery stops, and
// the mailto unsubscribe.

const { server, mail } = useMailServer({ INBOUND_MAX_MB: '1' });
let listener: InboundListener;
let serial = 0;

beforeAll(async () => {
  listener = await startInboundListener(server.ctx, { port: 0, host: '127.0.0.1' });
});
afterAll(() => listener?.close());

function send(message: { from?: string; to: string; subject?: string; text?: string; raw?: string; attachments?: { filename: string; content: Buffer }[] }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  const from = message.from ?? 'mailer-daemon@elsewhere.test';
  return transport.sendMail(message.raw ? { envelope: { from, to: message.to }, raw: message.raw } : { from, to: message.to, subject: message.subject ?? 'Hello', text: message.text ?? 'Hello.\n', attachments: message.attachments });
}

async function sentMessage(to: string, userId: number, stream: string | null = 'notify:comment'): Promise<number> {
  const key = `inbound-test:${++serial}`;
  await inTransaction(server.ctx, async (trx) => ok(await queueMail(server.ctx, trx, [{ key, to, userId, stream, subject: 'A comment', text: 'Someone commented.\n' }])));
  await drainJobs(server.ctx);
  const row = await server.ctx.db.kysely.selectFrom('outbox').select(['id', 'status']).where('messageKey', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

function dsn(recipient: string, status: string): string {
  return [
    'From: Mail Delivery System <mailer-daemon@elsewhere.test>',
    `To: archive@records-room.test`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; elsewhere.test',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    `Status: ${status}`,
    '--b1--',
    '',
  ].join('\r\n');
}

describe('the inbound listener', () => {
  it('refuses an address that is not one of ours at RCPT, with 550', async () => {
    await expect(send({ to: 'nobody@records-room.test' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: 'bounces+b1.AAAAAAAAAAAAAAAA@records-room.test' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: 'someone@elsewhere.test' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses mail over the size limit with 552 and records nothing', async () => {
    const user = await makeUser(server.ctx, { email: 'big@example.test' });
    const id = await sentMessage('big@example.test', user.id);
    const address = tokenAddress(server.ctx, 'bounce', await mailToken(server.ctx, 'bounce', id));
    const error = await send({ to: address, text: 'x', attachments: [{ filename: 'big.bin', content: Buffer.alloc(2 * 1024 * 1024, 7) }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(String((error as Error).message)).toMatch(/too big/i);
    expect(await server.ctx.db.kysely.selectFrom('mailBounces').selectAll().where('outboxId', '=', id).execute()).toHaveLength(0);
  });
});

describe('bounces', () => {
  it('records a hard bounce, scores it once, stops delivery to the address', async () => {
    const user = await makeUser(server.ctx, { email: 'gone@example.test' });
    const id = await sentMessage('gone@example.test', user.id);
    const address = tokenAddress(server.ctx, 'bounce', await mailToken(server.ctx, 'bounce', id));
    await send({ to: address, raw: dsn('gone@example.test', '5.1.1') });
    const bounces = await server.ctx.db.kysely.selectFrom('mailBounces').selectAll().where('outboxId', '=', id).execute();
    expect(bounces).toMatchObject([{ recipient: 'gone@example.test', kind: 'hard', statusCode: '5.1.1' }]);

    await scoreBounces(server.ctx, null);
    await scoreBounces(server.ctx, null);
    const row = await server.ctx.db.kysely.selectFrom('mailAddresses').selectAll().where('address', '=', 'gone@example.test').executeTakeFirstOrThrow();
    expect(row.hardBounces).toBe(1);
    expect(row.stoppedAt).not.toBeNull();

    const before = mail.messagesTo('gone@example.test').length;
    const next = await sentMessage('gone@example.test', user.id);
    const status = await server.ctx.db.kysely.selectFrom('outbox').select('status').where('id', '=', next).executeTakeFirstOrThrow();
    expect(status.status).toBe('suppressed');
    expect(mail.messagesTo('gone@example.test')).toHaveLength(before);
  });

  it('counts soft bounces once a day and does not stop below the limit', async () => {
    const user = await makeUser(server.ctx, { email: 'full@example.test' });
    for (let i = 0; i < 3; i++) {
      const id = await sentMessage('full@example.test', user.id);
      await send({ to: tokenAddress(server.ctx, 'bounce', await mailToken(server.ctx, 'bounce', id)), raw: dsn('full@example.test', '4.2.2') });
    }
    await scoreBounces(server.ctx, null);
    const row = await server.ctx.db.kysely.selectFrom('mailAddresses').selectAll().where('address', '=', 'full@example.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ softBounces: 1, hardBounces: 0, stoppedAt: null });
  });

  it('takes a mail without a delivery status (an auto-reply) and records no bounce', async () => {
    const user = await makeUser(server.ctx, { email: 'away@example.test' });
    const id = await sentMessage('away@example.test', user.id);
    await send({ to: tokenAddress(server.ctx, 'bounce', await mailToken(server.ctx, 'bounce', id)), text: 'I am away until Monday.' });
    expect(await server.ctx.db.kysely.selectFrom('mailBounces').selectAll().where('outboxId', '=', id).execute()).toHaveLength(0);
  });
});

describe('the mailto unsubscribe', () => {
  it('unsubscribes the stream of the message it names', async () => {
    const user = await makeUser(server.ctx, { email: 'mailto@example.test' });
    const id = await sentMessage('mailto@example.test', user.id, 'notify:reply');
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'reply')).get(user.id)).toBe('each');
    await send({ from: 'mailto@example.test', to: tokenAddress(server.ctx, 'unsubscribe', await mailToken(server.ctx, 'unsubscribe', id)), subject: 'unsubscribe' });
    expect((await deliveriesOf(server.ctx.db.kysely, [user.id], 'reply')).get(user.id)).toBe('none');
  });
});
