import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import type { OutboxMessage } from '../db/schema.ts';
import { newsGuard } from '../news/news.guard.ts';
import { recipientsByIds } from '../news/news.repository.ts';
import { mailToken, tokenAddress } from './mail.token.ts';
import { beginAttempt, deliveryStopped, findOutboxMessage, recordAttemptError, settleMessage } from './outbox.repository.ts';
import { MAIL_ATTEMPTS, messageIdFor } from './outbox.service.ts';

const payloadSchema = z.object({ outboxId: z.number().int().positive() });

/**
 * Sends one queued message. The row is marked "sending" before the SMTP conversation and
 * "sent" after it. If the process dies after the SMTP server accepted the message and before
 * "sent" is written, the job's lease runs out and the message is sent again, with the same
 * Message-ID: delivery is at least once, and the one message that can be repeated is the one
 * that was in flight (a receiver that drops repeated Message-IDs shows it once). The other
 * choice, never retrying a message left "sending", would lose mail instead.
 */
export async function deliverMail(ctx: AppContext, payload: unknown): Promise<void> {
  const { outboxId } = payloadSchema.parse(payload);
  const db = ctx.db.kysely;
  const message = await findOutboxMessage(db, outboxId);
  if (!message || !(await beginAttempt(db, outboxId))) return;
  if (await deliveryStopped(db, message.recipient)) {
    await settleMessage(db, outboxId, 'suppressed', ctx.now().toISOString());
    return;
  }
  if (!(await stillNews(db, message))) {
    await settleMessage(db, outboxId, 'suppressed', ctx.now().toISOString(), 'The work is no longer there for its reader.');
    return;
  }
  if (!ctx.mailer) throw new Error('No mailer is set up.');
  try {
    await ctx.mailer.send(await composed(ctx, message));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // The job queue retries; the row says why, and when the last attempt is spent, that it failed.
    if (message.attempts + 1 >= MAIL_ATTEMPTS) await settleMessage(db, outboxId, 'failed', ctx.now().toISOString(), text);
    else await recordAttemptError(db, outboxId, text);
    throw error;
  }
  await settleMessage(db, outboxId, 'sent', ctx.now().toISOString());
}

/** News of a work is asked of the guard again: it may have become a draft, hidden or deleted since it was queued. */
async function stillNews(db: Queryable, message: OutboxMessage): Promise<boolean> {
  if (message.workId === null || message.userId === null) return true;
  const recipient = (await recipientsByIds(db, [message.userId])).get(message.userId);
  return recipient !== undefined && (await newsGuard(db, [message.workId])).mayHear(message.workId, recipient);
}

async function composed(ctx: AppContext, message: OutboxMessage) {
  const headers: Record<string, string> = { ...(JSON.parse(message.headers) as Record<string, string>) };
  let text = message.textBody;
  let html = message.htmlBody ?? undefined;
  if (message.stream) {
    // RFC 2369 and RFC 8058: one HTTPS address that a POST unsubscribes, and a mailto one.
    const token = await mailToken(ctx, 'unsubscribe', message.id);
    const page = `${ctx.config.baseUrl}/mail/unsubscribe/${token}`;
    headers['List-Unsubscribe'] = `<${page}>, <mailto:${tokenAddress(ctx, 'unsubscribe', token)}?subject=unsubscribe>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    // RFC 3834: no auto-replies to mail no person wrote.
    headers['Auto-Submitted'] = 'auto-generated';
    text = `${text.replace(/\s+$/, '')}\n\n-- \nTo stop these messages: ${page}\n`;
    if (html) html = `${html}\n<p style="font-size:small;color:#555">To stop these messages: <a href="${page}">unsubscribe</a>.</p>`;
  }
  return {
    to: message.recipient,
    subject: message.subject,
    text,
    html,
    fromName: message.fromName ?? undefined,
    headers,
    returnPath: tokenAddress(ctx, 'bounce', await mailToken(ctx, 'bounce', message.id)),
    messageId: messageIdFor(ctx, message.id, message.messageKey),
    attachedPart: message.attachedPart ?? undefined,
  };
}
