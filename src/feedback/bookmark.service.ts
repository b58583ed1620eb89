import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { toStoredHtml } from '../text/html.ts';
import type { BookmarkRow } from './bookmark.repository.ts';
import { deleteBookmarkRow, findOwnBookmark, insertBookmark, recountBookmarks, replaceBookmarkTags, updateBookmarkRow } from './bookmark.repository.ts';
import type { BookmarkForm, ExternalBookmarkForm } from './bookmark.schema.ts';

// Each write to a bookmark is one short transaction that ends by counting the work's public
// bookmarks again (works.bookmark_count: blurbs and the bookmarks sort).

/** Notes are cleaned as chapter text is: the same allowlist, paragraphs from plain text. */
const cleaned = (html: string) => (html.trim() === '' ? null : toStoredHtml(html));

function fields(input: BookmarkForm) {
  return { notes: cleaned(input.notes), isPrivate: input.isPrivate ? 1 : 0, isRec: input.isRec ? 1 : 0 };
}

const ALREADY = 'You have already bookmarked this. Edit your bookmark instead.';

/** Bookmarks a posted work the caller has checked the viewer may read. */
export async function bookmarkWork(ctx: AppContext, viewer: Viewer, work: Pick<Work, 'id' | 'title'>, input: BookmarkForm): Promise<Result<{ bookmarkId: number }>> {
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    const id = await insertBookmark(trx, { userId: viewer.id, workId: work.id, title: work.title, ...fields(input), createdAt: now, updatedAt: now });
    if (id === null) return invalid({ form: ALREADY });
    await replaceBookmarkTags(trx, id, input.tags);
    await recountBookmarks(trx, work.id);
    return ok({ bookmarkId: id });
  });
}

/** Bookmarks a series the caller has checked the viewer may see (src/series); its title is kept, as a work's is. */
export async function bookmarkSeries(ctx: AppContext, viewer: Viewer, series: { id: number; title: string }, input: BookmarkForm): Promise<Result<{ bookmarkId: number }>> {
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    const id = await insertBookmark(trx, { userId: viewer.id, seriesId: series.id, title: series.title, ...fields(input), createdAt: now, updatedAt: now });
    if (id === null) return invalid({ form: ALREADY });
    await replaceBookmarkTags(trx, id, input.tags);
    return ok({ bookmarkId: id });
  });
}

/** Bookmarks a story elsewhere, by its address. */
export async function bookmarkElsewhere(ctx: AppContext, viewer: Viewer, input: ExternalBookmarkForm): Promise<Result<{ bookmarkId: number }>> {
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (trx) => {
    const id = await insertBookmark(trx, {
      userId: viewer.id,
      url: input.url,
      title: input.title,
      creator: input.creator === '' ? null : input.creator,
      summary: cleaned(input.summary),
      ...fields(input),
      createdAt: now,
      updatedAt: now,
    });
    if (id === null) return invalid({ url: ALREADY });
    await replaceBookmarkTags(trx, id, input.tags);
    return ok({ bookmarkId: id });
  });
}

/** Changes the owner's bookmark; an off-site story's own details too. */
export async function editBookmark(ctx: AppContext, bookmark: BookmarkRow, input: BookmarkForm | ExternalBookmarkForm): Promise<Result<void>> {
  return inTransaction(ctx, async (trx) => {
    const story =
      bookmark.url !== null && 'url' in input
        ? { url: input.url, title: input.title, creator: input.creator === '' ? null : input.creator, summary: cleaned(input.summary) }
        : {};
    if (story.url !== undefined && story.url !== bookmark.url) {
      const other = await findOwnBookmark(trx, bookmark.userId, { url: story.url });
      if (other) return invalid({ url: ALREADY });
    }
    await updateBookmarkRow(trx, bookmark.id, { ...fields(input), ...story, updatedAt: ctx.now().toISOString() });
    await replaceBookmarkTags(trx, bookmark.id, input.tags);
    if (bookmark.workId !== null) await recountBookmarks(trx, bookmark.workId);
    return ok(undefined);
  });
}

export async function removeBookmark(ctx: AppContext, bookmark: BookmarkRow): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await deleteBookmarkRow(trx, bookmark.id);
    if (bookmark.workId !== null) await recountBookmarks(trx, bookmark.workId);
    return ok(undefined);
  });
}
