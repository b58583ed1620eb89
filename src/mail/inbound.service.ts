import type { AppContext } from '../context.ts';
import { findOutboxMessage } from './outbox.repository.ts';
import { mailToken } from './mail.token.ts';
import { unsubscribe } from './unsubscribe.service.ts';
import { insertBounce } from './bounce.repository.ts';

// What mail to the archive's own addresses does, once the listener has taken it.

/** The RFC 3464 status of a delivery-status report: 5.x.x is hard, 4.x.x soft; null if none. */
export function bounceStatus(raw: string): { kind: 'hard' | 'soft'; code: string } | null {
  const match = /^Status:\s*([45])\.(\d{1,3})\.(\d{1,3})/im.exec(raw);
  if (!match) return null;
  return { kind: match[1] === '5' ? 'hard' : 'soft', code: `${match[1]}.${match[2]}.${match[3]}` };
}

/** A bounce to a VERP address: recorded against the message's recipient, scored daily by scoreBounces. */
export async function receiveBounce(ctx: AppContext, outboxId: number, raw: Buffer): Promise<boolean> {
  const message = await findOutboxMessage(ctx.db.kysely, outboxId);
  // A report without a Status (an auto-reply, a human answer) is not a bounce.
  const status = bounceStatus(raw.toString('latin1'));
  if (!message || !status) return false;
  await insertBounce(ctx.db.kysely, { outboxId, recipient: message.recipient.toLowerCase(), kind: status.kind, statusCode: status.code, createdAt: ctx.now().toISOString() });
  return true;
}

/** A mailto unsubscribe (List-Unsubscribe): the same as the page's button. */
export async function receiveUnsubscribe(ctx: AppContext, outboxId: number): Promise<void> {
  await unsubscribe(ctx, await mailToken(ctx, 'unsubscribe', outboxId));
}
