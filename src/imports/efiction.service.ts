import { hasRole } from '../accounts/account.policy.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { inviteCreators } from '../claims/claim.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { withMemoryTempStore } from '../db/database.ts';
import { attachPrepared } from '../legacy/prepared.ts';
import { finishBatch, insertBatch } from './import.repository.ts';
import { finishInterruptedBatches } from './import.service.ts';
import { storeGroup, type Batch, type GroupItem } from './import.store.ts';
import { importReviews } from './efiction.reviews.ts';
import { mapStory, type SeriesPlace } from './efiction.mapping.ts';
import { EfictionReader, type EfictionSeries, type EfictionStory } from './efiction.source.repository.ts';
import { countLegacyIds, insertLegacyIds, mappedIds, storedPartsOfWork, upsertKeptRows, type LegacyRow } from './legacy-id.repository.ts';

// Importing a whole eFiction 3.x archive (issue 14) from its database: each story becomes a
// work through the file importer's own storing (import.store: groups, content hashes, external
// creators, provenance, derived rows, claim invitations at the end), and every story, chapter
// and author is mapped in legacy_ids to what it became, so
//  - a run again, or a run after an interrupted one, skips what is mapped (and what it stored
//    but had not mapped yet is found by its content hash, then mapped): no duplicates;
//  - old addresses (viewstory.php, viewuser.php, series.php) redirect (efiction.routes.ts).
// Series and challenges have no table here yet: their rows are kept in legacy_ids (data) with
// their stories in order, to be linked when they do; meanwhile a work's notes name them.
// Reviews become the works' comments once the stories are stored (efiction.reviews.ts).

export interface EfictionImportOptions {
  /** mysql://user:password@host:port/database of the eFiction archive. */
  url: string;
  as: string;
  prefix?: string;
  /** Where chapters kept as files are (sites with store = files). */
  storiesDir?: string | null;
  /** Names the archive in legacy_ids and provenance; by default its settings' url (or name). */
  source?: string | null;
  /** Stop after this many stories have been stored in this run (an interrupted run, on purpose). */
  limit?: number | null;
  invite?: boolean;
  onProgress?: (line: string) => void;
}

export interface EfictionSummary {
  batchId: number;
  source: string;
  storiesInSource: number;
  imported: number;
  /** Stories mapped already (a run again) or found by their content hash. */
  present: number;
  skipped: { storyId: number; reason: string }[];
  chapters: number;
  authors: number;
  series: number;
  challenges: number;
  invitations: number;
  /** Reviews in the source. */
  reviewsInSource: number;
  /** Reviews that are comments here (this run's and earlier runs'). */
  reviews: number;
  /** Reviews not imported: of a series, of a story not here, or empty. */
  reviewsLeft: number;
  /** True when the run stopped at `limit` before the end. */
  stoppedEarly: boolean;
}

const PAGE = 100;

interface StoredStory {
  story: EfictionStory;
  chapterIds: number[];
  chapterPositions: number[];
  authorIds: number[];
}

function seriesPlaces(series: EfictionSeries[]): Map<number, SeriesPlace> {
  const places = new Map<number, SeriesPlace>();
  for (const one of series) {
    one.stories.forEach((member, index) => {
      if (!places.has(member.storyId)) places.set(member.storyId, { title: one.title, position: member.position > 0 ? member.position : index + 1 });
    });
  }
  return places;
}

/** The mappings of one stored story: the story, its chapters in order, its creators in order. */
async function mappingsOf(ctx: AppContext, story: StoredStory, workId: number): Promise<LegacyRow[]> {
  const { chapterIds, chapterPositions, authorIds } = story;
  const parts = await storedPartsOfWork(ctx.db.kysely, workId);
  // viewstory.php's &chapter=M is the chapter's place in eFiction's order (inorder), which a
  // left-out chapter makes differ from ours: each is kept with the chapter it became.
  const chapters = chapterPositions.map((position, i) => [position, parts.chapterIds[i] ?? null]);
  return [
    { kind: 'story', legacyId: story.story.id, newId: workId, data: JSON.stringify({ chapters }) },
    ...chapterIds.map((legacyId, i) => ({ kind: 'chapter' as const, legacyId, newId: parts.chapterIds[i] ?? null })),
    ...authorIds.map((legacyId, i) => ({ kind: 'author' as const, legacyId, newId: parts.creatorIds[i] ?? null })),
  ];
}

