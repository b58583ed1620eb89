import { authenticate } from 'mailauth';
import type { AppContext } from '../context.ts';

// DMARC (RFC 7489) of a message mailed to the archive, by mailauth: the From domain's policy,
// met by an aligned SPF pass for the client (the envelope sender's domain) or an aligned DKIM
// signature. Only a failure against a published record refuses: a domain without one cannot
// be checked, which is why posting also needs the sender's address to be confirmed.

export interface DmarcSession {
  /** The SMTP client's address and greeting, and the envelope sender (MAIL FROM). */
  ip: string;
  helo: string;
  sender: string;
}

export type DmarcVerdict =
  | { kind: 'pass' | 'none' }
  /** No From, or more than one address in it: DMARC cannot say whose the message is (RFC 7489 §6.6.1). */
  | { kind: 'no-single-from' }
  | { kind: 'fail'; domain: string }
  /** A DNS failure: the sender may try again later. */
  | { kind: 'temporary'; domain: string };

export async function checkDmarc(ctx: AppContext, raw: Buffer, session: DmarcSession): Promise<DmarcVerdict> {
  // Behind a mail server (LMTP) the client is that server: the address and greeting that count
  // are in the Received header it added, which is trusted because only it can reach the listener.
  const client = ctx.config.inboundLmtp ? { trustReceived: true } : { ip: session.ip, helo: session.helo };
  const result = await authenticate(raw, {
    ...client,
    sender: session.sender,
    mta: ctx.config.mailDomain,
    disableArc: true,
    disableBimi: true,
    ...(ctx.resolveDns ? { resolver: ctx.resolveDns } : {}),
  });
  const dmarc = result.dmarc;
  if (!dmarc) return { kind: 'no-single-from' };
  if (dmarc.status.result === 'fail') return { kind: 'fail', domain: dmarc.domain };
  if (dmarc.status.result === 'temperror') return { kind: 'temporary', domain: dmarc.domain };
  return { kind: dmarc.status.result === 'pass' ? 'pass' : 'none' };
}
