import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { findAccountToken, insertAccountToken, retireAccountTokens, type AccountTokenPurpose } from './account-token.repository.ts';

// The single-use links of account mail. The token is 32 random bytes; only its SHA-256 is
// stored (a fast hash is enough for a secret this long), so reading the database gives no
// working link.

export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  confirm_email: 3 * 24 * 3_600_000,
  reset_password: 3_600_000,
};

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Makes a new token and retires the user's older ones of the same purpose. */
export async function issueAccountToken(ctx: AppContext, db: Queryable, purpose: AccountTokenPurpose, userId: number, address: string): Promise<{ id: number; token: string; expiresAt: Date }> {
  const now = ctx.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]);
  await retireAccountTokens(db, userId, purpose, now.toISOString());
  const id = await insertAccountToken(db, { tokenHash: hashToken(token), purpose, userId, address, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
  return { id, token, expiresAt };
}

export type TokenCheck =
  | { status: 'invalid' }
  | { status: 'used' }
  | { status: 'expired' }
  | { status: 'ready'; id: number; userId: number; address: string };

export async function checkAccountToken(ctx: AppContext, db: Queryable, purpose: AccountTokenPurpose, token: string): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: 'invalid' };
  const row = await findAccountToken(db, purpose, hashToken(token));
  if (!row) return { status: 'invalid' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt <= ctx.now().toISOString()) return { status: 'expired' };
  return { status: 'ready', id: row.id, userId: row.userId, address: row.address };
}
