import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { clientAddress } from '../accounts/account.http.ts';
import { FORM_ERROR, readForm, validateForm } from '../web/forms.tsx';
import { requireRole } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { answer as answerFeed } from '../works/feed.routes.ts';
import { listFeed } from './list.feed.ts';
import { listFeedPath, listPath, listPostPath } from './list.paths.ts';
import { mayRunLists } from './list.policy.ts';
import { allLists, archivePage, findListBySlug, findShownPost, type ListRow } from './list.repository.ts';
import { announcementSchema, joinSchema, newListSchema } from './list.schema.ts';
import { confirmJoin, createList, JOIN_ANSWER, joinList, postAnnouncement, previewJoin, type JoinCheck } from './list.service.ts';
import { AnnounceForm, ConfirmJoinPrompt, ListIndex, ListPage, ListPostPage, NewListForm, Notice, type FormState } from './list.views.tsx';

// Announcement lists' pages. Reading and joining are open to anyone; starting a list and
// announcing are for archivists. A confirmation link opens a page with one button: link
// scanners follow every GET, so only the POST joins.

const ARCHIVE_PAGE = 50;
const empty: FormState = { values: {}, errors: {} };

async function loadList(c: WebContext): Promise<ListRow | null> {
  const slug = c.req.param('slug') ?? '';
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return null;
  return (await findListBySlug(c.var.app.db.kysely, slug)) ?? null;
}

async function renderList(c: WebContext, list: ListRow, join: FormState, status: 200 | 422 | 429 = 200) {
  const db = c.var.app.db.kysely;
  const beforeId = parseId(c.req.query('before'));
  const before = beforeId === null ? undefined : await findShownPost(db, list.id, beforeId);
  const rows = await archivePage(db, list.id, ARCHIVE_PAGE + 1, before ? { postedAt: before.postedAt, id: before.id } : null);
  const posts = rows.slice(0, ARCHIVE_PAGE);
  const olderHref = rows.length > ARCHIVE_PAGE ? `${listPath(list.slug)}?before=${posts[posts.length - 1]!.id}#archive` : null;
  return renderPage(
    c,
    { title: list.name, description: list.description ?? undefined, feed: { href: listFeedPath(list.slug), title: `${list.name} posts` } },
    <ListPage list={list} posts={posts} olderHref={olderHref} canRun={mayRunLists(c.var.viewer)} join={join} csrfToken={c.var.csrfToken} />,
    status,
  );
}

function renderJoinCheck(c: WebContext, list: ListRow, token: string, check: JoinCheck) {
  const page = { title: `Join ${list.name}`, noIndex: true };
  const back = { href: listPath(list.slug), label: `Back to ${list.name}` };
  const again = ' To join, send the form on the list’s page again: a new link comes by mail.';
  switch (check.status) {
    case 'ready':
      return renderPage(c, page, <ConfirmJoinPrompt list={list} token={token} address={check.address} digest={check.digest} csrfToken={c.var.csrfToken} />);
    case 'done':
      return renderPage(c, page, <Notice heading="You have joined" text={`${check.address} is on the ${list.name} list now. ${check.digest ? 'A digest of the day’s posts comes once a day.' : 'Each post comes as it is made.'} Every message has a link to leave.`} back={back} />);
    case 'used':
      return renderPage(c, page, <Notice heading="This link has been used" text={`A confirmation link works once; this one already has been.${again}`} back={back} />, 409);
    case 'expired':
      return renderPage(c, page, <Notice heading="This link has expired" text={`A confirmation link works for two days.${again}`} back={back} />, 409);
    case 'invalid':
      return renderPage(c, page, <Notice heading="This link does not work" text={`This is not a link the archive sent, or it was changed on the way, or a newer link replaced it.${again}`} back={back} />, 404);
  }
}

