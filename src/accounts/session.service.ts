import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { deleteExpiredSessionsOfUser, deleteSessionByTokenHash, deleteSessionsOfUser, findSessionUser, insertSession } from './session.repository.ts';

export interface Viewer {
  id: number;
  login: string;
  role: string;
  showAdultContent: boolean;
}

// The cookie holds a random token; the database holds only its SHA-256, so a leaked
// database cannot be replayed as cookies.
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session for the user; `db` is a transaction when it goes with other changes. */
export async function startSession(ctx: AppContext, userId: number, db: Kysely<Database> | Transaction<Database> = ctx.db.kysely): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionDays * 86_400_000);
  await insertSession(db, { tokenHash: hashToken(token), userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
  return { token, expiresAt };
}

export async function endSession(ctx: AppContext, token: string): Promise<void> {
  await deleteSessionByTokenHash(ctx.db.kysely, hashToken(token));
}

export async function endAllSessions(db: Kysely<Database> | Transaction<Database>, userId: number): Promise<void> {
  await deleteSessionsOfUser(db, userId);
}

export async function viewerForToken(ctx: AppContext, token: string): Promise<Viewer | null> {
  const row = await findSessionUser(ctx.db.kysely, hashToken(token));
  if (!row || row.expiresAt <= ctx.now().toISOString()) return null;
  return { id: row.id, login: row.login, role: row.role, showAdultContent: row.showAdultContent === 1 };
}

/** Drops the user's expired sessions; done at each log-in so the table does not grow for ever. */
export async function endExpiredSessions(ctx: AppContext, userId: number): Promise<void> {
  await deleteExpiredSessionsOfUser(ctx.db.kysely, userId, ctx.now().toISOString());
}
