import type { Queryable } from '../db/database.ts';
import { bookmarkedAmong } from '../feedback/bookmark.repository.ts';
import { kudosGivenAmong } from '../feedback/kudos.repository.ts';
import { readingsAmong } from './reading.repository.ts';

/** What a logged-in viewer has done with a work in a listing. */
export interface ViewerWorkState {
  kudosGiven: boolean;
  bookmarked: boolean;
  /** When they last read it; null if never (or the history was cleared or is off). */
  lastReadAt: string | null;
  /** A chapter was posted after their last visit. */
  updatedSinceRead: boolean;
  markedForLater: boolean;
}

/**
 * The viewer's state for a whole page of works: one query each for kudos, bookmarks and
 * readings (history and Mark for Later share a row), never one per work. Only logged-in
 * viewers have any, and their pages are never cached, so logged-out pages stay cacheable.
 */
export async function viewerStates(db: Queryable, userId: number, workIds: number[]): Promise<Map<number, ViewerWorkState>> {
  const [kudos, bookmarks, readings] = await Promise.all([kudosGivenAmong(db, userId, workIds), bookmarkedAmong(db, userId, workIds), readingsAmong(db, userId, workIds)]);
  const kudosSet = new Set(kudos);
  const bookmarkSet = new Set(bookmarks);
  const readingByWork = new Map(readings.map((r) => [r.workId, r]));
  return new Map(
    workIds.map((id) => {
      const reading = readingByWork.get(id);
      const lastReadAt = reading?.lastReadAt ?? null;
      return [
        id,
        {
          kudosGiven: kudosSet.has(id),
          bookmarked: bookmarkSet.has(id),
          lastReadAt,
          updatedSinceRead: lastReadAt !== null && reading!.newestChapterAt !== null && reading!.newestChapterAt > lastReadAt,
          markedForLater: reading?.toRead === 1,
        },
      ];
    }),
  );
}