export function mountListRoutes(app: Hono<AppEnv>): void {
  app.get('/lists', async (c) => renderPage(c, { title: 'Lists' }, <ListIndex lists={await allLists(c.var.app.db.kysely)} canRun={mayRunLists(c.var.viewer)} />));

  app.get('/lists/new', async (c) => {
    const viewer = await requireRole(c, 'archivist');
    if (viewer instanceof Response) return viewer;
    return renderPage(c, { title: 'Start a new list', noIndex: true }, <NewListForm form={empty} csrfToken={c.var.csrfToken} />);
  });

  app.post('/lists/new', async (c) => {
    const viewer = await requireRole(c, 'archivist');
    if (viewer instanceof Response) return viewer;
    const values = await readForm(c);
    const parsed = validateForm(newListSchema, values);
    const result = parsed.ok ? await createList(c.var.app, viewer, parsed.value) : parsed;
    if (!result.ok) return renderPage(c, { title: 'Start a new list', noIndex: true }, <NewListForm form={{ values, errors: result.errors }} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, listPath(result.value.slug), 'The list has started. New works under it are announced from now on.');
  });

  app.get('/lists/:slug', async (c) => {
    const list = await loadList(c);
    if (!list) return notFound(c);
    return renderList(c, list, empty);
  });

  app.post('/lists/:slug/join', async (c) => {
    const list = await loadList(c);
    if (!list) return notFound(c);
    const values = await readForm(c);
    const parsed = validateForm(joinSchema, values);
    const result = parsed.ok ? await joinList(c.var.app, list, { ...parsed.value, client: clientAddress(c) }) : parsed;
    if (!result.ok && result.errors === null) {
      c.header('Retry-After', String(result.retryAfterSeconds));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return renderList(c, list, { values, errors: { [FORM_ERROR]: `Too many requests to join lists from here. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` } }, 429);
    }
    if (!result.ok) return renderList(c, list, { values, errors: result.errors }, 422);
    // The same words for a new address, a pending one, a member and one that left.
    return renderPage(c, { title: `Join ${list.name}`, noIndex: true }, <Notice heading="Check your mail" text={JOIN_ANSWER} back={{ href: listPath(list.slug), label: `Back to ${list.name}` }} />);
  });

  app.get('/lists/:slug/confirm/:token', async (c) => {
    const list = await loadList(c);
    if (!list) return notFound(c);
    const token = c.req.param('token');
    return renderJoinCheck(c, list, token, await previewJoin(c.var.app, list, token));
  });

  app.post('/lists/:slug/confirm/:token', async (c) => {
    const list = await loadList(c);
    if (!list) return notFound(c);
    const token = c.req.param('token');
    return renderJoinCheck(c, list, token, await confirmJoin(c.var.app, list, token));
  });

  app.get('/lists/:slug/posts/:id', async (c) => {
    const list = await loadList(c);
    const id = parseId(c.req.param('id'));
    const post = list && id !== null ? await findShownPost(c.var.app.db.kysely, list.id, id) : undefined;
    if (!list || !post) return notFound(c);
    return renderPage(c, { title: post.subject }, <ListPostPage list={list} post={post} />);
  });

  app.get('/lists/:slug/feed.atom', async (c) => {
    const list = await loadList(c);
    if (!list) return notFound(c);
    return answerFeed(c, await listFeed(c.var.app, list));
  });

  app.get('/lists/:slug/announce', async (c) => {
    const viewer = await requireRole(c, 'archivist');
    if (viewer instanceof Response) return viewer;
    const list = await loadList(c);
    if (!list) return notFound(c);
    return renderPage(c, { title: `Announce to ${list.name}`, noIndex: true }, <AnnounceForm list={list} form={empty} csrfToken={c.var.csrfToken} />);
  });

  app.post('/lists/:slug/announce', async (c) => {
    const viewer = await requireRole(c, 'archivist');
    if (viewer instanceof Response) return viewer;
    const list = await loadList(c);
    if (!list) return notFound(c);
    const values = await readForm(c);
    const parsed = validateForm(announcementSchema, values);
    const result = parsed.ok ? await postAnnouncement(c.var.app, viewer, list.id, parsed.value) : parsed;
    if (!result.ok) return renderPage(c, { title: `Announce to ${list.name}`, noIndex: true }, <AnnounceForm list={list} form={{ values, errors: result.errors }} csrfToken={c.var.csrfToken} />, 422);
    return redirectWithFlash(c, listPostPath(list.slug, result.value.postId), 'The announcement is posted and on its way to the members.');
  });
}
