import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Readable } from 'node:stream';
import type { AppContext } from '../context.ts';
import { readMailToken, type TokenPurpose } from './mail.token.ts';
import { receiveBounce, receiveUnsubscribe } from './inbound.service.ts';
import { isPostingAddress, postingAuthor, receivePost, type PostingAuthor } from './post-by-mail.service.ts';
import { checkReplyAddress, receiveReply } from '../feedback/reply.mail.service.ts';

// The archive's inbound listener (issue 13): off unless INBOUND_SMTP_PORT is set; SMTP, or LMTP
// (INBOUND_LMTP) behind a mail server that already takes the domain's mail. Recipients are
// checked at RCPT time so a wrong address is refused during the conversation (550), never
// accepted and bounced later (backscatter); the size limit is announced in EHLO and enforced
// on the stream (552).

export interface InboundListener {
  port: number;
  close(): Promise<void>;
}

const WORDS: Record<string, TokenPurpose> = { bounces: 'bounce', unsubscribe: 'unsubscribe', reply: 'reply' };

/** `outboxId` is the number the token signs: the message for bounces and unsubscribes, the inbox event for a reply. */
type Recipient = { purpose: TokenPurpose; outboxId: number };
/** The posting address, with the author the envelope's sender is (post-by-mail.service.ts). */
type Posting = { purpose: 'post'; author: PostingAuthor };

/** The posting address is taken only from an author's confirmed address: refused here otherwise. */
async function postingRecipient(ctx: AppContext, session: SMTPServerSession): Promise<Posting | Error> {
  const author = await postingAuthor(ctx, session.envelope.mailFrom ? session.envelope.mailFrom.address : null);
  return author.ok ? { purpose: 'post', author: author.value } : smtpError(author.errors.code, author.errors.message);
}

/** What an address of ours means, or null when it is not one the listener takes. */
export async function recipientOf(ctx: AppContext, address: string): Promise<Recipient | null> {
  const match = /^([a-z]+)\+([^@]+)@(.+)$/i.exec(address.trim());
  if (!match || match[3]!.toLowerCase() !== ctx.config.mailDomain) return null;
  const purpose = WORDS[match[1]!.toLowerCase()];
  if (!purpose) return null;
  const outboxId = await readMailToken(ctx, purpose, match[2]!);
  return outboxId === null ? null : { purpose, outboxId };
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export function startInboundListener(ctx: AppContext, options: { port: number; host?: string }): Promise<InboundListener> {
  const maxBytes = ctx.config.inboundMaxBytes;
  const recipients = new WeakMap<SMTPServerSession, (Recipient | Posting)[]>();
  const server = new SMTPServer({
    lmtp: ctx.config.inboundLmtp,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    banner: 'Records Room',
    // RSET and a new MAIL FROM start a new envelope: its recipients start again too.
    onMailFrom(_address, session, callback) {
      recipients.delete(session);
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      const found = isPostingAddress(ctx, address.address) ? postingRecipient(ctx, session) : recipientOf(ctx, address.address);
      found
        .then(async (recipient) => {
          if (recipient instanceof Error) return callback(recipient);
          if (!recipient) return callback(smtpError(550, `5.1.1 <${address.address}>: no such address here`));
          if (recipient.purpose === 'reply') {
            const refused = await checkReplyAddress(ctx, recipient.outboxId, envelopeSender(session));
            if (refused) return callback(smtpError(refused.code, `${refused.status} ${refused.message}`));
          }
          const list = recipients.get(session) ?? [];
          list.push(recipient);
          recipients.set(session, list);
          callback();
        })
        .catch((error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)));
    },
    onData(stream, session, callback) {
      readLimited(stream, maxBytes)
        .then(async (raw) => {
          const envelope = recipients.get(session) ?? [];
          recipients.delete(session);
          if (raw === null) return callback(smtpError(552, `5.3.4 Message too big: the limit is ${Math.round(maxBytes / 1024 / 1024)} MB`));
          let refused: { code: number; status: string; message: string } | null = null;
          for (const recipient of envelope) {
            if (recipient.purpose === 'post') {
              const client = { ip: session.remoteAddress, helo: session.hostNameAppearsAs, sender: recipient.author.address };
              const posted = await receivePost(ctx, recipient.author, client, raw);
              if (!posted.ok) return callback(smtpError(posted.errors.code, posted.errors.message));
            } else if (recipient.purpose === 'bounce') await receiveBounce(ctx, recipient.outboxId, raw);
            else if (recipient.purpose === 'unsubscribe') await receiveUnsubscribe(ctx, recipient.outboxId);
            else if (recipient.purpose === 'reply') {
              const client = { ip: session.remoteAddress, helo: session.hostNameAppearsAs, sender: envelopeSender(session) ?? '' };
              refused = (await receiveReply(ctx, recipient.outboxId, client, raw)) ?? refused;
            }
          }
          // What was refused is said in the reply to DATA; the sender's server hands it back to them.
          if (refused) return callback(smtpError(refused.code, `${refused.status} ${refused.message}`));
          callback();
        })
        .catch((error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)));
    },
    onClose(session) {
      recipients.delete(session);
    },
  });
  server.on('error', () => {});
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const port = (server.server.address() as { port: number }).port;
      resolve({ port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/** MAIL FROM's address, or null for the null sender (<>) of a bounce or an auto-reply. */
function envelopeSender(session: SMTPServerSession): string | null {
  const from = session.envelope.mailFrom;
  return from && from.address ? from.address : null;
}

/** The message's bytes, or null past the limit (read to the end, so the client hears the 552). */
async function readLimited(stream: Readable & { sizeExceeded?: boolean }, maxBytes: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) parts.push(chunk as Buffer);
  }
  return stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(parts);
}
