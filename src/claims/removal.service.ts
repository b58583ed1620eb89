import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext, FieldErrors, Result } from '../context.ts';
import { failed, invalid, ok } from '../context.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { deleteEmptySeries, seriesOfDoomedWorks } from '../series/series.service.ts';
import { insertClaimEvents, lastEventOfWork } from './claim-event.repository.ts';
import { lookUpInvitation } from './claim.service.ts';
import { clearRemovalRequest, creatorsWhoKeptWork, deleteWorkAwaitingRemoval, findImportedWork, reopenCreatorships, showAgain, worksNoLongerToRemove } from './removal.repository.ts';

// What follows a removal request (research/legacy.md §7.1, §7.5). The creator's wish decides:
// an archivist deletes the work for good, after a confirmation page. Undoing the request is
// first the creator's own act: from the same invitation link they can withdraw it while the
// work is still held. An archivist may restore it too, for the cases Open Doors handles by
// hand (the creator writes in to say the click was a mistake, or the request came from someone
// who was not the creator), but must say why, and the reason is kept with their name.
// Every step is written to claim_events (who, when), and a deleted work's record keeps its
// title and content hash.

export const REMOVAL_REASON_MAX = 500;

export type RemovalProblem =
  | { kind: 'unknown-work' }
  | { kind: 'already-decided'; event: string; by: string | null; at: string }
  | { kind: 'not-requested' };

/** Why a decision was not made: the request's state, or (restoring) the form's fields. */
export type RemovalRefusal = RemovalProblem | { kind: 'invalid'; fields: FieldErrors };

export type RemovalDecision = Result<{ title: string }, RemovalRefusal>;

/** Explains why a work is not (or no longer) waiting for a decision. */
async function problemWith(ctx: AppContext, workId: number): Promise<RemovalProblem> {
  const last = await lastEventOfWork(ctx.db.kysely, workId, ['work-deleted', 'work-restored', 'removal-withdrawn']);
  const work = await findImportedWork(ctx.db.kysely, workId);
  if (last && (last.event === 'work-deleted' || !work?.removalRequestedAt)) return { kind: 'already-decided', event: last.event, by: last.actorLogin, at: last.createdAt };
  return work ? { kind: 'not-requested' } : { kind: 'unknown-work' };
}

/** The work an archivist is asked to decide on, or why there is nothing to decide. */
export async function removalRequestOf(
  ctx: AppContext,
  workId: number,
): Promise<Result<{ title: string; batchId: number; requestedAt: string; keptBy: string[] }, RemovalProblem>> {
  const work = await findImportedWork(ctx.db.kysely, workId);
  if (work?.removalRequestedAt) {
    // A co-creator who claimed or orphaned the work loses it too; the archivist should know before deleting.
    const keptBy = await creatorsWhoKeptWork(ctx.db.kysely, workId);
    return ok({ title: work.title, batchId: work.batchId, requestedAt: work.removalRequestedAt, keptBy });
  }
  return failed(await problemWith(ctx, workId));
}

/** Deletes a work whose removal was requested, for good; the record keeps what it was. */
export async function deleteRequestedWork(ctx: AppContext, archivist: Viewer, workId: number): Promise<RemovalDecision> {
  const work = await findImportedWork(ctx.db.kysely, workId);
  if (!work?.removalRequestedAt) return failed(await problemWith(ctx, workId));
  const now = ctx.now().toISOString();
  const deleted = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Conditional delete: of two clicks (or two archivists), only one finds the work still waiting.
    const series = await seriesOfDoomedWorks(trx, [workId]);
    if (!(await deleteWorkAwaitingRemoval(trx, workId))) return false;
    await deleteEmptySeries(trx, series);
    await refreshDerivedRows(trx, [workId]);
    await insertClaimEvents(trx, [
      { event: 'work-deleted', workId, workTitle: work.title, batchId: work.batchId, contentHash: work.contentHash, actorId: archivist.id, actorLogin: archivist.login, createdAt: now },
    ]);
    return true;
  });
  if (!deleted) return failed(await problemWith(ctx, workId));
  return ok({ title: work.title });
}

/** Shows a work again against its removal request; only with a reason, which is kept. */
export async function restoreRequestedWork(ctx: AppContext, archivist: Viewer, workId: number, reason: string): Promise<RemovalDecision> {
  const note = reason.trim();
  if (note.length === 0) return failed({ kind: 'invalid', fields: { reason: 'Say why the work is restored (for example, the creator wrote to say the request was a mistake).' } });
  if (note.length > REMOVAL_REASON_MAX) return failed({ kind: 'invalid', fields: { reason: `Keep the reason under ${REMOVAL_REASON_MAX} characters.` } });
  const work = await findImportedWork(ctx.db.kysely, workId);
  if (!work?.removalRequestedAt) return failed(await problemWith(ctx, workId));
  const now = ctx.now().toISOString();
  const restored = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await clearRemovalRequest(trx, workId))) return false;
    await reopenCreatorships(trx, [workId], null, now);
    await showAgain(trx, [workId]);
    await refreshDerivedRows(trx, [workId]);
    await insertClaimEvents(trx, [
      { event: 'work-restored', workId, workTitle: work.title, batchId: work.batchId, actorId: archivist.id, actorLogin: archivist.login, note, createdAt: now },
    ]);
    return true;
  });
  if (!restored) return failed(await problemWith(ctx, workId));
  return ok({ title: work.title });
}

/** The creator takes back their own removal request, from their invitation link; the works wait for them again. */
export async function withdrawRemoval(ctx: AppContext, viewer: Viewer, token: string): Promise<Result<{ workIds: number[] }>> {
  const found = await lookUpInvitation(ctx, token);
  if (found.status !== 'valid') return invalid({ form: found.status === 'expired' ? 'This claim link has expired.' : 'This claim link is not valid.' });
  const asked = found.works.filter((w) => w.state === 'removal-requested');
  if (asked.length === 0) return invalid({ form: 'There is no removal request to withdraw: the works were already deleted, restored, or never asked to be removed.' });
  const ids = asked.map((w) => w.id);
  const now = ctx.now().toISOString();
  const withdrawn = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Of two submits racing, the second finds nothing left to reopen and records nothing.
    if ((await reopenCreatorships(trx, ids, found.externalCreatorId, now)) === 0) return false;
    // A work stays hidden while a co-creator still wants it removed.
    await showAgain(trx, await worksNoLongerToRemove(trx, ids));
    await refreshDerivedRows(trx, ids);
    await insertClaimEvents(
      trx,
      asked.map((w) => ({ event: 'removal-withdrawn' as const, workId: w.id, workTitle: w.title, batchId: w.batchId, externalCreatorId: found.externalCreatorId, actorId: viewer.id, actorLogin: viewer.login, createdAt: now })),
    );
    return true;
  });
  if (!withdrawn) return invalid({ form: 'There is no removal request to withdraw any more.' });
  return ok({ workIds: ids });
}
