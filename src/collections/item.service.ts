import type { Viewer } from '../accounts/session.service.ts';
import { ok, type AppContext, type Result } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { creatorsOfWorks } from '../works/work.repository.ts';
import { isCreator } from '../works/work.visibility.ts';
import { collectionRole, deleteItem, findCollectionById, findItemById } from './collection.repository.ts';
import { maintains } from './collection.policy.ts';

// Taking a work out of a collection: its creator leaving, or a moderator removing it. The row
// goes, so either side may ask again later.

/** What leaving would do: a work in a collection still anonymous or unrevealed shows at once. */
export interface LeaveWarning {
  revealsCreator: boolean;
  revealsWork: boolean;
}

export function leaveWarning(collection: { isAnonymous: number; isUnrevealed: number }, item: { creatorStatus: string; collectionStatus: string }): LeaveWarning {
  // Only an item that counts for the work's derived flags hides it (migration 028).
  const hiding = item.creatorStatus === 'approved' && item.collectionStatus !== 'rejected';
  return { revealsCreator: hiding && collection.isAnonymous === 1, revealsWork: hiding && collection.isUnrevealed === 1 };
}

export async function removeItem(ctx: AppContext, viewer: Viewer, itemId: number): Promise<Result<{ workId: number; collectionId: number; by: 'creator' | 'moderator' }, string>> {
  return inTransaction(ctx, async (trx) => {
    const item = await findItemById(trx, itemId);
    const collection = item ? await findCollectionById(trx, item.collectionId) : undefined;
    if (!item || !collection) return { ok: false, errors: 'That work is no longer in the collection.' };
    const byCreator = isCreator(viewer, await creatorsOfWorks(trx, [item.workId]));
    const byModerator = maintains(await collectionRole(trx, item.collectionId, viewer.id));
    if (!byCreator && !byModerator) return { ok: false, errors: 'Only the work’s creators or the collection’s moderators may take it out.' };
    await deleteItem(trx, item.id);
    await refreshDerivedRows(trx, [item.workId]);
    return ok({ workId: item.workId, collectionId: item.collectionId, by: byCreator ? 'creator' : 'moderator' });
  });
}
