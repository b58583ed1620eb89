import type { Transaction } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { queueWorkNews } from '../news/announce.jobs.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { replaceWorkTags } from '../tags/tag.repository.ts';
import { resolveTags, type TagRequest } from '../tags/tag.service.ts';
import { USER_TAGS_MAX } from '../tags/tag.types.ts';
import { toStoredHtml, countHtmlWords } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { ownPseudIds } from '../accounts/user.repository.ts';
import { findCoCreators } from './creatorship.service.ts';
import { placeWorkInSeries, queueSeriesNews } from '../series/series.service.ts';
import { ITEM_FIELD, placeWorkInCollection } from '../collections/collection.service.ts';
import { deleteOwnCreditsExcept } from './creatorship.repository.ts';
import { refreshDerivedRows } from './derived.repository.ts';
import { sortTitle } from './work.titles.ts';
import type { NewWorkInput, WorkInput } from './work.types.ts';
import {
  chapterTotals,
  findWork,
  findWorkBySubmissionKey,
  insertChapter,
  insertCreatorships,
  insertWork,
  publishDraft,
  firstChapterId,
  updateWorkRow,
  workIdsCreatedBy,
} from './work.repository.ts';

function tagRequests(input: WorkInput): TagRequest[] {
  return [
    { type: 'Rating', name: input.rating, field: 'rating' },
    ...input.warnings.map((name) => ({ type: 'ArchiveWarning' as const, name, field: 'warnings' })),
    ...input.categories.map((name) => ({ type: 'Category' as const, name, field: 'categories' })),
    ...input.fandoms.map((name) => ({ type: 'Fandom' as const, name, field: 'fandoms' })),
    ...input.relationships.map((name) => ({ type: 'Relationship' as const, name, field: 'relationships' })),
    ...input.characters.map((name) => ({ type: 'Character' as const, name, field: 'characters' })),
    ...input.freeforms.map((name) => ({ type: 'Freeform' as const, name, field: 'freeforms' })),
  ];
}

/** Rules that need no database: counts across fields. */
function checkWork(input: WorkInput, postedChapters: number): FieldErrors {
  const errors: FieldErrors = {};
  const userTags = input.fandoms.length + input.relationships.length + input.characters.length + input.freeforms.length;
  if (userTags > USER_TAGS_MAX) {
    errors.freeforms = `A work can have at most ${USER_TAGS_MAX} fandom, relationship, character and additional tags together; this one has ${userTags}.`;
  }
  if (!input.isComplete && input.expectedChapters !== null && input.expectedChapters < postedChapters) {
    errors.expectedChapters = `The work already has ${counted(postedChapters, 'chapter')}; expect at least that many, or leave it empty.`;
  }
  return errors;
}

/** A chosen day may be today or earlier (by UTC, as the page shows dates), never later. */
function checkPublishedOn(input: WorkInput, now: Date): FieldErrors {
  if (!input.publishedOn || input.publishedOn <= now.toISOString().slice(0, 10)) return {};
  return { publishedOn: 'The publication date cannot be in the future.' };
}

/**
 * The published_at a chosen day stands for: the real moment when it is today (so same-day
 * posts keep their order), else that day's start in UTC. `current` is kept when the day is
 * unchanged, so saving an edit form does not move the time of day.
 */
export function backdatedAt(day: string, now: Date, current: string | null = null): string {
  if (current && current.slice(0, 10) === day) return current;
  return day === now.toISOString().slice(0, 10) ? now.toISOString() : `${day}T00:00:00.000Z`;
}

/** The work's own columns as the form gave them, cleaned for storage. */
function storedFields(input: WorkInput) {
  return {
    title: input.title,
    sortTitle: sortTitle(input.title),
    summary: input.summary ? toStoredHtml(input.summary) : null,
    notes: input.notes ? toStoredHtml(input.notes) : null,
    endNotes: input.endNotes ? toStoredHtml(input.endNotes) : null,
    language: input.language,
    isRestricted: input.isRestricted ? 1 : 0,
  };
}

/** "Complete" fixes the expected count at the chapters there are; whether it is reached is derived (derived.repository.ts). */
function expectedChapters(input: WorkInput, chapterCount: number): number | null {
  return input.isComplete ? chapterCount : input.expectedChapters;
}

