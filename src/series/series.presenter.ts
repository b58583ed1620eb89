import type { Kysely } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { Queryable } from '../db/database.ts';
import type { Database, Series, Work } from '../db/schema.ts';
import { groupBy } from '../arrays.ts';
import { creatorLink, presentWorks, type CreatorLink, type WorkSummaryView } from '../works/work.presenter.ts';
import { creatorsOfWorks, type CreatorRow } from '../works/work.repository.ts';
import { shownCreators, type ListingAudience } from '../works/work.visibility.ts';
import { findSeries, findSeriesByIds, listedParts, seriesBookmarkCounts, seriesOfUser, seriesOfWork } from './series.repository.ts';

// Series as a reader sees them. Everything is of the parts the viewer may see listed
// (listedWorks): the parts, their number, the stats and the creators, so a draft, hidden or
// (for guests) restricted part leaves no trace, not even in the word count. Stats are
// computed here on every read: a series has few parts, and their works rows are read anyway.

type Part = Work & { seriesId: number; position: number };

export interface SeriesStats {
  words: number;
  works: number;
  isComplete: boolean;
  bookmarks: number;
  /** The first part's publication day and the last change to any part, as YYYY-MM-DD. */
  begunOn: string | null;
  updatedOn: string | null;
}

export interface SeriesSummaryView {
  id: number;
  href: string;
  title: string;
  summaryHtml: string | null;
  notesHtml: string | null;
  creators: CreatorLink[];
  stats: SeriesStats;
}

const audienceOf = (viewer: Viewer | null): ListingAudience => ({ loggedIn: viewer !== null });
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** Each part's creators as shownCreators shows them, in part order, each named once. */
function seriesCreators(viewer: Viewer | null, parts: Part[], creatorsByWork: Map<number, CreatorRow[]>): CreatorLink[] {
  const links = new Map<string, CreatorLink>();
  for (const part of parts) {
    for (const creator of shownCreators(viewer, part, creatorsByWork.get(part.id) ?? [])) {
      const link = creatorLink(creator);
      if (!links.has(link.href)) links.set(link.href, link);
    }
  }
  return [...links.values()];
}

function statsOf(series: Series, parts: Part[], bookmarks: number): SeriesStats {
  const published = parts.map((p) => p.publishedAt).filter((d): d is string => d !== null).sort();
  const updated = parts.map((p) => p.updatedAt).sort();
  return {
    words: parts.reduce((sum, p) => sum + p.wordCount, 0),
    works: parts.length,
    isComplete: series.isComplete === 1,
    bookmarks,
    begunOn: day(published[0] ?? null),
    updatedOn: day(updated[updated.length - 1] ?? null),
  };
}

async function summaries(db: Queryable, viewer: Viewer | null, seriesList: Series[]): Promise<{ view: SeriesSummaryView; parts: Part[] }[]> {
  const ids = seriesList.map((s) => s.id);
  const [parts, bookmarks] = await Promise.all([listedParts(db, ids, audienceOf(viewer), viewer), seriesBookmarkCounts(db, ids)]);
  const creators = groupBy(await creatorsOfWorks(db, [...new Set(parts.map((p) => p.id))]), (c) => c.workId);
  const partsBySeries = groupBy(parts, (p) => p.seriesId);
  return seriesList.flatMap((series) => {
    const own = partsBySeries.get(series.id) ?? [];
    // A series whose every part is out of the viewer's sight is not there for them.
    if (own.length === 0) return [];
    const view: SeriesSummaryView = {
      id: series.id,
      href: `/series/${series.id}`,
      title: series.title,
      summaryHtml: series.summary,
      notesHtml: series.notes,
      creators: seriesCreators(viewer, own, creators),
      stats: statsOf(series, own, bookmarks.get(series.id) ?? 0),
    };
    return [{ view, parts: own }];
  });
}

/** Series by id as blurbs, those the viewer may see (bookmarks of series). */
export async function presentSeriesSummaries(db: Queryable, viewer: Viewer | null, seriesIds: number[]): Promise<SeriesSummaryView[]> {
  if (seriesIds.length === 0) return [];
  return (await summaries(db, viewer, await findSeriesByIds(db, [...new Set(seriesIds)]))).map((s) => s.view);
}

/** The series if the viewer may see one of its parts listed; else null. */
export async function visibleSeries(db: Queryable, viewer: Viewer | null, seriesId: number): Promise<Series | null> {
  const series = await findSeries(db, seriesId);
  if (!series) return null;
  return (await listedParts(db, [series.id], audienceOf(viewer), viewer)).length > 0 ? series : null;
}

export type SeriesPageResult = { kind: 'shown'; series: Series; view: SeriesSummaryView; works: WorkSummaryView[] } | { kind: 'not-found' } | { kind: 'login-required' };

/** /series/:id: its parts as blurbs, in order. Only restricted parts: a guest is asked to log in. */
export async function presentSeriesPage(db: Kysely<Database>, viewer: Viewer | null, seriesId: number): Promise<SeriesPageResult> {
  const series = await findSeries(db, seriesId);
  if (!series) return { kind: 'not-found' };
  const [shown] = await summaries(db, viewer, [series]);
  if (!shown) {
    const forMembers = viewer === null && (await listedParts(db, [series.id], { loggedIn: true }, null)).length > 0;
    return { kind: forMembers ? 'login-required' : 'not-found' };
  }
  return { kind: 'shown', series, view: shown.view, works: await presentWorks(db, shown.parts, viewer) };
}

/** The series a user has a listed part in, newest change first. */
export async function presentUserSeries(db: Queryable, viewer: Viewer | null, userId: number): Promise<SeriesSummaryView[]> {
  return (await summaries(db, viewer, await seriesOfUser(db, userId, { ...audienceOf(viewer), anonymousHiddenFrom: viewer?.id !== userId }))).map((s) => s.view);
}

/** The series box of a work's page (AO3's "Part 2 of Title", with the neighbours). */
export interface SeriesBoxView {
  id: number;
  href: string;
  title: string;
  part: number;
  parts: number;
  previous: { href: string; title: string } | null;
  next: { href: string; title: string } | null;
}

/**
 * For each series the work is in: its place among the parts the viewer may see (the work
 * itself always counts: its page is open to this viewer), and its visible neighbours.
 */
export async function seriesBoxes(db: Queryable, viewer: Viewer | null, workId: number): Promise<SeriesBoxView[]> {
  const seriesList = await seriesOfWork(db, workId);
  if (seriesList.length === 0) return [];
  const parts = groupBy(await listedParts(db, seriesList.map((s) => s.id), audienceOf(viewer), viewer, workId), (p) => p.seriesId);
  // A part anonymous to this viewer is not in its own series' parts: it shows no box, since
  // the series names its creators and links their other works.
  return seriesList.flatMap((series) => {
    const own = parts.get(series.id) ?? [];
    const at = own.findIndex((p) => p.id === workId);
    if (at < 0) return [];
    const link = (p: Part | undefined) => (p ? { href: `/works/${p.id}`, title: p.title } : null);
    return [{ id: series.id, href: `/series/${series.id}`, title: series.title, part: at + 1, parts: own.length, previous: link(own[at - 1]), next: link(own[at + 1]) }];
  });
}

/** The viewer's own series, for the work form's "Add to series" choice (drafts' series too). */
export async function ownSeriesChoices(db: Queryable, viewer: Viewer): Promise<{ id: number; title: string }[]> {
  return (await seriesOfUser(db, viewer.id, null)).map((s) => ({ id: s.id, title: s.title }));
}
