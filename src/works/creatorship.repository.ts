import { sql, type ExpressionBuilder } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

// Credits of works to pseuds: co-creator invitations and their answers, and the credits an
// account gives up when it orphans or deletes its works.

/** Pseuds of real users (not the system's) with this name, and this login when given; two at most, to tell one from many. */
export function pseudsNamed(db: Queryable, pseudName: string, login: string | null) {
  let query = db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.userId')
    .select(['pseuds.id', 'pseuds.name', 'pseuds.userId', 'users.login'])
    .where('pseuds.nameKey', '=', pseudName.toLowerCase())
    .where('users.role', '!=', 'system');
  if (login) query = query.where('users.loginKey', '=', login.toLowerCase());
  return query.limit(2).execute();
}

/** Invitations waiting for this user's answer, newest first. */
export function pendingInvitationsOf(db: Queryable, userId: number) {
  return db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .innerJoin('works', 'works.id', 'creatorships.workId')
    .select(['creatorships.workId', 'creatorships.pseudId', 'pseuds.name as pseudName', 'works.title', 'creatorships.createdAt'])
    .where('pseuds.userId', '=', userId)
    .where('creatorships.isApproved', '=', 0)
    .orderBy('creatorships.createdAt', 'desc')
    .execute();
}

/** The invitation of this pseud to this work, when it is still open and the pseud is the user's. */
export function findOpenInvitation(db: Queryable, userId: number, workId: number, pseudId: number) {
  return db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .select('creatorships.workId')
    .where('creatorships.workId', '=', workId)
    .where('creatorships.pseudId', '=', pseudId)
    .where('creatorships.isApproved', '=', 0)
    .where('pseuds.userId', '=', userId)
    .executeTakeFirst();
}

export async function approveCreatorship(db: Queryable, workId: number, pseudId: number): Promise<void> {
  await db.updateTable('creatorships').set({ isApproved: 1 }).where('workId', '=', workId).where('pseudId', '=', pseudId).execute();
}

export async function deleteCreatorship(db: Queryable, workId: number, pseudId: number): Promise<void> {
  await db.deleteFrom('creatorships').where('workId', '=', workId).where('pseudId', '=', pseudId).execute();
}

function pseudsOf(db: Queryable, userId: number) {
  return db.selectFrom('pseuds').select('id').where('userId', '=', userId);
}

/** Removes the user's credits on the work except those of the pseuds kept; other people's stay. */
export async function deleteOwnCreditsExcept(db: Queryable, workId: number, userId: number, keptPseudIds: number[]): Promise<void> {
  await db.deleteFrom('creatorships').where('workId', '=', workId).where('pseudId', 'in', pseudsOf(db, userId)).where('pseudId', 'not in', keptPseudIds).execute();
}

/** Removes every credit of the user's pseuds on one work. */
export async function deleteCreditsOfUserOnWork(db: Queryable, userId: number, workId: number): Promise<void> {
  await db.deleteFrom('creatorships').where('workId', '=', workId).where('pseudId', 'in', pseudsOf(db, userId)).execute();
}

/** Removes every credit of the user's pseuds, on every work. */
export async function deleteCreditsOfUser(db: Queryable, userId: number): Promise<void> {
  await db.deleteFrom('creatorships').where('pseudId', 'in', pseudsOf(db, userId)).execute();
}

/** The works credited to any of the user's pseuds, approved or invited. */
export async function workIdsCreditedToUser(db: Queryable, userId: number): Promise<number[]> {
  const works = await db.selectFrom('creatorships').select('workId').where('pseudId', 'in', pseudsOf(db, userId)).distinct().execute();
  return works.map((w) => w.workId);
}

function withoutApprovedCreator({ not, exists, selectFrom }: ExpressionBuilder<Database, 'works'>) {
  return not(exists(selectFrom('creatorships').select(sql`1`.as('one')).whereRef('creatorships.workId', '=', 'works.id').where('creatorships.isApproved', '=', 1)));
}

/** Those of these works that no approved creator is credited on. */
export async function creatorlessWorkIds(db: Queryable, workIds: number[]): Promise<number[]> {
  const rows = await db.selectFrom('works').select('works.id').where('works.id', 'in', workIds).where(withoutApprovedCreator).execute();
  return rows.map((w) => w.id);
}

/** Deletes those of these works that no approved creator is credited on; how many went. */
export async function deleteCreatorlessWorks(db: Queryable, workIds: number[]): Promise<number> {
  const result = await db.deleteFrom('works').where('works.id', 'in', workIds).where(withoutApprovedCreator).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Credits the works to one pseud, approved, where it is not credited already. */
export async function creditPseudWhereMissing(db: Queryable, workIds: number[], pseudId: number, now: string): Promise<void> {
  await db
    .insertInto('creatorships')
    .values(workIds.map((workId) => ({ workId, pseudId, position: 0, isApproved: 1, createdAt: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
