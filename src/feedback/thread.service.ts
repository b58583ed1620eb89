import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { buildThreads, SHOWN_LEVELS, type CommentView } from './comment.presenter.ts';
import { commentRange, countThreads, threadRoots, type CommentRow, type RangeRow } from './comment.repository.ts';

// Reading threads. A page holds a number of top-level threads (not of comments), so a thread
// is never cut in two; its comments are one range of the (chapter_id, path) index from the
// page's first thread to the end of its last, down to the levels shown.

export interface ThreadReader {
  viewer: Viewer | null;
  creators: CreatorRow[];
  mayComment: boolean;
}

function present(rows: RangeRow[], reader: ThreadReader, rootDepth: number): CommentView[] {
  const deeper = new Set(rows.filter((r) => Number(r.hasDeeper) === 1).map((r) => r.id));
  return buildThreads(rows, { ...reader, deeper, rootDepth });
}

/** One page of the threads on these chapters (one chapter, or a whole work's in order). */
export async function chapterThreads(ctx: AppContext, reader: ThreadReader, chapterIds: number[], page: number, perPage: number): Promise<{ threads: CommentView[]; threadCount: number; pageCount: number }> {
  const db = ctx.db.kysely;
  const [roots, threadCount] = await Promise.all([threadRoots(db, chapterIds, perPage, (page - 1) * perPage), countThreads(db, chapterIds)]);
  const rows: RangeRow[] = [];
  // Chapters in the order asked; within one, the page's threads are one range.
  for (const chapterId of chapterIds) {
    const mine = roots.filter((r) => r.chapterId === chapterId);
    if (mine.length === 0) continue;
    rows.push(...(await commentRange(db, chapterId, mine[0]!.path, mine[mine.length - 1]!.path, SHOWN_LEVELS - 1)));
  }
  return { threads: present(rows, reader, 0), threadCount, pageCount: Math.max(1, Math.ceil(threadCount / perPage)) };
}

/** A comment and the replies below it, as many levels as a thread shows. */
export async function threadUnder(ctx: AppContext, reader: ThreadReader, comment: CommentRow): Promise<CommentView[]> {
  const rows = await commentRange(ctx.db.kysely, comment.chapterId, comment.path, comment.path, comment.depth + SHOWN_LEVELS - 1);
  return present(rows, reader, comment.depth);
}