async function ownPseudsOnly(trx: Transaction<Database>, viewer: Viewer, pseudIds: number[]): Promise<boolean> {
  if (pseudIds.length === 0) return false;
  const rows = await ownPseudIds(trx, viewer.id, pseudIds);
  return rows.length === new Set(pseudIds).size;
}

/**
 * The form's "Collections" field, through the collection service's own rules (request or
 * invitation, closed, word rule) in the work's transaction: one refusal refuses the whole
 * form, so the work is saved with all its collections or not at all, and every name's problem
 * shows beside the field at once. A draft joins none: a moderated collection's moderators
 * would see the title of a work nobody may read, so it is added once posted.
 */
async function joinCollections(trx: Transaction<Database>, viewer: Viewer, workId: number, input: WorkInput & { asDraft: boolean }, now: string): Promise<Result<null>> {
  const names = input.collections ?? [];
  if (names.length === 0) return ok(null);
  if (input.asDraft) return invalid({ [ITEM_FIELD]: 'A draft cannot join a collection. Post the work first, or leave this empty for now.' });
  const problems: string[] = [];
  for (const name of names) {
    const placed = await placeWorkInCollection(trx, viewer, workId, name, now);
    if (!placed.ok) problems.push(Object.values(placed.errors).join(' '));
  }
  return problems.length > 0 ? invalid({ [ITEM_FIELD]: problems.join(' ') }) : ok(null);
}

