import type { Transaction } from 'kysely';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Database, Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueWorkNews } from '../news/announce.jobs.ts';
import { countHtmlWords, toStoredHtml } from '../text/html.ts';
import { wordRuleRefusal } from '../challenges/word-rule.check.ts';
import { refreshDerivedRows } from './derived.repository.ts';
import type { ChapterInput } from './work.types.ts';
import {
  chapterIndex,
  deleteChapterRow,
  findChapterBySubmissionKey,
  insertChapter,
  renumberChapters,
  updateChapterRow,
  updateWorkRow,
} from './work.repository.ts';

function storedChapter(input: ChapterInput) {
  const body = toStoredHtml(input.text);
  return {
    title: input.title,
    summary: input.summary ? toStoredHtml(input.summary) : null,
    notes: input.notes ? toStoredHtml(input.notes) : null,
    endNotes: input.endNotes ? toStoredHtml(input.endNotes) : null,
    body,
    wordCount: countHtmlWords(body),
  };
}

/**
 * After the chapters changed: a posted work's "Updated" date moves when its text changes, as
 * on AO3, and an expected count the chapters went past is dropped (the work is in progress
 * again, its end unknown). Its totals, completion and index entry follow (derived.repository.ts).
 */
async function refreshWork(trx: Transaction<Database>, work: Work, chapterCount: number, touchedAt: string | null): Promise<void> {
  const changes = {
    ...(work.expectedChapters !== null && work.expectedChapters < chapterCount ? { expectedChapters: null } : {}),
    ...(touchedAt && !work.isDraft ? { updatedAt: touchedAt } : {}),
  };
  if (Object.keys(changes).length > 0) await updateWorkRow(trx, work.id, changes);
  await refreshDerivedRows(trx, [work.id]);
}

export async function addChapter(
  ctx: AppContext,
  work: Work,
  input: ChapterInput & { submissionKey: string | null },
): Promise<Result<{ chapterId: number; repeated: boolean }>> {
  const stored = storedChapter(input);
  if (stored.wordCount === 0 && !/<img\b/i.test(stored.body)) return invalid({ text: 'The chapter needs some text.' });
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    if (input.submissionKey) {
      const earlier = await findChapterBySubmissionKey(trx, input.submissionKey);
      if (earlier?.workId === work.id) return ok({ chapterId: earlier.id, repeated: true });
      if (earlier) return invalid({ form: 'This form was already used. Reload the page and post again.' });
    }
    const index = await chapterIndex(trx, work.id);
    const chapterId = await insertChapter(trx, {
      workId: work.id,
      position: index.length + 1,
      ...stored,
      submissionKey: input.submissionKey,
      createdAt: now,
      updatedAt: now,
    });
    const miss = await wordRuleRefusal(trx, work.id);
    if (miss) return invalid({ text: miss });
    await refreshWork(trx, work, index.length + 1, now);
    if (!work.isDraft && work.hiddenAt === null) await queueWorkNews(trx, { workId: work.id, chapterId, news: 'chapter' }, ctx.now());
    return ok({ chapterId, repeated: false });
  });
}

export async function editChapter(ctx: AppContext, work: Work, chapterId: number, input: ChapterInput): Promise<Result<{ chapterId: number }>> {
  const stored = storedChapter(input);
  if (stored.wordCount === 0 && !/<img\b/i.test(stored.body)) return invalid({ text: 'The chapter needs some text.' });
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    await updateChapterRow(trx, chapterId, { ...stored, updatedAt: now });
    const miss = await wordRuleRefusal(trx, work.id);
    if (miss) return invalid({ text: miss });
    await refreshWork(trx, work, work.chapterCount, now);
    return ok({ chapterId });
  });
}

/**
 * Removes a chapter and closes the gap in the numbering. A work keeps at least one. A word
 * rule the work keeps ("exactly 500 words per work") may break when a chapter goes: the
 * deletion is refused with the rule's message, as a chapter posted or edited is, so a work
 * never sits in a challenge breaking its rule unnoticed and nothing is lost. A rule the work
 * broke already (its collection's rule changed since) does not hold the deletion up.
 */
export async function deleteChapter(ctx: AppContext, work: Work, chapterId: number): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    const index = await chapterIndex(trx, work.id);
    if (index.length <= 1) return invalid({ form: 'A work needs at least one chapter. Delete the work instead.' });
    const keptBefore = (await wordRuleRefusal(trx, work.id)) === null;
    await deleteChapterRow(trx, chapterId);
    await renumberChapters(trx, index.filter((c) => c.id !== chapterId).map((c) => c.id));
    const miss = keptBefore ? await wordRuleRefusal(trx, work.id) : null;
    if (miss) return invalid({ form: `Without this chapter the work would break its challenge’s rule. ${miss} Take the work out of the collection first if the chapter must go.` });
    await refreshWork(trx, work, index.length - 1, null);
    return ok(null);
  });
}

/** Puts the chapters in the order given: every chapter of the work, each once. */
export async function reorderChapters(ctx: AppContext, work: Work, orderedIds: number[]): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    const index = await chapterIndex(trx, work.id);
    const current = new Set(index.map((c) => c.id));
    if (orderedIds.length !== current.size || !orderedIds.every((id) => current.has(id)) || new Set(orderedIds).size !== current.size) {
      return invalid({ positions: 'Give every chapter a different position from 1 to ' + current.size + '.' });
    }
    await renumberChapters(trx, orderedIds);
    // The index holds the text in chapter order, for snippets.
    await refreshDerivedRows(trx, [work.id]);
    return ok(null);
  });
}
