import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

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

export async function insertInvitation(db: Queryable, values: { externalCreatorId: number; tokenHash: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db.insertInto('claimInvitations').values({ ...values, usedAt: null }).execute();
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
    .select(['works.id', 'works.title', 'works.isRestricted', 'externalCreatorships.state', 'importBatches.archivistId', 'importedWorks.archiveName'])
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

/** Hides works (only their creators, here the archivist, can open a draft) and queues them for removal. */
export async function requestRemoval(db: Queryable, workIds: number[], now: string): Promise<void> {
  if (workIds.length === 0) return;
  await db.updateTable('works').set({ isDraft: 1 }).where('id', 'in', workIds).execute();
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