export async function importEfiction(ctx: AppContext, options: EfictionImportOptions): Promise<Result<EfictionSummary>> {
  const archivist = await findUserByLogin(ctx.db.kysely, options.as);
  if (!archivist) return invalid({ as: `There is no account "${options.as}".` });
  if (!hasRole(archivist, 'archivist')) return invalid({ as: `"${archivist.login}" is not an archivist: only accounts with the archivist or admin role can import.` });
  let reader: EfictionReader;
  try {
    reader = await EfictionReader.open(options.url, options.prefix);
  } catch (error) {
    return invalid({ mysql: `The eFiction database cannot be reached: ${(error as Error).message}` });
  }
  try {
    const settings = await reader.settings();
    const reference = await reader.reference();
    const series = await reader.series();
    const source = `efiction:${options.source || settings.url || settings.siteName}`;
    const archiveName = settings.siteName || options.source || 'eFiction archive';
    const places = seriesPlaces(series);
    await finishInterruptedBatches(ctx);
    const now = () => ctx.now().toISOString();
    const batch: Batch = { id: 0, archivistId: archivist.id, archive: archiveName, list: null, contacts: { mbox: null } };
    batch.id = await insertBatch(ctx.db.kysely, { archivistId: archivist.id, archiveName, listName: null, startedAt: now() });
    const summary: EfictionSummary = {
      batchId: batch.id, source, storiesInSource: await reader.countStories(), imported: 0, present: 0, skipped: [], chapters: 0, authors: 0, series: 0, challenges: 0, invitations: 0, reviewsInSource: await reader.countReviews(), reviews: 0, reviewsLeft: 0, stoppedEarly: false,
    };
    const importedWorkIds: number[] = [];
    const progress = options.onProgress ?? (() => {});
    await withMemoryTempStore(ctx.db, async () => {
      let after = 0;
      for (let page = await reader.storiesAfter(after, PAGE); page.length > 0; page = await reader.storiesAfter(after, PAGE)) {
        after = page[page.length - 1]!.id;
        const mapped = await mappedIds(ctx.db.kysely, source, 'story', page.map((s) => s.id));
        const unmapped = page.filter((story) => !mapped.has(story.id));
        summary.present += page.length - unmapped.length;
        const todo = options.limit == null ? unmapped : unmapped.slice(0, Math.max(0, options.limit - summary.imported));
        const authors = await reader.authors(todo.flatMap((s) => [s.authorId, ...s.coauthorIds]));
        const items: GroupItem[] = [];
        const stories: StoredStory[] = [];
        for (const story of todo) {
          const result = mapStory(story, { reference, authors, series: places.get(story.id) ?? null, storiesDir: options.storiesDir ?? null, source, archiveName });
          if (result.kind === 'skipped') {
            summary.skipped.push({ storyId: story.id, reason: result.reason });
            items.push({ kind: 'skipped', skipped: { source: `${source}/viewstory.php?sid=${story.id}`, reason: result.reason } });
            continue;
          }
          attachPrepared(result.work, result.rows);
          items.push({ kind: 'work', work: result.work });
          stories.push({ story, chapterIds: result.chapterIds, chapterPositions: result.chapterPositions, authorIds: result.authorIds });
        }
        const results = items.length > 0 ? await storeGroup(ctx, batch, items, summary.imported + summary.present + summary.skipped.length) : [];
        const legacy: LegacyRow[] = [];
        let next = 0;
        for (const result of results) {
          if (result.kind !== 'work') continue;
          const stored = stories[next++]!;
          const story = stored.story;
          const outcome = result.outcome;
          if (outcome.kind === 'skipped') {
            summary.skipped.push({ storyId: story.id, reason: outcome.reason });
            continue;
          }
          if (outcome.kind === 'imported') {
            summary.imported++;
            importedWorkIds.push(outcome.workId);
          } else summary.present++;
          legacy.push(...(await mappingsOf(ctx, stored, outcome.workId)));
        }
        await ctx.db.kysely.transaction().execute((trx) => insertLegacyIds(trx, source, legacy, now()));
        progress(`… ${summary.imported + summary.present + summary.skipped.length} of ${summary.storiesInSource} stories (${summary.imported} imported)`);
        if (options.limit != null && summary.imported >= options.limit) {
          summary.stoppedEarly = todo.length < unmapped.length || (await reader.storiesAfter(after, 1)).length > 0;
          break;
        }
      }
    });
    if (!summary.stoppedEarly) {
      const storyIds = [...new Set(series.flatMap((s) => s.stories.map((m) => m.storyId)))];
      const works = await mappedIds(ctx.db.kysely, source, 'story', storyIds);
      const authorIds = await mappedIds(ctx.db.kysely, source, 'author', series.map((s) => s.authorId));
      const kept: LegacyRow[] = series.map((s) => ({
        kind: 'series', legacyId: s.id, newId: null,
        data: JSON.stringify({ title: s.title, summary: s.summary, authorLegacyId: s.authorId, externalCreatorId: authorIds.get(s.authorId) ?? null, stories: s.stories.map((m) => ({ sid: m.storyId, position: m.position, workId: works.get(m.storyId) ?? null })) }),
      }));
      for (const challenge of reference.challenges.values()) {
        kept.push({ kind: 'challenge', legacyId: challenge.id, newId: null, data: JSON.stringify({ title: challenge.title, challenger: challenge.challenger, authorLegacyId: challenge.authorId, summary: challenge.summary }) });
      }
      await ctx.db.kysely.transaction().execute((trx) => upsertKeptRows(trx, source, kept, now()));
      summary.series = series.length;
      summary.challenges = reference.challenges.size;
    }
    // After the stories, so that every author a reviewer may be is mapped already.
    summary.reviewsLeft = (await importReviews(ctx, reader, source, settings.ratings)).left;
    const counts = await mappedCounts(ctx, source);
    summary.chapters = counts.chapter;
    summary.authors = counts.author;
    summary.reviews = counts.review;
    await finishBatch(ctx.db.kysely, batch.id, { filesRead: summary.imported + summary.present + summary.skipped.length, worksImported: summary.imported, worksPresent: summary.present, skipped: summary.skipped.length, repairs: 0, flags: 0 }, now());
    if (options.invite !== false && ctx.mailer && importedWorkIds.length > 0) summary.invitations = await inviteCreators(ctx, importedWorkIds);
    return ok(summary);
  } finally {
    await reader.close();
  }
}

async function mappedCounts(ctx: AppContext, source: string): Promise<Record<'chapter' | 'author' | 'review', number>> {
  const rows = await countLegacyIds(ctx.db.kysely, source);
  const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.count ?? 0);
  return { chapter: of('chapter'), author: of('author'), review: of('review') };
}
