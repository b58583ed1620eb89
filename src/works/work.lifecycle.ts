import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { refreshDerivedRows } from './work.derived.ts';
import { deleteWorkRow, endInvitationsOfOrphanedWorks, orphanAccountPseudId } from './work.repository.ts';

// Orphaning and deleting, for one work or for everything an account wrote (when the
// account is deleted). Orphaned works stay on the archive under the orphan_account pseud.

/**
 * Hands works left with no approved creator to orphan_account, and ends their pending
 * co-creator invitations: accepting one would give a stranger an orphaned work to edit.
 */
async function adoptCreatorless(trx: Transaction<Database>, workIds: number[], now: string): Promise<void> {
  if (workIds.length === 0) return;
  const orphanPseud = await orphanAccountPseudId(trx);
  const creatorless = await trx
    .selectFrom('works')
    .select('works.id')
    .where('works.id', 'in', workIds)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('creatorships').select(sql`1`.as('one')).whereRef('creatorships.workId', '=', 'works.id').where('creatorships.isApproved', '=', 1))),
    )
    .execute();
  if (creatorless.length === 0) return;
  await trx
    .insertInto('creatorships')
    .values(creatorless.map((w) => ({ workId: w.id, pseudId: orphanPseud, position: 0, isApproved: 1, createdAt: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await endInvitationsOfOrphanedWorks(trx, creatorless.map((w) => w.id));
}

function pseudsOf(trx: Transaction<Database>, userId: number) {
  return trx.selectFrom('pseuds').select('id').where('userId', '=', userId);
}

/** Removes the user from one work; the work stays, under orphan_account if nobody is left. */
export async function orphanWork(ctx: AppContext, userId: number, workId: number): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('creatorships').where('workId', '=', workId).where('pseudId', 'in', pseudsOf(trx, userId)).execute();
    await adoptCreatorless(trx, [workId], now);
    await refreshDerivedRows(trx, [workId]);
  });
}

export async function orphanWorksOfUser(ctx: AppContext, userId: number): Promise<number> {
  const now = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const works = await trx.selectFrom('creatorships').select('workId').where('pseudId', 'in', pseudsOf(trx, userId)).distinct().execute();
    const ids = works.map((w) => w.workId);
    await trx.deleteFrom('creatorships').where('pseudId', 'in', pseudsOf(trx, userId)).execute();
    // Drafts are private: with their only creator gone there is nobody to show them to.
    const drafts = ids.length ? await trx.selectFrom('works').select('id').where('id', 'in', ids).where('isDraft', '=', 1).execute() : [];
    const draftIds = new Set(drafts.map((d) => d.id));
    await adoptCreatorless(trx, ids.filter((id) => !draftIds.has(id)), now);
    await deleteIfCreatorless(trx, [...draftIds]);
    await refreshDerivedRows(trx, ids);
    return ids.length;
  });
}

/** Deletes the works the user wrote alone; on shared works only their credit goes. */
export async function deleteWorksOfUser(ctx: AppContext, userId: number): Promise<number> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const works = await trx.selectFrom('creatorships').select('workId').where('pseudId', 'in', pseudsOf(trx, userId)).distinct().execute();
    const ids = works.map((w) => w.workId);
    await trx.deleteFrom('creatorships').where('pseudId', 'in', pseudsOf(trx, userId)).execute();
    const deleted = await deleteIfCreatorless(trx, ids);
    await refreshDerivedRows(trx, ids);
    return deleted;
  });
}

async function deleteIfCreatorless(trx: Transaction<Database>, workIds: number[]): Promise<number> {
  if (workIds.length === 0) return 0;
  const result = await trx
    .deleteFrom('works')
    .where('works.id', 'in', workIds)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('creatorships').select(sql`1`.as('one')).whereRef('creatorships.workId', '=', 'works.id').where('creatorships.isApproved', '=', 1))),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteWork(ctx: AppContext, workId: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await deleteWorkRow(trx, workId);
    // Its filter set and index row go (the cascade and SQLite's trigger take them already; this says so in one place).
    await refreshDerivedRows(trx, [workId]);
  });
}
