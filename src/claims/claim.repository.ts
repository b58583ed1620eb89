import { sql } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { HiddenReason } from '../works/work.visibility.ts';
import type { Queryable } from '../db/database.ts';

/** External creators of these works who can be written to: an address, not blocked. */
export function reachableCreatorsOfWorks(db: Queryable, workIds: number[]) {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('externalCreators')
    .select(['externalCreators.id', 'externalCreators.name', 'externalCreators.email'])
    .where('externalCreators.email', 'is not', null)
    .where('externalCreators.isBlocked', '=', 0)
    .where('externalCreators.id', 'in', (eb) => eb.selectFrom('externalCreatorships').select('externalCreatorId').where('workId', 'in', workIds))
    .orderBy('externalCreators.id')
    .execute();
}

export async function insertInvitation(db: Queryable, values: { externalCreatorId: number; tokenHash: string; createdAt: string; expiresAt: string }): Promise<number> {
  const row = await db.insertInto('claimInvitations').values({ ...values, usedAt: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findInvitation(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('claimInvitations')
    .innerJoin('externalCreators', 'externalCreators.id', 'claimInvitations.externalCreatorId')
    .select([
      'claimInvitations.id',
      'claimInvitations.externalCreatorId',
      'claimInvitations.expiresAt',
      'externalCreators.name',
      'externalCreators.emailKey',
      'externalCreators.isBlocked',
    ])
    .where('claimInvitations.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export async function markInvitationUsed(db: Queryable, id: number, now: string): Promise<void> {
  await db.updateTable('claimInvitations').set({ usedAt: now }).where('id', '=', id).where('usedAt', 'is', null).execute();
}

/** The works of one external creator, with their state and the importing archivist. */
export function worksOfExternalCreator(db: Queryable, externalCreatorId: number) {
  return db
    .selectFrom('externalCreatorships')
    .innerJoin('works', 'works.id', 'externalCreatorships.workId')
    .innerJoin('importedWorks', 'importedWorks.workId', 'works.id')
    .innerJoin('importBatches', 'importBatches.id', 'importedWorks.batchId')
    .select([
      'works.id',
      'works.title',
      'works.isRestricted',
      'externalCreatorships.state',
      'importBatches.archivistId',
      'importedWorks.batchId',
      'importedWorks.archiveName',
      'importedWorks.contentHash',
    ])
    .where('externalCreatorships.externalCreatorId', '=', externalCreatorId)
    .orderBy('works.id')
    .execute();
}

export async function setCreatorshipState(db: Queryable, externalCreatorId: number, workIds: number[], state: string, now: string): Promise<void> {
  if (workIds.length === 0) return;
  await db
    .updateTable('externalCreatorships')
    .set({ state, decidedAt: now })
    .where('externalCreatorId', '=', externalCreatorId)
    .where('workId', 'in', workIds)
    .execute();
}

/** Works among these that still wait for another original creator to decide. */
export async function worksStillUnclaimed(db: Queryable, workIds: number[]): Promise<Set<number>> {
  if (workIds.length === 0) return new Set();
  const rows = await db.selectFrom('externalCreatorships').select('workId').where('workId', 'in', workIds).where('state', '=', 'unclaimed').distinct().execute();
  return new Set(rows.map((r) => r.workId));
}

/** Takes the importing archivist's credit off these works. */
export async function removeArchivistCredit(db: Queryable, archivistId: number, workIds: number[]): Promise<void> {
  if (workIds.length === 0) return;
  await db
    .deleteFrom('creatorships')
    .where('workId', 'in', workIds)
    .where('pseudId', 'in', (eb) => eb.selectFrom('pseuds').select('id').where('userId', '=', archivistId))
    .execute();
}

export async function blockExternalCreator(db: Queryable, id: number): Promise<void> {
  await db.updateTable('externalCreators').set({ isBlocked: 1 }).where('id', '=', id).execute();
}

/** Hides works (work.visibility.ts: their creators, here the archivist, and admins still open them) and queues them for removal. */
export async function requestRemoval(db: Queryable, workIds: number[], now: string): Promise<void> {
  if (workIds.length === 0) return;
  const reason: HiddenReason = 'removal-requested';
  await db.updateTable('works').set({ hiddenAt: now, hiddenReason: reason }).where('id', 'in', workIds).where('hiddenAt', 'is', null).execute();
  await db.updateTable('importedWorks').set({ removalRequestedAt: now }).where('workId', 'in', workIds).execute();
}

export async function makeUnrestricted(db: Queryable, workIds: number[]): Promise<void> {
  if (workIds.length > 0) await db.updateTable('works').set({ isRestricted: 0 }).where('id', 'in', workIds).execute();
}

/** Fandom names of these works, for the invitation. */
export function fandomsOfWorks(db: Queryable, workIds: number[]) {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('workTags')
    .innerJoin('tags', 'tags.id', 'workTags.tagId')
    .select(['workTags.workId', 'tags.name'])
    .where('workTags.workId', 'in', workIds)
    .where('tags.type', '=', 'Fandom')
    .orderBy(sql`1`)
    .execute();
}

/** Whether an account uses this address (compared as accounts store it, lower-cased). */
export async function accountUsesAddress(db: Queryable, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('emailKey', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

/** Original creators of a batch with a work there still waiting for them, optionally one only. */
export function creatorsWaitingInBatch(db: Queryable, batchId: number, externalCreatorId: number | null) {
  return db
    .selectFrom('externalCreators')
    .select(['externalCreators.id', 'externalCreators.name', 'externalCreators.email', 'externalCreators.isBlocked'])
    .where('externalCreators.id', 'in', (eb) =>
      eb
        .selectFrom('externalCreatorships')
        .innerJoin('importedWorks', 'importedWorks.workId', 'externalCreatorships.workId')
        .select('externalCreatorships.externalCreatorId')
        .where('importedWorks.batchId', '=', batchId)
        .where('externalCreatorships.state', '=', 'unclaimed'),
    )
    .$if(externalCreatorId !== null, (q) => q.where('externalCreators.id', '=', externalCreatorId!))
    .orderBy('externalCreators.id')
    .execute();
}

/** Whether this creator has any work in the batch at all (to tell "not here" from "nothing waiting"). */
export async function creatorInBatch(db: Queryable, batchId: number, externalCreatorId: number): Promise<{ name: string } | undefined> {
  return db
    .selectFrom('externalCreatorships')
    .innerJoin('importedWorks', 'importedWorks.workId', 'externalCreatorships.workId')
    .innerJoin('externalCreators', 'externalCreators.id', 'externalCreatorships.externalCreatorId')
    .select('externalCreators.name')
    .where('importedWorks.batchId', '=', batchId)
    .where('externalCreatorships.externalCreatorId', '=', externalCreatorId)
    .limit(1)
    .executeTakeFirst();
}

/**
 * Reads a creator's block flag, locking the row on PostgreSQL so two re-sends cannot both pass
 * the window check; SQLite has one writer, and no `for update`.
 */
export function lockExternalCreator(db: Queryable, id: number) {
  return db
    .selectFrom('externalCreators')
    .select(['id', 'isBlocked'])
    .where('id', '=', id)
    .$if(engineOf(db) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export function latestInvitation(db: Queryable, externalCreatorId: number) {
  return db.selectFrom('claimInvitations').select(['id', 'createdAt']).where('externalCreatorId', '=', externalCreatorId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function deleteInvitation(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('claimInvitations').where('id', '=', id).execute();
}

/** Original creators under this address (lower-cased) with works still waiting for them, and how many. */
export function creatorsWaitingAtAddress(db: Queryable, emailKey: string) {
  return db
    .selectFrom('externalCreators')
    .innerJoin('externalCreatorships', 'externalCreatorships.externalCreatorId', 'externalCreators.id')
    .select(['externalCreators.id', 'externalCreators.name', (eb) => eb.fn.countAll<number>().as('waiting')])
    .where('externalCreators.emailKey', '=', emailKey)
    .where('externalCreators.isBlocked', '=', 0)
    .where('externalCreatorships.state', '=', 'unclaimed')
    .groupBy(['externalCreators.id', 'externalCreators.name'])
    .orderBy('externalCreators.id')
    .execute();
}
