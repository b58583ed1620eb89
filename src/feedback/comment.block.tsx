import type { WebContext } from '../web/env.ts';
import { commentForm, THREADS_PER_PAGE, type WorkLoad } from './comment.http.ts';
import { decideComment } from './comment.policy.ts';
import { COMMENT_REFUSALS, CommentsBlock } from './comment.views.tsx';
import { chapterThreads } from './thread.service.ts';

/**
 * The comments under a work's text: the first page of threads on the chapters shown, and the
 * form. A guest's page carries no form token, so that logged-out reading pages stay in the
 * page cache (src/web/page-cache.ts): a guest's way to comment is the work's comments page,
 * whose form has one.
 */
export async function workCommentsSection(c: WebContext, load: WorkLoad, chapterIds: number[]) {
  const { work, creators } = load;
  const viewer = c.var.viewer;
  const decision = decideComment(viewer, work, creators);
  const one = chapterIds.length === 1 ? chapterIds[0]! : null;
  // Together: on PostgreSQL the form's pseuds come on their own connection meanwhile.
  const [{ threads, pageCount }, form] = await Promise.all([
    chapterThreads(c.var.app, { viewer, creators, work, mayComment: decision === 'allowed' }, chapterIds, 1, THREADS_PER_PAGE),
    decision === 'allowed' && viewer
      ? commentForm(c, { action: `/works/${work.id}/comments`, heading: 'Post a comment', button: 'Comment', ...(one !== null ? { chapterId: one } : {}) })
      : null,
  ]);
  const commentsHref = one !== null ? `/chapters/${one}/comments` : `/works/${work.id}/comments`;
  const url = new URL(c.req.url);
  let note: { text: string; href: string | null; link: string | null } | null = null;
  if (decision === 'allowed' && !viewer) note = { text: '', href: `${commentsHref}#comment-form`, link: 'Comment as a guest' };
  else if (decision !== 'allowed' && decision !== 'draft') note = { text: COMMENT_REFUSALS[decision], href: null, link: null };
  return (
    <CommentsBlock
      workId={work.id}
      count={work.commentCount}
      threads={threads}
      moreHref={pageCount > 1 ? `${commentsHref}?page=2` : null}
      form={form}
      note={note}
      csrfToken={c.var.csrfToken}
      returnTo={url.pathname + url.search}
    />
  );
}
