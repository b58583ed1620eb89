import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { siteSecret } from '../db/site.secret.ts';

// Tokens that name one sent message, for its unsubscribe links and its bounce address (VERP):
// the outbox row says who it went to and which stream it belongs to, so a token is per
// recipient and stream, and short enough for an address's local part (64 characters, RFC 5321
// §4.5.3.1.1): "u123456.<16 characters>". The keyed hash makes a forged or altered token
// worthless; the purpose letter keeps a bounce token from working as an unsubscribe one.

export type TokenPurpose = 'unsubscribe' | 'bounce' | 'reply';

const LETTER: Record<TokenPurpose, string> = { unsubscribe: 'u', bounce: 'b', reply: 'r' };
const SECRET_NAME = 'mail-token';

export async function mailToken(ctx: AppContext, purpose: TokenPurpose, outboxId: number): Promise<string> {
  return `${LETTER[purpose]}${outboxId}.${sign(await siteSecret(ctx, SECRET_NAME), purpose, outboxId)}`;
}

/**
 * Reads (or makes, once) the tokens' secret ahead of a transaction that will make tokens: the
 * secret is read outside any transaction, and on SQLite a transaction holds the one connection,
 * so a first read from inside it would wait for itself.
 */
export async function loadMailTokenSecret(ctx: AppContext): Promise<void> {
  await siteSecret(ctx, SECRET_NAME);
}

/** The outbox id a token names, or null when it is not one of ours. */
export async function readMailToken(ctx: AppContext, purpose: TokenPurpose, token: string): Promise<number | null> {
  const match = /^([ubr])(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!match || match[1] !== LETTER[purpose]) return null;
  const id = Number(match[2]);
  const expected = Buffer.from(sign(await siteSecret(ctx, SECRET_NAME), purpose, id));
  const given = Buffer.from(match[3]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function sign(secret: Buffer, purpose: TokenPurpose, outboxId: number): string {
  // 96 bits of the hash: more than enough against guessing, short enough for a local part.
  return createHmac('sha256', secret).update(`${purpose}\u0000${outboxId}`).digest('base64url').slice(0, 16);
}

/** The archive's own addresses for a token: `unsubscribe+TOKEN@`, `bounces+TOKEN@`, `reply+TOKEN@`. */
export function tokenAddress(ctx: AppContext, purpose: TokenPurpose, token: string): string {
  return `${ADDRESS_WORD[purpose]}+${token}@${ctx.config.mailDomain}`;
}

const ADDRESS_WORD: Record<TokenPurpose, string> = { unsubscribe: 'unsubscribe', bounce: 'bounces', reply: 'reply' };