/** Posts a new work (or saves it as a draft) with its first chapter. */
export async function postWork(ctx: AppContext, viewer: Viewer, input: NewWorkInput): Promise<Result<{ workId: number; repeated: boolean }>> {
  const chapterInputs = [input.chapter, ...(input.moreChapters ?? [])];
  const problems = { ...checkWork(input, chapterInputs.length), ...checkPublishedOn(input, ctx.now()) };
  if (Object.keys(problems).length > 0) return invalid(problems);
  const now = ctx.now().toISOString();
  const bodies = chapterInputs.map((chapter) => toStoredHtml(chapter.text));
  const wordCounts = bodies.map(countHtmlWords);
  if (bodies.some((body, i) => wordCounts[i] === 0 && !/<img\b/i.test(body))) return invalid({ text: 'The chapter needs some text.' });

  return inTransaction(ctx, async (trx) => {
    if (input.submissionKey) {
      // The same form sent twice (a double click, a re-sent request): show what the first made.
      const earlier = await findWorkBySubmissionKey(trx, input.submissionKey);
      if (earlier && (await workIdsCreatedBy(trx, viewer.id, [earlier.id])).has(earlier.id)) {
        return ok({ workId: earlier.id, repeated: true });
      }
      if (earlier) return invalid({ form: 'This form was already used. Reload the page and post again.' });
    }
    if (!(await ownPseudsOnly(trx, viewer, input.pseudIds))) return invalid({ pseudIds: 'Choose at least one of your own pseuds.' });
    const coCreators = await findCoCreators(trx, viewer.id, input.coCreators);
    if (!coCreators.ok) return coCreators;
    const tags = await resolveTags(trx, tagRequests(input), now);
    if (!tags.ok) return invalid(tags.errors);

    const workId = await insertWork(trx, {
      ...storedFields(input),
      expectedChapters: expectedChapters(input, chapterInputs.length),
      isDraft: input.asDraft ? 1 : 0,
      submissionKey: input.submissionKey,
      // A draft keeps a chosen date for when it is published (publishDraft); otherwise it has none yet.
      publishedAt: input.publishedOn ? backdatedAt(input.publishedOn, ctx.now()) : input.asDraft ? null : now,
      updatedAt: now,
      createdAt: now,
    });
    await replaceWorkTags(trx, workId, tags.tagIds);
    await insertCreatorships(trx, [
      ...input.pseudIds.map((pseudId, i) => ({ workId, pseudId, position: i, isApproved: 1, createdAt: now })),
      ...coCreators.value.map((p, i) => ({ workId, pseudId: p.id, position: input.pseudIds.length + i, isApproved: 0, createdAt: now })),
    ]);
    const chapterIds: number[] = [];
    for (const [i, chapter] of chapterInputs.entries()) {
      chapterIds.push(
        await insertChapter(trx, {
          workId,
          position: i + 1,
          title: chapter.title,
          summary: chapter.summary ? toStoredHtml(chapter.summary) : null,
          notes: chapter.notes ? toStoredHtml(chapter.notes) : null,
          endNotes: chapter.endNotes ? toStoredHtml(chapter.endNotes) : null,
          body: bodies[i]!,
          wordCount: wordCounts[i]!,
          submissionKey: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    const chapterId = chapterIds[0]!;
    // In its series before its news is queued: announceWork tells the series' subscribers too.
    if (input.series) {
      const placed = await placeWorkInSeries(trx, viewer, workId, input.series, now);
      if (!placed.ok) return placed;
    }
    // In its collections before its derived rows and news: an anonymous collection's flag must hide it from the first moment.
    const joined = await joinCollections(trx, viewer, workId, input, now);
    if (!joined.ok) return joined;
    // Listed under its tags and found by search the moment it is saved.
    await refreshDerivedRows(trx, [workId]);
    if (!input.asDraft) await queueWorkNews(trx, { workId, chapterId, news: 'work' }, ctx.now());
    return ok({ workId, repeated: false });
  });
}

/** Edits a work's metadata, tags and credits. Chapter text is edited chapter by chapter. */
export async function updateWork(ctx: AppContext, viewer: Viewer, workId: number, input: WorkInput): Promise<Result<{ workId: number }>> {
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    const { chapterCount } = await chapterTotals(trx, workId);
    const problems = { ...checkWork(input, chapterCount), ...checkPublishedOn(input, ctx.now()) };
    if (Object.keys(problems).length > 0) return invalid(problems);
    const current = await findWork(trx, workId);
    if (!(await ownPseudsOnly(trx, viewer, input.pseudIds))) return invalid({ pseudIds: 'Choose at least one of your own pseuds.' });
    const coCreators = await findCoCreators(trx, viewer.id, input.coCreators);
    if (!coCreators.ok) return coCreators;
    const tags = await resolveTags(trx, tagRequests(input), now);
    if (!tags.ok) return invalid(tags.errors);

    // Backdating changes only the published date; "updated" stays the real time of the last change.
    const publishedAt = input.publishedOn ? { publishedAt: backdatedAt(input.publishedOn, ctx.now(), current?.publishedAt ?? null) } : {};
    await updateWorkRow(trx, workId, { ...storedFields(input), ...publishedAt, expectedChapters: expectedChapters(input, chapterCount) });
    await replaceWorkTags(trx, workId, tags.tagIds);
    // The viewer's own credits follow the form; other people's stay as they were.
    await deleteOwnCreditsExcept(trx, workId, viewer.id, input.pseudIds);
    await insertCreatorships(trx, [
      ...input.pseudIds.map((pseudId, i) => ({ workId, pseudId, position: i, isApproved: 1, createdAt: now })),
      ...coCreators.value.map((p, i) => ({ workId, pseudId: p.id, position: 100 + i, isApproved: 0, createdAt: now })),
    ]);
    if (input.series) {
      const placed = await placeWorkInSeries(trx, viewer, workId, input.series, now);
      if (!placed.ok) return placed;
      if (current?.isDraft === 0) await queueSeriesNews(trx, placed.value.seriesId, workId, ctx.now());
    }
    const joined = await joinCollections(trx, viewer, workId, { ...input, asDraft: current?.isDraft === 1 }, now);
    if (!joined.ok) return joined;
    await refreshDerivedRows(trx, [workId]);
    return ok({ workId });
  });
}

/** Makes a draft public: from now on it is listed, and its dates start. */
export async function publishWork(ctx: AppContext, workId: number): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const published = await publishDraft(trx, workId, now);
    await refreshDerivedRows(trx, [workId]);
    const first = published ? await firstChapterId(trx, workId) : undefined;
    if (first !== undefined) await queueWorkNews(trx, { workId, chapterId: first, news: 'work' }, ctx.now());
  });
}
