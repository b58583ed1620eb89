import type { ReadingListRow } from './reading.repository.ts';
import type { ReadingItemView } from './reading.views.tsx';

/**
 * A history entry as its reader sees it. The list is theirs alone, so a work that has since
 * been deleted, made a draft again or hidden is shown by its title and state, without a link
 * (as their bookmarks are); a restricted one is linked, as they are logged in.
 */
export function presentReading(row: ReadingListRow): ReadingItemView {
  const state =
    row.workId === null ? 'deleted' : row.workIsDraft === 1 ? 'a draft again' : row.workHiddenAt !== null ? 'hidden' : row.workIsRestricted === 1 ? 'registered users only' : null;
  const readable = row.workId !== null && row.workIsDraft === 0 && row.workHiddenAt === null;
  const href = readable ? `/works/${row.workId}` : null;
  const canContinue = readable && row.chapterId !== null && row.chapterPosition !== null && row.chapterPosition > 1 && (row.workChapterCount ?? 0) > 1;
  return {
    id: row.id,
    title: row.title,
    href,
    state,
    lastReadOn: row.lastReadAt?.slice(0, 10) ?? null,
    visitCount: row.visitCount,
    continueHref: canContinue ? `/works/${row.workId}/chapters/${row.chapterId}` : null,
    continuePosition: canContinue ? row.chapterPosition : null,
    updatedSinceRead: row.lastReadAt !== null && row.newestChapterAt !== null && row.newestChapterAt > row.lastReadAt,
    markedForLater: row.toRead === 1,
  };
}
