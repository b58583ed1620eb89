import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { enqueueMany } from '../jobs/job.repository.ts';
import { insertOutboxRows } from './outbox.repository.ts';

// Every message the archive sends is queued here, in the transaction of the event it tells of,
// and sent by the `deliverMail` job (outbox.jobs.ts). So a message exists if and only if its
// event committed, survives restarts, is retried with the job queue's backoff, and, keyed by
// its event and recipient, is queued once however often the event is told.

export interface OutgoingMail {
  /** Names the event and the recipient: "reply:81:user:7". A second message with the key is dropped. */
  key: string;
  to: string;
  userId?: number | null;
  /**
   * What the recipient may unsubscribe from ("notify:comment", "subscription:12", "list:3"), or
   * none for mail they asked for this once (a confirmation link, a password reset).
   */
  stream?: string | null;
  /** The list a message belongs to, for its List-Id header (RFC 2919). */
  listId?: string;
  /** A display name for From; the address is always the archive's. */
  fromName?: string;
  /** Where a reply goes instead of the archive's own address (reply by mail). */
  replyTo?: string;
  /** The work the message tells of: the news guard is asked again before it is sent. */
  workId?: number | null;
  subject: string;
  text: string;
  html?: string;
  /** A MIME node of its own sent after the text, whole and encoded (a list's MIME digest). */
  attachedPart?: string;
}

export async function queueMail(ctx: AppContext, db: Queryable, messages: OutgoingMail[]): Promise<number> {
  if (messages.length === 0) return 0;
  const now = ctx.now();
  const ids = await insertOutboxRows(
    db,
    messages.map((message) => ({
      messageKey: message.key,
      recipient: message.to,
      userId: message.userId ?? null,
      stream: message.stream ?? null,
      fromName: message.fromName ?? null,
      subject: oneLine(message.subject),
      textBody: message.text,
      htmlBody: message.html ?? null,
      headers: JSON.stringify({ ...(message.listId ? { 'List-Id': message.listId } : {}), ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}) }),
      workId: message.workId ?? null,
      attachedPart: message.attachedPart ?? null,
      createdAt: now.toISOString(),
    })),
  );
  await enqueueMany(db, 'deliverMail', ids.map((id) => ({ outboxId: id })), { now, maxAttempts: MAIL_ATTEMPTS });
  return ids.length;
}

/** Tries over about a day and a half with the queue's doubling backoff (10 s … 1 h). */
export const MAIL_ATTEMPTS = 40;

/** The same Message-ID for every attempt at one message, so a resend after a crash is a duplicate receivers can drop. */
export function messageIdFor(ctx: AppContext, outboxId: number, messageKey: string): string {
  const hash = createHash('sha256').update(messageKey).digest('base64url').slice(0, 12);
  return `<rr.${outboxId}.${hash}@${ctx.config.mailDomain}>`;
}

/** A header must be one line: a title with a newline in it would start a header of its own. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
