import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfirmedEmail } from '../../src/accounts/account-token.repository.ts';
import { countWorksOfUser } from '../../src/accounts/user.repository.ts';
import type { DnsResolver } from '../../src/context.ts';
import { startInboundListener, type InboundListener } from '../../src/mail/inbound.server.ts';
import { page } from '../support/dom.ts';
import { drainJobs, makeUser, type TestUser } from '../support/factories.ts';
import { useMailServer } from '../support/mail.ts';

// Post by mail through real SMTP conversations (nodemailer as the author's mail client) with
// the listener: a story becomes a draft and its author is answered (read by the test's SMTP
// peer); every refusal is an SMTP error at the step it belongs to, and leaves nothing saved.
// DNS is the test's own: strict.test and spf.test publish DMARC p=reject, and spf.test's SPF
// allows 127.0.0.1, so an unsigned message from it passes DMARC by SPF and one from
// strict.test fails it. The size limit is the default, 10 MB.

const { server, mail } = useMailServer();
let listener: InboundListener;
let serial = 0;

const DNS: Record<string, string[][]> = {
  '_dmarc.strict.test': [['v=DMARC1; p=reject']],
  '_dmarc.spf.test': [['v=DMARC1; p=reject']],
  '_dmarc.none.test': [['v=DMARC1; p=none']],
  'spf.test': [['v=spf1 ip4:127.0.0.1 -all']],
};
const resolveDns: DnsResolver = async (name, type) => {
  // A name server that does not answer: the DMARC record cannot be read, for now.
  if (name.toLowerCase().endsWith('broken.test')) throw Object.assign(new Error(`query${type} ESERVFAIL ${name}`), { code: 'ESERVFAIL' });
  const answer = type === 'TXT' ? DNS[name.toLowerCase()] : undefined;
  if (answer) return answer;
  throw Object.assign(new Error(`query${type} ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  listener = await startInboundListener({ ...server.ctx, resolveDns }, { port: 0, host: '127.0.0.1' });
});
afterAll(() => listener?.close());

const POST = 'post@records-room.test';

async function author(email: string, confirmed = true): Promise<TestUser> {
  const user = await makeUser(server.ctx, { email });
  if (confirmed) await setConfirmedEmail(server.ctx.db.kysely, user.id, email, new Date().toISOString());
  return user;
}

function story(options: { from: string; headerFrom?: string; messageId?: string; body?: string; subject?: string }): string {
  const body =
    options.body ??
    [
      'Title: Rain on the Barn',
      'Author: Willow',
      'Fandom: Smallville',
      'Rating: PG',
      'Pairing: Clark/Lex',
      'Summary: Clark waits out a storm.',
      '',
      'Chapter 1: The Storm',
      '',
      'The barn was quiet and the rain came down on the roof all night long. Clark listened to it.',
      '',
      'Chapter 2: The Morning',
      '',
      'In the morning the fields were flooded, and Lex came by in a truck he had clearly never driven before.',
      '',
      'END',
    ].join('\r\n');
  return [
    `From: Willow <${options.headerFrom ?? options.from}>`,
    `To: ${POST}`,
    `Subject: ${options.subject ?? 'Rain on the Barn'}`,
    `Message-ID: ${options.messageId ?? `<story-${++serial}@mail.test>`}`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

function send(message: { from: string; to?: string; raw?: string; attachments?: { filename: string; content: Buffer }[] }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true, name: 'client.mail.test' });
  const to = message.to ?? POST;
  if (message.raw) return transport.sendMail({ envelope: { from: message.from, to }, raw: message.raw });
  return transport.sendMail({ from: message.from, to, subject: 'Big', text: 'Title: Big\r\nFandom: Smallville\r\n\r\nA story with a picture.\r\n', attachments: message.attachments });
}

/** The drafts of a user, newest last. */
function worksOf(user: TestUser) {
  return server.ctx.db.kysely
    .selectFrom('works')
    .innerJoin('creatorships', 'creatorships.workId', 'works.id')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .select(['works.id', 'works.title', 'works.isDraft', 'works.chapterCount', 'works.wordCount'])
    .where('pseuds.userId', '=', user.id)
    .orderBy('works.id')
    .execute();
}

async function refusal(promise: Promise<unknown>): Promise<{ responseCode: number; command: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as { responseCode: number; command: string; message: string };
}

describe('a story mailed by an author', () => {
  it('becomes a draft with its title and chapters, and the author is mailed its link and what was read', async () => {
    const user = await author('willow@example.test');
    await send({ from: 'willow@example.test', raw: story({ from: 'willow@example.test' }) });

    const [work, ...others] = await worksOf(user);
    expect(others).toHaveLength(0);
    expect(work).toMatchObject({ title: 'Rain on the Barn', isDraft: 1, chapterCount: 2 });
    const chapters = await server.ctx.db.kysely.selectFrom('chapters').select(['title', 'body']).where('workId', '=', work!.id).orderBy('position').execute();
    expect(chapters.map((c) => c.title)).toEqual(['Chapter 1: The Storm', 'Chapter 2: The Morning']);
    expect(chapters[0]!.body).toContain('<p>The barn was quiet');
    const tags = await server.ctx.db.kysely.selectFrom('workTags').innerJoin('tags', 'tags.id', 'workTags.tagId').select(['tags.name', 'tags.type']).where('workTags.workId', '=', work!.id).execute();
    expect(tags).toEqual(expect.arrayContaining([{ name: 'Smallville', type: 'Fandom' }, { name: 'Clark/Lex', type: 'Relationship' }, { name: 'General Audiences', type: 'Rating' }, { name: 'M/M', type: 'Category' }]));

    // A draft: the author sees it, nobody else does.
    expect((await server.agent().get(`/works/${work!.id}`)).status).toBe(404);
    const own = await (await server.agent().signInAs(user.id)).get(`/works/${work!.id}`);
    expect(own.status).toBe(200);
    expect(page(await own.text()).text('h2')).toContain('Rain on the Barn');

    await drainJobs(server.ctx);
    const answer = await mail.messageTo('willow@example.test');
    expect(answer.subject).toBe('Draft saved: Rain on the Barn');
    expect(answer.text).toContain(`https://records-room.test/works/${work!.id}`);
    expect(answer.text).toContain('Title: Rain on the Barn');
    expect(answer.text).toContain('Chapters: 2');
    expect(answer.text).toContain(`Words: ${work!.wordCount}`);
    expect(answer.text).toContain('1. Chapter 1: The Storm (');
    expect(answer.text).not.toMatch(/left out/);
    expect(work!.wordCount).toBeGreaterThan(30);
    // Mail the author asked for: no stream to leave.
    expect(answer.headers.get('list-unsubscribe')).toBeUndefined();
  });

  it('says in the answer what was not found: no fandom, add one before posting', async () => {
    const user = await author('nofandom@example.test');
    const body = ['Title: Untagged Weather', '', 'It rained on the farm for a week, and nobody minded very much at all.', '', 'END'].join('\r\n');
    await send({ from: 'nofandom@example.test', raw: story({ from: 'nofandom@example.test', body, subject: 'Untagged Weather' }) });
    const [work] = await worksOf(user);
    expect(work).toMatchObject({ title: 'Untagged Weather', isDraft: 1, chapterCount: 1 });
    await drainJobs(server.ctx);
    const answer = await mail.messageTo('nofandom@example.test');
    expect(answer.text).toMatch(/No fandom was found: add one before posting\./);
    expect(answer.text).toMatch(/No rating was found/);
  });

  it('makes one draft and one answer of the same Message-ID sent twice', async () => {
    const user = await author('twice@example.test');
    const raw = story({ from: 'twice@example.test', messageId: '<same-story@mail.test>' });
    await send({ from: 'twice@example.test', raw });
    await send({ from: 'twice@example.test', raw });
    expect(await worksOf(user)).toHaveLength(1);
    await drainJobs(server.ctx);
    await mail.messageTo('twice@example.test');
    expect(mail.messagesTo('twice@example.test')).toHaveLength(1);
  });

  it('leaves out a tag the archive has as another type, and says so', async () => {
    const user = await author('clash@example.test');
    const other = await author('other@example.test');
    await send({ from: 'other@example.test', raw: story({ from: 'other@example.test', body: ['Title: First Use', 'Fandom: Smallville', 'Genre: Lantern Keeper', '', 'A short story about a long road home to the farm.', '', 'END'].join('\r\n') }) });
    expect(await worksOf(other)).toHaveLength(1);
    const body = ['Title: Second Use', 'Fandom: Smallville', 'Characters: Lantern Keeper, Martha Kent', '', 'The lantern keeper came down the hill at dusk, as every evening.', '', 'END'].join('\r\n');
    await send({ from: 'clash@example.test', raw: story({ from: 'clash@example.test', body }) });
    const [work] = await worksOf(user);
    const names = await server.ctx.db.kysely.selectFrom('workTags').innerJoin('tags', 'tags.id', 'workTags.tagId').select('tags.name').where('workTags.workId', '=', work!.id).execute();
    expect(names.map((n) => n.name)).toEqual(expect.arrayContaining(['Smallville', 'Martha Kent']));
    expect(names.map((n) => n.name)).not.toContain('Lantern Keeper');
    await drainJobs(server.ctx);
    expect((await mail.messageTo('clash@example.test')).text).toContain('“Lantern Keeper” is already a tag of another type here (additional tag), so it was not added as character.');
  });

  it('is taken from a domain that publishes DMARC when the message passes it (SPF aligned)', async () => {
    const user = await author('writer@spf.test');
    await send({ from: 'writer@spf.test', raw: story({ from: 'writer@spf.test' }) });
    expect(await worksOf(user)).toHaveLength(1);
  });
});

