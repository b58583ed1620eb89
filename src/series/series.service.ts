import type { Transaction } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Database, Series } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { toStoredHtml } from '../text/html.ts';
import { creatorsOfWorks, findWork, firstChapterId } from '../works/work.repository.ts';
import { decideRead } from '../works/work.visibility.ts';
import { queueWorkNews } from '../news/announce.jobs.ts';
import { canAddWork, canEditSeries } from './series.policy.ts';
import { deletePart, deleteSeriesRow, emptySeriesAmong, findSeries, insertPart, insertSeries, nextPosition, partsOf, seriesTitledForPseud, renumberParts, seriesIdsOfWorks, updateSeriesRow, type PartRow } from './series.repository.ts';
import { SERIES_LIMITS, type SeriesInput, type SeriesRequest } from './series.types.ts';

// Series use cases. A work joins a series inside its own use case's transaction (posting or
// editing the work: placeWorkInSeries), or from the series' form (updateSeries), which owns
// its transaction. Series are not among a work's derived rows (derived.repository.ts): their
// stats are computed on read, so joining or leaving a series writes only serial_works.

type Trx = Transaction<Database>;

export const seriesTitleKey = (title: string) => title.normalize('NFC').trim().toLowerCase();

/** The parts' order with `workId` put at part `position` (1-based; null or past the end: last). */
function orderWith(parts: PartRow[], workId: number, position: number | null): number[] {
  const order = parts.map((p) => p.workId);
  const at = position === null ? order.length : Math.min(Math.max(position - 1, 0), order.length);
  order.splice(at, 0, workId);
  return order;
}

async function addPart(trx: Trx, series: Pick<Series, 'id'>, parts: PartRow[], workId: number, position: number | null, now: string): Promise<void> {
  const order = orderWith(parts, workId, position);
  await insertPart(trx, { seriesId: series.id, workId, position: order.indexOf(workId) + 1, createdAt: now });
  if (order.indexOf(workId) < parts.length) await renumberParts(trx, series.id, order);
  await updateSeriesRow(trx, series.id, { updatedAt: now });
}

/**
 * "Add to series" of a work's form, in the work's transaction: the viewer is one of the work's
 * creators (the route loaded it for editing, or it is new). An existing series must be one of
 * theirs, and the work not in it yet. A new work's news (announceWork) finds its series
 * itself; an edited, posted work that joins is told with queueSeriesNews.
 */
export async function placeWorkInSeries(trx: Trx, viewer: Viewer, workId: number, request: SeriesRequest, now: string): Promise<Result<{ seriesId: number }>> {
  let seriesId: number;
  if (request.newTitle !== null) {
    seriesId = await insertSeries(trx, { title: request.newTitle, titleKey: seriesTitleKey(request.newTitle), summary: null, notes: null, createdAt: now, updatedAt: now });
    await insertPart(trx, { seriesId, workId, position: 1, createdAt: now });
  } else {
    const series = request.seriesId === null ? undefined : await findSeries(trx, request.seriesId);
    const parts = series ? await partsOf(trx, series.id) : [];
    if (!series || !canEditSeries(viewer, await creatorsOfWorks(trx, parts.map((p) => p.workId)))) return invalid({ seriesId: 'Choose one of your series.' });
    const place = parts.findIndex((p) => p.workId === workId);
    if (place >= 0) return invalid({ seriesId: `This work is already part ${place + 1} of “${series.title}”.` });
    await addPart(trx, series, parts, workId, request.position, now);
    seriesId = series.id;
  }
  return ok({ seriesId });
}

export type SeriesUpdate = { deleted: false } | { deleted: true; title: string };

/**
 * Saves the series form: its own fields, the parts' new order (the parts the editor saw;
 * the others keep their places), removals, and a work of the editor's own to add at the end.
 * When no part is left the series is deleted, as on AO3: nobody would be its creator.
 */
