import type { Hono } from 'hono';
import type { FieldErrors } from '../context.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { readForm, validateForm, FORM_ERROR } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { commentForm, loadWorkById, pageNumber, THREADS_PER_PAGE, type WorkLoad } from './comment.http.ts';
import { decideComment, moderatesComments } from './comment.policy.ts';
import { chapterOfWork, chaptersOfWork, findComment, firstChapterId, type CommentRow } from './comment.repository.ts';
import { commentSettingsSchema } from './comment.schema.ts';
import { saveCommentSettings } from './comment.service.ts';
import { COMMENT_REFUSALS, CommentsPage } from './comment.views.tsx';
import { chapterThreads } from './thread.service.ts';
import { mountCommentThreadRoutes } from './thread.routes.tsx';
import { refusedPage, submitComment, type Status } from './comment.submit.tsx';

/** The work's comments page (all chapters, or one), with its form as typed and any errors. */
async function renderCommentsPage(c: WebContext, load: WorkLoad, chapterId: number | null, form: { values?: Record<string, string>; errors?: FieldErrors } = {}, status: Status = 200) {
  const { work, creators } = load;
  const viewer = c.var.viewer;
  const decision = decideComment(viewer, work, creators);
  const page = pageNumber(c);
  const action = chapterId !== null ? `/chapters/${chapterId}/comments` : `/works/${work.id}/comments`;
  const offered = decision === 'allowed' || (form.errors !== undefined && Object.keys(form.errors).length > 0);
  // The page's reads go out together: on PostgreSQL each waits on its own connection, so the
  // page waits for the slowest, not for their sum.
  const listed = chaptersOfWork(c.var.app.db.kysely, work.id);
  const chapterIds = chapterId === null ? (await listed).map((ch) => ch.id) : [chapterId];
  const [chapters, { threads, threadCount, pageCount }, formView] = await Promise.all([
    listed,
    chapterThreads(c.var.app, { viewer, creators, work, mayComment: decision === 'allowed' }, chapterIds, page, THREADS_PER_PAGE),
    offered ? commentForm(c, { action, heading: 'Post a comment', button: 'Comment', ...form }) : null,
  ]);
  const chapter = chapterId === null ? null : chapters.find((ch) => ch.id === chapterId)!;
  const url = new URL(c.req.url);
  const moderator = moderatesComments(viewer, creators);
  return renderPage(
    c,
    { title: `Comments on ${work.title}`, noIndex: true },
    <CommentsPage
      heading={chapter && chapters.length > 1 ? `Comments on chapter ${chapter.position} of ${work.title}` : `Comments on ${work.title}`}
      workHref={chapter && chapters.length > 1 ? `/works/${work.id}/chapters/${chapter.id}` : `/works/${work.id}`}
      workTitle={work.title}
      threadCount={threadCount}
      threads={threads}
      page={page}
      pageCount={pageCount}
      baseUrl={url.pathname}
      form={formView}
      refusal={decision === 'allowed' ? null : COMMENT_REFUSALS[decision]}
      settings={moderator ? { permission: work.commentPermission, moderate: work.moderateComments === 1, csrfToken: c.var.csrfToken, action: `/works/${work.id}/comment_settings`, errors: {} } : null}
      csrfToken={c.var.csrfToken}
      returnTo={url.pathname + url.search}
    />,
    status,
  );
}

export function mountCommentRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id/comments', async (c) => {
    const load = await loadWorkById(c, parseId(c.req.param('id')));
    return load ? readable(c, load, () => renderCommentsPage(c, load, null)) : notFound(c);
  });

  app.get('/chapters/:id/comments', async (c) => {
    const chapter = await chapterFromParam(c);
    const load = chapter ? await loadWorkById(c, chapter.workId) : null;
    return load && chapter ? readable(c, load, () => renderCommentsPage(c, load, chapter.id)) : notFound(c);
  });

  // A new comment from a work's page: on the chapter the form names, else the first; with
  // parent_id, a reply, which must be to a comment on this work.
  app.post('/works/:id/comments', async (c) => {
    const values = await readForm(c);
    const load = await loadWorkById(c, parseId(c.req.param('id')));
    if (!load) return refusedPage(c, 404, 'There is no such work: it may have been deleted.', values.body ?? '');
    const db = c.var.app.db.kysely;
    let chapterId = values.chapter_id ? parseId(values.chapter_id) : ((await firstChapterId(db, load.work.id)) ?? null);
    const chapter = chapterId === null ? undefined : await chapterOfWork(db, chapterId);
    const again = (errors: FieldErrors, status: Status) => renderCommentsPage(c, load, null, { values, errors }, status);
    if (!chapter || chapter.workId !== load.work.id) return again({ [FORM_ERROR]: 'That chapter is not part of this work.' }, 422);
    chapterId = chapter.id;
    let parent: CommentRow | null = null;
    if (values.parent_id) {
      const parentId = parseId(values.parent_id);
      parent = (parentId === null ? undefined : await findComment(db, parentId)) ?? null;
      if (!parent || parent.workId !== load.work.id) return again({ [FORM_ERROR]: 'That comment is not on this work, so you can’t reply to it here.' }, 422);
      chapterId = parent.chapterId;
    }
    return submitComment(c, { load, chapterId, parent, values, again, done: (id) => `/comments/${id}` });
  });

  app.post('/chapters/:id/comments', async (c) => {
    const values = await readForm(c);
    const chapter = await chapterFromParam(c);
    const load = chapter ? await loadWorkById(c, chapter.workId) : null;
    if (!load || !chapter) return refusedPage(c, 404, 'There is no such chapter: it may have been deleted.', values.body ?? '');
    const again = (errors: FieldErrors, status: Status) => renderCommentsPage(c, load, chapter.id, { values, errors }, status);
    return submitComment(c, { load, chapterId: chapter.id, parent: null, values, again, done: (id) => `/comments/${id}` });
  });

  app.post('/works/:id/comment_settings', async (c) => {
    const load = await loadWorkById(c, parseId(c.req.param('id')));
    if (!load) return notFound(c);
    const viewer = c.var.viewer;
    if (!viewer) return c.redirect(loginPath(`/works/${load.work.id}/comments`), 303);
    if (!moderatesComments(viewer, load.creators)) return refusedPage(c, 403, 'Only the work’s creators can change who may comment on it.', '');
    const form = validateForm(commentSettingsSchema, await readForm(c));
    if (!form.ok) return redirectWithFlash(c, `/works/${load.work.id}/comments`, form.errors.comment_permission ?? 'Choose who may comment.');
    await saveCommentSettings(c.var.app, load.work.id, { permission: form.value.comment_permission, moderate: form.value.moderate_comments });
    return redirectWithFlash(c, `/works/${load.work.id}/comments`, 'Comment settings saved.');
  });

  mountCommentThreadRoutes(app);
}

async function chapterFromParam(c: WebContext) {
  const id = parseId(c.req.param('id'));
  return id === null ? undefined : chapterOfWork(c.var.app.db.kysely, id);
}

/** The page, if this viewer may read the work; else its 404 or the way to log in. */
async function readable(c: WebContext, load: WorkLoad, render: () => Promise<Response>): Promise<Response> {
  const decision = decideComment(c.var.viewer, load.work, load.creators);
  if (decision === 'not-found') return notFound(c);
  if (decision === 'login-required') return c.redirect(loginPath(new URL(c.req.url).pathname), 303);
  return render();
}
