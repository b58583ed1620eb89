import type { Kysely } from 'kysely';
import type { Viewer } from '../accounts/session.service.ts';
import type { Database } from '../db/schema.ts';
import { presentWorks } from '../works/work.presenter.ts';
import { bookmarkedWorkState, mayReadBookmarkedSeries, mayReadBookmarkedWork, ownsBookmark } from './bookmark.policy.ts';
import { presentSeriesSummaries } from '../series/series.presenter.ts';
import { tagsOfBookmarks, worksByIds, type BookmarkRow } from './bookmark.repository.ts';
import type { BookmarkView } from './bookmark.views.tsx';
import { groupBy } from '../arrays.ts';

/** A page of bookmarks, ready to render: works, their creators and tags, and the bookmarkers' tags in one query each. */
export async function presentBookmarks(db: Kysely<Database>, viewer: Viewer | null, rows: BookmarkRow[]): Promise<BookmarkView[]> {
  const readable = rows.filter((r) => mayReadBookmarkedWork(viewer, r)).map((r) => r.workId!);
  const readableSeries = rows.filter((r) => mayReadBookmarkedSeries(viewer, r)).map((r) => r.seriesId!);
  const [works, tags, series] = await Promise.all([
    worksByIds(db, readable).then((w) => presentWorks(db, w, viewer)),
    tagsOfBookmarks(db, rows.map((r) => r.id)),
    presentSeriesSummaries(db, viewer, readableSeries),
  ]);
  const workById = new Map(works.map((w) => [w.id, w]));
  const seriesById = new Map(series.map((s) => [s.id, s]));
  const tagsByBookmark = groupBy(tags, (t) => t.bookmarkId);
  return rows.map((r) => ({
    id: r.id,
    ownerLogin: r.ownerLogin,
    work: r.workId !== null ? (workById.get(r.workId) ?? null) : null,
    series: r.seriesId !== null ? (seriesById.get(r.seriesId) ?? null) : null,
    state: bookmarkedWorkState(r),
    title: r.title,
    url: r.url,
    creator: r.creator,
    summaryHtml: r.summary,
    notesHtml: r.notes,
    tags: (tagsByBookmark.get(r.id) ?? []).map((t) => ({ name: t.name, href: `/users/${encodeURIComponent(r.ownerLogin)}/bookmarks?bookmark_tag=${encodeURIComponent(t.name)}` })),
    isPrivate: r.isPrivate === 1,
    isRec: r.isRec === 1,
    bookmarkedOn: r.createdAt.slice(0, 10),
    isOwner: ownsBookmark(viewer, r),
  }));
}
