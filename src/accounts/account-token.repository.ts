import type { Queryable } from '../db/database.ts';

export type AccountTokenPurpose = 'confirm_email' | 'reset_password';

export async function insertAccountToken(
  db: Queryable,
  values: { tokenHash: string; purpose: AccountTokenPurpose; userId: number; address: string; createdAt: string; expiresAt: string },
): Promise<number> {
  const row = await db.insertInto('accountTokens').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findAccountToken(db: Queryable, purpose: AccountTokenPurpose, tokenHash: string) {
  return db.selectFrom('accountTokens').selectAll().where('tokenHash', '=', tokenHash).where('purpose', '=', purpose).executeTakeFirst();
}

/** Marks the token used; false when another request used it first (the update is the lock). */
export async function useAccountToken(db: Queryable, id: number, now: string): Promise<boolean> {
  const result = await db.updateTable('accountTokens').set({ usedAt: now }).where('id', '=', id).where('usedAt', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every open token of one purpose for a user: a new link (or a used one) makes the older ones worthless. */
export async function retireAccountTokens(db: Queryable, userId: number, purpose: AccountTokenPurpose, now: string): Promise<void> {
  await db.updateTable('accountTokens').set({ usedAt: now }).where('userId', '=', userId).where('purpose', '=', purpose).where('usedAt', 'is', null).execute();
}

export async function setConfirmedEmail(db: Queryable, userId: number, address: string, now: string): Promise<void> {
  await db.updateTable('users').set({ email: address, emailKey: address.toLowerCase(), emailConfirmedAt: now, updatedAt: now }).where('id', '=', userId).execute();
}

export async function emailTakenByOther(db: Queryable, userId: number, address: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('emailKey', '=', address.toLowerCase()).where('id', '!=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function setPasswordHash(db: Queryable, userId: number, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ passwordHash, updatedAt: now }).where('id', '=', userId).execute();
}
