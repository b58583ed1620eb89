import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';

// Removal requests: imported works hidden because a creator asked for their removal
// (imported_works.removal_requested_at), waiting for an archivist to delete or restore them.

/** Works waiting for a decision, oldest request first, with who asked (from the claim record). */
export function pendingRemovals(db: Queryable) {
  return db
    .selectFrom('importedWorks')
    .innerJoin('works', 'works.id', 'importedWorks.workId')
    .select((eb) => [
      'works.id',
      'works.title',
      'importedWorks.batchId',
      'importedWorks.removalRequestedAt',
      eb
        .selectFrom('claimEvents')
        .select('claimEvents.actorLogin')
        .whereRef('claimEvents.workId', '=', 'works.id')
        .where('claimEvents.event', '=', 'removal-requested')
        .orderBy('claimEvents.id', 'desc')
        .limit(1)
        .as('requestedBy'),
    ])
    .where('importedWorks.removalRequestedAt', 'is not', null)
    .orderBy('importedWorks.removalRequestedAt')
    .orderBy('works.id')
    .limit(500)
    .execute();
}

export function findImportedWork(db: Queryable, workId: number) {
  return db
    .selectFrom('importedWorks')
    .innerJoin('works', 'works.id', 'importedWorks.workId')
    .select(['works.id', 'works.title', 'importedWorks.batchId', 'importedWorks.contentHash', 'importedWorks.removalRequestedAt'])
    .where('works.id', '=', workId)
    .executeTakeFirst();
}

/** Deletes the work only while its removal is still requested; returns whether it did (a second click finds nothing). */
export async function deleteWorkAwaitingRemoval(db: Queryable, workId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('works')
    .where('works.id', '=', workId)
    .where('works.id', 'in', (eb) => eb.selectFrom('importedWorks').select('workId').where('workId', '=', workId).where('removalRequestedAt', 'is not', null))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Clears the removal request of one work; returns whether there was one to clear. */
export async function clearRemovalRequest(db: Queryable, workId: number): Promise<boolean> {
  const result = await db.updateTable('importedWorks').set({ removalRequestedAt: null }).where('workId', '=', workId).where('removalRequestedAt', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Puts creators who asked for removal back to undecided, on these works (of one creator, or of all). */
export async function reopenCreatorships(db: Queryable, workIds: number[], externalCreatorId: number | null, now: string): Promise<number> {
  if (workIds.length === 0) return 0;
  const result = await db
    .updateTable('externalCreatorships')
    .set({ state: 'unclaimed', decidedAt: now })
    .where('workId', 'in', workIds)
    .where('state', '=', 'removal-requested')
    .$if(externalCreatorId !== null, (q) => q.where('externalCreatorId', '=', externalCreatorId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Among these works, those no original creator still wants removed. */
export async function worksNoLongerToRemove(db: Queryable, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('works')
    .select('works.id')
    .where('works.id', 'in', workIds)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('externalCreatorships').select(sql`1`.as('one')).whereRef('externalCreatorships.workId', '=', 'works.id').where('externalCreatorships.state', '=', 'removal-requested'))),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Shows the works again and takes them off the removal queue. */
export async function showAgain(db: Queryable, workIds: number[]): Promise<void> {
  if (workIds.length === 0) return;
  await db.updateTable('works').set({ hiddenAt: null, hiddenReason: null }).where('id', 'in', workIds).where('hiddenReason', '=', 'removal-requested').execute();
  await db.updateTable('importedWorks').set({ removalRequestedAt: null }).where('workId', 'in', workIds).execute();
}

/** Original creators of a work who kept it (claimed or orphaned), by name: a delete takes it from them too. */
export async function creatorsWhoKeptWork(db: Queryable, workId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('externalCreatorships')
    .innerJoin('externalCreators', 'externalCreators.id', 'externalCreatorships.externalCreatorId')
    .select('externalCreators.name')
    .where('externalCreatorships.workId', '=', workId)
    .where('externalCreatorships.state', 'in', ['claimed', 'orphaned'])
    .orderBy('externalCreatorships.position')
    .execute();
  return rows.map((r) => r.name);
}
