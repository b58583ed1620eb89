import type { Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { refreshDerivedRows } from './derived.repository.ts';
import {
  creatorlessWorkIds,
  creditPseudWhereMissing,
  deleteCreatorlessWorks,
  deleteCreditsOfUser,
  deleteCreditsOfUserOnWork,
  workIdsCreditedToUser,
} from './creatorship.repository.ts';
import { deleteEmptySeries, seriesOfDoomedWorks } from '../series/series.service.ts';
import { deleteWorkRow, draftIdsAmong, endInvitationsOfOrphanedWorks, orphanAccountPseudId } from './work.repository.ts';

// Orphaning and deleting, for one work or for everything an account wrote (when the
// account is deleted). Orphaned works stay on the archive under the orphan_account pseud.

/**
 * Hands works left with no approved creator to orphan_account, and ends their pending
 * co-creator invitations: accepting one would give a stranger an orphaned work to edit.
 */
async function adoptCreatorless(trx: Transaction<Database>, workIds: number[], now: string): Promise<void> {
  if (workIds.length === 0) return;
  const orphanPseud = await orphanAccountPseudId(trx);
  const creatorless = await creatorlessWorkIds(trx, workIds);
  if (creatorless.length === 0) return;
  await creditPseudWhereMissing(trx, creatorless, orphanPseud, now);
  await endInvitationsOfOrphanedWorks(trx, creatorless);
}

/** Removes the user from one work; the work stays, under orphan_account if nobody is left. */
export async function orphanWork(ctx: AppContext, userId: number, workId: number): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await deleteCreditsOfUserOnWork(trx, userId, workId);
    await adoptCreatorless(trx, [workId], now);
    await refreshDerivedRows(trx, [workId]);
  });
}

export async function orphanWorksOfUser(ctx: AppContext, userId: number): Promise<number> {
  const now = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const ids = await workIdsCreditedToUser(trx, userId);
    await deleteCreditsOfUser(trx, userId);
    // Drafts are private: with their only creator gone there is nobody to show them to.
    const draftIds = new Set(ids.length ? await draftIdsAmong(trx, ids) : []);
    await adoptCreatorless(trx, ids.filter((id) => !draftIds.has(id)), now);
    await deleteIfCreatorless(trx, [...draftIds]);
    await refreshDerivedRows(trx, ids);
    return ids.length;
  });
}

/** Deletes the works the user wrote alone; on shared works only their credit goes. */
export async function deleteWorksOfUser(ctx: AppContext, userId: number): Promise<number> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const ids = await workIdsCreditedToUser(trx, userId);
    await deleteCreditsOfUser(trx, userId);
    const deleted = await deleteIfCreatorless(trx, ids);
    await refreshDerivedRows(trx, ids);
    return deleted;
  });
}

async function deleteIfCreatorless(trx: Transaction<Database>, workIds: number[]): Promise<number> {
  if (workIds.length === 0) return 0;
  const series = await seriesOfDoomedWorks(trx, workIds);
  const deleted = await deleteCreatorlessWorks(trx, workIds);
  await deleteEmptySeries(trx, series);
  return deleted;
}

export async function deleteWork(ctx: AppContext, workId: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const series = await seriesOfDoomedWorks(trx, [workId]);
    await deleteWorkRow(trx, workId);
    // A series has no creators of its own: one left without parts goes too (src/series).
    await deleteEmptySeries(trx, series);
    // Its filter set and index row go (the cascade and SQLite's trigger take them already; this says so in one place).
    await refreshDerivedRows(trx, [workId]);
  });
}
