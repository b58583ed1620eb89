import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import type { ConfigInput } from '../../src/config.ts';
import { useTestServer, type TestServer } from './server.ts';

/** A message as it arrived: parsed by mailparser, with the envelope the SMTP conversation gave. */
export type ReceivedMail = ParsedMail & { envelopeFrom: string | null; envelopeTo: string[] };

/** A real SMTP peer on 127.0.0.1: every message that arrives is parsed and kept. */
export interface MailCatcher {
  url: string;
  received: ReceivedMail[];
  /** Waits until a message to `address` has arrived. */
  messageTo(address: string): Promise<ReceivedMail>;
  /** Every message to `address` so far, oldest first. */
  messagesTo(address: string): ReceivedMail[];
  /** Answers the next `count` messages with a temporary failure (451), as a busy server would. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/** A header's value as sent, unfolded (mailparser turns List-* headers into objects). */
export function headerOf(mail: ParsedMail, name: string): string | null {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).replace(/\r\n\s+/g, ' ').trim();
}

export const recipientsOf = (mail: ParsedMail): string[] =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    // Plain SMTP without TLS or log-in, as a local relay would offer.
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refusals > 0) {
            refusals--;
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            return callback(error);
          }
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          received.push(Object.assign(mail, { envelopeFrom, envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) }));
          callback();
        })
        .catch(callback);
    },
  });
  // A client that dies mid-conversation (the worker killed in worker-crash.test.ts) resets its
  // connection; a real server logs that and goes on, and so does this one. Anything else is a fault.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const messagesTo = (address: string) => received.filter((m) => recipientsOf(m).includes(address.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    messagesTo,
    async messageTo(address) {
      for (let i = 0; i < 150; i++) {
        const mail = messagesTo(address)[0];
        if (mail) return mail;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no mail to ${address}; got ${received.length} other(s)`);
    },
    refuseNext(count) {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The real server of one test file, its mail going to a real SMTP peer started before it. */
export function useMailServer(settings: ConfigInput = {}): { server: TestServer; mail: MailCatcher } {
  let catcher: MailCatcher | undefined;
  beforeAll(async () => {
    catcher = await startMailCatcher();
  });
  // Registered first, so it runs last: the server is closed before its mail peer.
  afterAll(() => catcher?.close());
  const server = useTestServer(() => ({ SMTP_URL: running().url, MAIL_FROM: 'Records Room <archive@records-room.test>', BASE_URL: 'https://records-room.test', ...settings }));
  const running = (): MailCatcher => {
    if (!catcher) throw new Error('useMailServer: the mail peer runs only between beforeAll and afterAll');
    return catcher;
  };
  const mail: MailCatcher = {
    get url() {
      return running().url;
    },
    get received() {
      return running().received;
    },
    messageTo: (address) => running().messageTo(address),
    messagesTo: (address) => running().messagesTo(address),
    refuseNext: (count) => running().refuseNext(count),
    close: () => running().close(),
  };
  return { server, mail };
}
