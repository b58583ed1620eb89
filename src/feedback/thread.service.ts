import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import type { Anonymity } from '../works/work.visibility.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { buildThreads, SHOWN_LEVELS, type CommentView } from './comment.presenter.ts';
import { cappedRange, childPaths, countChildren, countThreads, threadRoots, type CappedRow, type CommentRow, type RangeRow } from './comment.repository.ts';

// Reading threads. A page holds a number of threads (not of comments), so a page is never cut
// between two of them: on a chapter its top-level threads, on a comment's own page its direct
// replies. Their comments are one range of the (chapter_id, path) index from the page's first
// thread to the end of its last, down to the levels shown, and at most THREAD_CAP of each: a
// thread of a thousand comments shows its first hundred and "continue this thread", whose
// page (the thread's first comment) pages its replies in turn. So every comment is a few links
// away, and no page renders more than threads × THREAD_CAP.

/** The comments of one thread a page shows before "continue this thread". */
export const THREAD_CAP = 100;
/** A comment's own page shows this many of its direct replies, each with its thread. */
export const REPLIES_PER_PAGE = 50;

export interface ThreadReader {
  viewer: Viewer | null;
  creators: CreatorRow[];
  work: Anonymity;
  mayComment: boolean;
}

export interface ThreadPage {
  threads: CommentView[];
  pageCount: number;
}

function present(rows: RangeRow[], reader: ThreadReader, rootDepth: number, cut: Set<number> = new Set()): CommentView[] {
  const deeper = new Set(rows.filter((r) => Number(r.hasDeeper) === 1).map((r) => r.id));
  return buildThreads(rows, { ...reader, deeper, cut, rootDepth });
}

/** The threads of a capped range whose comments did not all fit. */
function cutThreads(rows: CappedRow[], topDepth: number): Set<number> {
  return new Set(rows.filter((r) => r.depth === topDepth && r.subtreeSize > THREAD_CAP).map((r) => r.id));
}

const pages = (count: number, perPage: number) => Math.max(1, Math.ceil(count / perPage));

/** One page of the threads on these chapters (one chapter, or a whole work's in order). */
export async function chapterThreads(ctx: AppContext, reader: ThreadReader, chapterIds: number[], page: number, perPage: number): Promise<ThreadPage & { threadCount: number }> {
  const db = ctx.db.kysely;
  const [roots, threadCount] = await Promise.all([threadRoots(db, chapterIds, perPage, (page - 1) * perPage), countThreads(db, chapterIds)]);
  const rows: CappedRow[] = [];
  // Chapters in the order asked; within one, the page's threads are one range.
  for (const chapterId of chapterIds) {
    const mine = roots.filter((r) => r.chapterId === chapterId);
    if (mine.length === 0) continue;
    rows.push(...(await cappedRange(db, chapterId, mine[0]!.path, mine[mine.length - 1]!.path, 0, SHOWN_LEVELS - 1, THREAD_CAP)));
  }
  return { threads: present(rows, reader, 0, cutThreads(rows, 0)), threadCount, pageCount: pages(threadCount, perPage) };
}

/** A comment and one page of its direct replies, each with its thread as far as a page shows. */
export async function threadUnder(ctx: AppContext, reader: ThreadReader, comment: CommentRow, page = 1): Promise<ThreadPage> {
  const db = ctx.db.kysely;
  const [paths, replyCount] = await Promise.all([childPaths(db, comment.id, REPLIES_PER_PAGE, (page - 1) * REPLIES_PER_PAGE), countChildren(db, comment.id)]);
  const top = comment.depth + 1;
  const replies = paths.length === 0 ? [] : await cappedRange(db, comment.chapterId, paths[0]!, paths[paths.length - 1]!, top, comment.depth + SHOWN_LEVELS - 1, THREAD_CAP);
  const self: RangeRow = { ...comment, hasDeeper: 0 };
  return { threads: present([self, ...replies], reader, comment.depth, cutThreads(replies, top)), pageCount: pages(replyCount, REPLIES_PER_PAGE) };
}