export async function updateSeries(ctx: AppContext, viewer: Viewer, seriesId: number, input: SeriesInput): Promise<Result<SeriesUpdate>> {
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    const series = await findSeries(trx, seriesId);
    if (!series) return invalid({ form: 'This series is no longer on the archive.' });
    const parts = await partsOf(trx, seriesId);
    if (!canEditSeries(viewer, await creatorsOfWorks(trx, parts.map((p) => p.workId)))) return invalid({ form: 'Only a creator of this series may change it.' });

    let added: { id: number; isDraft: number } | null = null;
    if (input.addWorkId !== null) {
      const work = await findWork(trx, input.addWorkId);
      const creators = work ? await creatorsOfWorks(trx, [work.id]) : [];
      if (!work || decideRead(viewer, work, creators) === 'not-found') return invalid({ addWork: 'There is no work with that number.' });
      if (!canAddWork(viewer, creators)) return invalid({ addWork: 'You can add only your own works to a series.' });
      if (parts.some((p) => p.workId === work.id)) return invalid({ addWork: `“${work.title}” is already in this series.` });
      added = work;
    }

    // The typed numbers order the parts shown; a part not shown keeps its number; ties keep the old order.
    const wanted = (p: PartRow) => input.positions.get(p.workId) ?? p.position;
    const order = parts
      .map((p, i) => ({ p, i }))
      .sort((a, b) => wanted(a.p) - wanted(b.p) || a.i - b.i)
      .map(({ p }) => p.workId)
      .filter((workId) => !input.remove.has(workId));
    for (const workId of input.remove) if (parts.some((p) => p.workId === workId)) await deletePart(trx, seriesId, workId);
    if (added) {
      await insertPart(trx, { seriesId, workId: added.id, position: order.length + 1, createdAt: now });
      order.push(added.id);
    }
    if (order.length === 0) {
      await deleteSeriesRow(trx, seriesId);
      return ok({ deleted: true as const, title: series.title });
    }
    await renumberParts(trx, seriesId, order);
    await updateSeriesRow(trx, seriesId, {
      title: input.title,
      titleKey: seriesTitleKey(input.title),
      summary: input.summary ? toStoredHtml(input.summary) : null,
      notes: input.notes ? toStoredHtml(input.notes) : null,
      isComplete: input.isComplete ? 1 : 0,
      updatedAt: now,
    });
    if (added && added.isDraft === 0) await queueSeriesNews(trx, seriesId, added.id, ctx.now());
    return ok({ deleted: false as const });
  });
}

/**
 * A posted work joined a series: its subscribers hear of the work (announceWork, news
 * 'series'). The item's key is the work's first chapter's, so whoever already heard of the
 * work when it was posted is not told again.
 */
export async function queueSeriesNews(trx: Trx, seriesId: number, workId: number, now: Date): Promise<void> {
  const chapterId = await firstChapterId(trx, workId);
  if (chapterId !== undefined) await queueWorkNews(trx, { workId, chapterId, news: 'series', seriesId }, now);
}

/** An imported work's place in a series, as its source named it. */
export interface ImportedPlacement {
  workId: number;
  /** The archivist's pseud named after the work's first original creator. */
  pseudId: number;
  title: string;
  position: number | null;
}

/**
 * The importer's series, in the group's transaction (import.store.ts): each work joins the
 * series of that title which already has a work of the same pseud (the archivist's pseud
 * named after the original creator), or a new one. The source's part number is kept as it is
 * (parts arrive in any order, and a source may skip or repeat one); without one the work goes
 * last. Parts order by number, then by work id.
 */
export async function placeImportedWorks(trx: Trx, placements: ImportedPlacement[], now: string): Promise<void> {
  const made = new Map<string, number>();
  for (const placement of placements) {
    const title = placement.title.trim().slice(0, SERIES_LIMITS.title);
    if (title === '') continue;
    const key = `${placement.pseudId}:${seriesTitleKey(title)}`;
    let seriesId = made.get(key) ?? (await seriesTitledForPseud(trx, placement.pseudId, seriesTitleKey(title)));
    seriesId ??= await insertSeries(trx, { title, titleKey: seriesTitleKey(title), summary: null, notes: null, createdAt: now, updatedAt: now });
    made.set(key, seriesId);
    const position = placement.position !== null && placement.position >= 1 ? Math.min(placement.position, SERIES_LIMITS.position) : await nextPosition(trx, seriesId);
    await insertPart(trx, { seriesId, workId: placement.workId, position, createdAt: now });
    await updateSeriesRow(trx, seriesId, { updatedAt: now });
  }
}

/**
 * Before works are deleted (one by its creator, an account's with it, an imported one on a
 * removal request): the series they are in, to delete those they leave empty after, in the
 * same transaction. An empty series would be a row nobody may edit and a 404 to everyone.
 */
export function seriesOfDoomedWorks(trx: Trx, workIds: number[]): Promise<number[]> {
  return seriesIdsOfWorks(trx, workIds);
}

/** Deletes those of these series that have no part left. */
export async function deleteEmptySeries(trx: Trx, seriesIds: number[]): Promise<void> {
  for (const id of await emptySeriesAmong(trx, seriesIds)) await deleteSeriesRow(trx, id);
}