describe('refused during the conversation, nothing saved', () => {
  it('refuses a recipient that is not the posting address (or another of ours) at RCPT', async () => {
    await author('stray@example.test');
    const error = await refusal(send({ from: 'stray@example.test', to: 'posts@records-room.test', raw: story({ from: 'stray@example.test' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(error.message).toMatch(/no such address here/);
  });

  it('refuses a sender with no account at RCPT, saying why', async () => {
    const before = await server.ctx.db.kysely.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const error = await refusal(send({ from: 'stranger@example.test', raw: story({ from: 'stranger@example.test' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(error.message).toMatch(/<stranger@example\.test> is not the confirmed address of an author here/);
    const after = await server.ctx.db.kysely.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses an author whose address is not confirmed, with the same answer', async () => {
    const user = await author('unconfirmed@example.test', false);
    const error = await refusal(send({ from: 'unconfirmed@example.test', raw: story({ from: 'unconfirmed@example.test' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(error.message).toMatch(/not the confirmed address of an author here/);
    expect(await countWorksOfUser(server.ctx.db.kysely, user.id)).toBe(0);
  });

  it('refuses a 20 MB attachment with 552', async () => {
    const user = await author('big@example.test');
    const error = await refusal(send({ from: 'big@example.test', attachments: [{ filename: 'cover.bin', content: Buffer.alloc(20 * 1024 * 1024, 7) }] }));
    expect(error.responseCode).toBe(552);
    expect(error.message).toMatch(/too big: the limit is 10 MB/i);
    expect(await worksOf(user)).toHaveLength(0);
  });

  it('refuses a message from an author whose domain publishes DMARC, when it fails it', async () => {
    const user = await author('author@strict.test');
    const error = await refusal(send({ from: 'author@strict.test', raw: story({ from: 'author@strict.test' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'DATA' });
    expect(error.message).toMatch(/fails DMARC: strict\.test publishes a policy/);
    expect(await worksOf(user)).toHaveLength(0);
    await drainJobs(server.ctx);
    expect(mail.messagesTo('author@strict.test')).toHaveLength(0);
  });

  it('refuses a message failing DMARC under a policy of none too, and asks to try later when DNS fails', async () => {
    const relaxed = await author('author@none.test');
    const failing = await refusal(send({ from: 'author@none.test', raw: story({ from: 'author@none.test' }) }));
    expect(failing).toMatchObject({ responseCode: 550, command: 'DATA' });
    expect(failing.message).toMatch(/fails DMARC: none\.test/);
    const broken = await author('author@broken.test');
    const later = await refusal(send({ from: 'author@broken.test', raw: story({ from: 'author@broken.test' }) }));
    expect(later).toMatchObject({ responseCode: 451, command: 'DATA' });
    expect(later.message).toMatch(/DMARC record of broken\.test could not be read now; try again later/);
    expect([...(await worksOf(relaxed)), ...(await worksOf(broken))]).toHaveLength(0);
  });

  it('refuses a message with two addresses in its From header', async () => {
    const user = await author('pair@example.test');
    const raw = story({ from: 'pair@example.test' }).replace('From: Willow <pair@example.test>', 'From: Willow <pair@example.test>, Mallory <mallory@strict.test>');
    const error = await refusal(send({ from: 'pair@example.test', raw }));
    expect(error).toMatchObject({ responseCode: 550, command: 'DATA' });
    expect(error.message).toMatch(/exactly one address in its From header/);
    expect(await worksOf(user)).toHaveLength(0);
  });

  it('refuses a message whose From header is not the sending author', async () => {
    const user = await author('envelope@example.test');
    const error = await refusal(send({ from: 'envelope@example.test', raw: story({ from: 'envelope@example.test', headerFrom: 'someone@elsewhere.test' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'DATA' });
    expect(error.message).toMatch(/From header \(<someone@elsewhere\.test>\) is not the address the message was sent from/);
    expect(await worksOf(user)).toHaveLength(0);
  });

  it('refuses a mail with no text with 550 and a reason, and sends no answer', async () => {
    const user = await author('blank@example.test');
    const error = await refusal(send({ from: 'blank@example.test', raw: story({ from: 'blank@example.test', body: '\r\n   \r\n' }) }));
    expect(error).toMatchObject({ responseCode: 550, command: 'DATA' });
    expect(error.message).toMatch(/No story was found in the message \(no text\)/);
    expect(await worksOf(user)).toHaveLength(0);
    await drainJobs(server.ctx);
    expect(mail.messagesTo('blank@example.test')).toHaveLength(0);
  });
});

describe('behind a mail server, over LMTP', () => {
  let lmtp: InboundListener;
  beforeAll(async () => {
    lmtp = await startInboundListener({ ...server.ctx, config: { ...server.ctx.config, inboundLmtp: true }, resolveDns }, { port: 0, host: '127.0.0.1' });
  });
  afterAll(() => lmtp?.close());

  const handOn = (from: string, raw: string) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: lmtp.port, lmtp: true, secure: false, ignoreTLS: true, name: 'mx.records-room.test' }).sendMail({ envelope: { from, to: POST }, raw });

  it("judges SPF by the client in the mail server's Received header", async () => {
    const user = await author('relayed@spf.test');
    const received = 'Received: from client.spf.test (client.spf.test [127.0.0.1]) by mx.records-room.test (Postfix) with ESMTPS id 4F1; Thu, 03 Dec 2026 10:00:01 +0000\r\n';
    await handOn('relayed@spf.test', received + story({ from: 'relayed@spf.test' }));
    expect(await worksOf(user)).toHaveLength(1);

    // Without it the client is unknown, so SPF cannot pass and spf.test's DMARC refuses.
    // LMTP answers each recipient after DATA: the refusal is the posting address's.
    const answer = await handOn('relayed@spf.test', story({ from: 'relayed@spf.test' }));
    expect(answer.rejected).toEqual([POST]);
    expect(answer.response).toMatch(/^550 5\.7\.1 The message fails DMARC: spf\.test/);
    expect(await worksOf(user)).toHaveLength(1);
  });
});
