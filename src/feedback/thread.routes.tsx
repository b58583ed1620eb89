import type { Hono } from 'hono';
import { clientAddress } from '../accounts/account.http.ts';
import type { FieldErrors } from '../context.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import type { AppEnv, WebContext } from '../web/env.ts';
import { readForm, validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { backTo, commentForm, loadComment, pageNumber, type WorkLoad } from './comment.http.ts';
import { decideComment, mayDeleteComment, mayEditComment, moderatesComments } from './comment.policy.ts';
import { ancestorsFrozen, findComment, type CommentRow, type CommentStatus } from './comment.repository.ts';
import { commentFormSchema } from './comment.schema.ts';
import { CHANGED_MEANWHILE, deleteComment, editComment, moderateComment, type ModerationAction } from './comment.service.ts';
import { refusedPage, submitComment, type Status } from './comment.submit.tsx';
import { COMMENT_REFUSALS, CommentEditPage, CommentPage } from './comment.views.tsx';
import { threadUnder } from './thread.service.ts';

type Loaded = WorkLoad & { comment: CommentRow };

const MODERATION: Record<ModerationAction, string> = {
  approve: 'Comment approved.',
  spam: 'Comment marked as spam and hidden. “Not spam” brings it back.',
  not_spam: 'Comment marked as not spam and shown again.',
  freeze: 'Thread frozen: it takes no new replies.',
  unfreeze: 'Thread unfrozen.',
};

/** What a comment is now, when an action found it already changed (another creator acted first). */
const NOW: Record<CommentStatus, string> = {
  published: 'already published',
  pending: 'waiting for approval',
  spam: 'marked as spam',
  deleted: 'deleted',
};

async function unchanged(c: WebContext, id: number): Promise<string> {
  const now = await findComment(c.var.app.db.kysely, id);
  return `Nothing changed: that comment is ${now ? NOW[now.status] : 'deleted'}.`;
}

/** The comment in `:id` as the viewer may see it, or the answer: 404, or the way to log in. */
async function loaded(c: WebContext, typed = ''): Promise<Loaded | Response> {
  const found = await loadComment(c);
  if (found === 'login-required') {
    if (c.req.method === 'GET') return c.redirect(loginPath(new URL(c.req.url).pathname), 303);
    return refusedPage(c, 403, COMMENT_REFUSALS['login-required'], typed);
  }
  if (found === null) return refusedPage(c, 404, 'There is no such comment: it may have been deleted.', typed);
  return found;
}

/** A comment's own page: it and its replies, and the reply form. */
export async function renderThreadPage(c: WebContext, l: Loaded, form: { values?: Record<string, string>; errors?: FieldErrors } = {}, status: Status = 200) {
  const { work, creators, comment } = l;
  const viewer = c.var.viewer;
  const frozen = comment.isFrozen === 1 || (await ancestorsFrozen(c.var.app.db.kysely, comment.chapterId, comment.path));
  const decision = decideComment(viewer, work, creators, frozen);
  const replyable = decision === 'allowed' && comment.status === 'published';
  const page = pageNumber(c);
  const { threads, pageCount } = await threadUnder(c.var.app, { viewer, creators, work, mayComment: decision === 'allowed' }, comment, page);
  const withErrors = form.errors !== undefined && Object.keys(form.errors).length > 0;
  const url = new URL(c.req.url);
  return renderPage(
    c,
    { title: `Comment on ${work.title}`, noIndex: true },
    <CommentPage
      workHref={`/works/${work.id}/chapters/${comment.chapterId}`}
      workTitle={work.title}
      parentHref={comment.parentId !== null ? `/comments/${comment.parentId}` : null}
      threads={threads}
      page={page}
      pageCount={pageCount}
      baseUrl={`/comments/${comment.id}`}
      form={replyable || withErrors ? await commentForm(c, { action: `/comments/${comment.id}/replies`, heading: 'Reply to this comment', button: 'Reply', ...form }) : null}
      refusal={decision === 'allowed' ? null : COMMENT_REFUSALS[decision]}
      csrfToken={c.var.csrfToken}
      returnTo={url.pathname}
    />,
    status,
  );
}

export function mountCommentThreadRoutes(app: Hono<AppEnv>): void {
  app.get('/comments/:id', async (c) => {
    const l = await loaded(c);
    return l instanceof Response ? l : renderThreadPage(c, l);
  });

  app.post('/comments/:id/replies', async (c) => {
    const values = await readForm(c);
    const l = await loaded(c, values.body ?? '');
    if (l instanceof Response) return l;
    const again = (errors: FieldErrors, status: Status) => renderThreadPage(c, l, { values, errors }, status);
    return submitComment(c, { load: l, chapterId: l.comment.chapterId, parent: l.comment, values, again, done: (id) => `/comments/${id}` });
  });

  app.get('/comments/:id/edit', async (c) => {
    const l = await loaded(c);
    if (l instanceof Response) return l;
    if (!c.var.viewer) return c.redirect(loginPath(`/comments/${l.comment.id}/edit`), 303);
    if (!mayEditComment(c.var.viewer, l.comment)) return refusedPage(c, 403, 'Only the person who wrote a comment can edit it.', '');
    return renderEdit(c, l, { body: l.comment.body }, {});
  });

  app.post('/comments/:id/edit', async (c) => {
    const values = await readForm(c);
    const l = await loaded(c, values.body ?? '');
    if (l instanceof Response) return l;
    if (!mayEditComment(c.var.viewer, l.comment)) return refusedPage(c, 403, 'Only the person who wrote a comment can edit it.', values.body ?? '');
    const form = validateForm(commentFormSchema, values);
    if (!form.ok) return renderEdit(c, l, values, form.errors, 422);
    const result = await editComment(c.var.app, l.comment, l.work, l.creators, form.value.body, clientAddress(c));
    if (!result.ok) return renderEdit(c, l, values, result.errors, CHANGED_MEANWHILE in result.errors ? 409 : 422);
    return redirectWithFlash(c, `/comments/${l.comment.id}`, result.value.status === 'published' ? 'Comment updated.' : 'Comment updated: it will appear again once the work’s creators approve it.');
  });

  app.get('/comments/:id/confirm_delete', async (c) => {
    const l = await loaded(c);
    if (l instanceof Response) return l;
    if (!c.var.viewer) return c.redirect(loginPath(`/comments/${l.comment.id}`), 303);
    if (!mayDeleteComment(c.var.viewer, l.comment, l.creators)) return refusedPage(c, 403, 'Only the comment’s writer or the work’s creators can delete it.', '');
    const message = 'Are you sure you want to delete this comment? If it has replies, they stay, under “(Previous comment deleted.)”.';
    return renderPage(c, { title: 'Delete comment', noIndex: true }, <ConfirmPage heading="Delete comment?" message={message} action={`/comments/${l.comment.id}/delete`} button="Yes, delete comment" cancelHref={`/comments/${l.comment.id}`} csrfToken={c.var.csrfToken} />);
  });

  app.post('/comments/:id/delete', async (c) => {
    const l = await loaded(c);
    if (l instanceof Response) return l;
    if (!mayDeleteComment(c.var.viewer, l.comment, l.creators)) return refusedPage(c, 403, 'Only the comment’s writer or the work’s creators can delete it.', '');
    const deleted = await deleteComment(c.var.app, l.comment);
    const back = l.comment.parentId !== null ? `/comments/${l.comment.parentId}` : `/works/${l.work.id}/comments`;
    return redirectWithFlash(c, back, deleted ? 'Comment deleted.' : await unchanged(c, l.comment.id));
  });

  for (const action of Object.keys(MODERATION) as ModerationAction[]) {
    app.post(`/comments/:id/${action}`, async (c) => {
      const values = await readForm(c);
      const l = await loaded(c);
      if (l instanceof Response) return l;
      if (!moderatesComments(c.var.viewer, l.creators)) return refusedPage(c, 403, 'Only the work’s creators can do that.', '');
      const changed = await moderateComment(c.var.app, l.comment, action);
      return redirectWithFlash(c, backTo(values.return_to, `/comments/${l.comment.id}`), changed ? MODERATION[action] : await unchanged(c, l.comment.id));
    });
  }
}

function renderEdit(c: WebContext, l: Loaded, values: Record<string, string>, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  return renderPage(
    c,
    { title: 'Edit comment', noIndex: true },
    <CommentEditPage commentId={l.comment.id} csrfToken={c.var.csrfToken} values={values} errors={errors} cancelHref={`/comments/${l.comment.id}`} moderated={l.work.moderateComments === 1} />,
    status,
  );
}
