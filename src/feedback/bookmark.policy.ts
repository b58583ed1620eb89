import type { Viewer } from '../accounts/session.service.ts';
import { decideRead, showsActor } from '../works/work.visibility.ts';
import type { BookmarkRow } from './bookmark.repository.ts';

// Who may see and change a bookmark. Its owner always sees it, whatever became of the work
// (and is told); anyone else sees a public bookmark of a work they may read, or of a story
// elsewhere. A bookmark of a work that became a draft, hidden, deleted or (for guests)
// restricted is gone for them, by work.visibility.ts's own rule.

export function ownsBookmark(viewer: Viewer | null, bookmark: Pick<BookmarkRow, 'userId'>): boolean {
  return viewer !== null && viewer.id === bookmark.userId;
}

/** What became of a bookmarked work, as its owner is told. */
export type BookmarkedWorkState = 'elsewhere' | 'series' | 'series-gone' | 'shown' | 'deleted' | 'draft' | 'hidden' | 'restricted';

export function bookmarkedWorkState(bookmark: BookmarkRow): BookmarkedWorkState {
  if (bookmark.url !== null) return 'elsewhere';
  if (bookmark.seriesId !== null) return bookmark.seriesPartsForMembers === 1 ? 'series' : 'series-gone';
  if (bookmark.workId === null) return 'deleted';
  if (bookmark.workIsDraft === 1) return 'draft';
  if (bookmark.workHiddenAt !== null) return 'hidden';
  if (bookmark.workIsRestricted === 1) return 'restricted';
  return 'shown';
}

/**
 * Whether the viewer may see the bookmarked work itself (its blurb), as a reader: a
 * bookmark does not lend anyone the creators' sight of their own draft.
 */
export function mayReadBookmarkedWork(viewer: Viewer | null, bookmark: BookmarkRow): boolean {
  if (bookmark.workId === null) return false;
  const work = { isDraft: bookmark.workIsDraft ?? 1, isRestricted: bookmark.workIsRestricted ?? 1, hiddenAt: bookmark.workHiddenAt, inUnrevealedCollection: bookmark.workInUnrevealedCollection ?? 1 };
  return decideRead(viewer, work, []) === 'allowed';
}

/** A bookmarked series is seen as its parts are (src/series): while one is listed to the viewer. */
export function mayReadBookmarkedSeries(viewer: Viewer | null, bookmark: BookmarkRow): boolean {
  return bookmark.seriesId !== null && (viewer === null ? bookmark.seriesPartsForGuests : bookmark.seriesPartsForMembers) === 1;
}

export function mayViewBookmark(viewer: Viewer | null, bookmark: BookmarkRow): boolean {
  if (ownsBookmark(viewer, bookmark)) return true;
  if (bookmark.isPrivate === 1) return false;
  // A creator's bookmark of their own anonymous work would name them.
  const creators = bookmark.bookmarkerIsCreator === 1 ? [{ isApproved: 1, userId: bookmark.userId }] : [];
  if (!showsActor(viewer, { inAnonCollection: bookmark.workInAnonCollection ?? 0 }, creators, bookmark.userId)) return false;
  return bookmark.url !== null || mayReadBookmarkedWork(viewer, bookmark) || mayReadBookmarkedSeries(viewer, bookmark);
}
