import type { Queryable } from '../db/database.ts';

export async function insertSession(db: Queryable, values: { tokenHash: string; userId: number; createdAt: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

export async function deleteSessionByTokenHash(db: Queryable, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Queryable, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

export async function deleteExpiredSessionsOfUser(db: Queryable, userId: number, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).where('expiresAt', '<=', now).execute();
}

/** The session's user, expired or not: whether it still counts is the caller's rule. */
export function findSessionUser(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['users.id', 'users.login', 'users.role', 'users.showAdultContent', 'sessions.expiresAt'])
    .where('sessions.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}
