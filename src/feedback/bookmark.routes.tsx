import type { Hono } from 'hono';
import { isSystemAccount } from '../accounts/account.policy.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import type { FieldErrors } from '../context.ts';
import { tagKey } from '../tags/tag.names.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import type { AppEnv, WebContext } from '../web/env.ts';
import { forbidden, notFound, renderError } from '../web/errors.tsx';
import { readForm, validateForm } from '../web/forms.tsx';
import { requireViewer } from '../web/guards.ts';
import type { Viewer } from '../accounts/session.service.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { loadReadableWork, type LoadedWork } from '../works/work.loader.ts';
import { mayViewBookmark, ownsBookmark } from './bookmark.policy.ts';
import { presentBookmarks } from './bookmark.presenter.ts';
import { findBookmark, findOwnBookmark, findTagIdByKey, listBookmarks, tagsOfBookmarks, type BookmarkQuery, type BookmarkRow } from './bookmark.repository.ts';
import { bookmarkFormSchema, externalBookmarkFormSchema } from './bookmark.schema.ts';
import { bookmarkElsewhere, bookmarkSeries, bookmarkWork, editBookmark, removeBookmark } from './bookmark.service.ts';
import { visibleSeries } from '../series/series.presenter.ts';
import { BookmarkFormPage, BookmarkItem, BookmarkListPage, type BookmarkFormValues } from './bookmark.views.tsx';

const PER_PAGE = 20;
/** Far enough for any reader's list; an offset beyond it is refused, not scanned. */
const MAX_PAGE = 5000;

function pageNumber(c: WebContext): number {
  const page = Number(c.req.query('page') ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}

function renderForm(c: WebContext, options: { heading: string; action: string; values: BookmarkFormValues; errors: FieldErrors; external: boolean; cancelHref: string; button: string }) {
  const status = Object.keys(options.errors).length > 0 ? 422 : 200;
  return renderPage(c, { title: options.heading, noIndex: true }, <BookmarkFormPage {...options} csrfToken={c.var.csrfToken} />, status);
}

/** Why a readable work cannot be bookmarked: a draft (only its creators see it) or a hidden work. */
function refusedWork(c: WebContext, loaded: LoadedWork): Response | Promise<Response> | null {
  if (loaded.work.isDraft === 1) return renderError(c, 409, 'Drafts can’t be bookmarked', 'Post the work first; a draft is only for its creators.');
  if (loaded.work.hiddenAt !== null) return renderError(c, 409, 'This work can’t be bookmarked', 'It is hidden for now.');
  return null;
}

/** The logged-in viewer and the work in `:id`, when they may bookmark it; otherwise the answer. */
async function bookmarkableWork(c: WebContext): Promise<{ viewer: Viewer; loaded: LoadedWork } | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const loaded = await loadReadableWork(c);
  if (loaded instanceof Response) return loaded;
  const refused = refusedWork(c, loaded);
  if (refused) return refused;
  return { viewer, loaded };
}

/** The bookmark in `:id` for its owner: others get a 404 (if they may not see it) or a 403. */
async function loadOwnBookmark(c: WebContext): Promise<BookmarkRow | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const id = parseId(c.req.param('id'));
  const bookmark = id === null ? undefined : await findBookmark(c.var.app.db.kysely, id);
  if (!bookmark || !mayViewBookmark(viewer, bookmark)) return notFound(c);
  if (!ownsBookmark(viewer, bookmark)) return forbidden(c);
  return bookmark;
}

async function valuesOf(c: WebContext, bookmark: BookmarkRow): Promise<BookmarkFormValues> {
  const tags = await tagsOfBookmarks(c.var.app.db.kysely, [bookmark.id]);
  return {
    url: bookmark.url ?? '',
    title: bookmark.title,
    creator: bookmark.creator ?? '',
    summary: bookmark.summary ?? '',
    notes: bookmark.notes ?? '',
    tags: tags.map((t) => t.name).join(', '),
    isPrivate: bookmark.isPrivate ? '1' : '',
    isRec: bookmark.isRec ? '1' : '',
  };
}

async function renderList(c: WebContext, heading: string, query: BookmarkQuery, baseUrl: string, extra: Partial<Parameters<typeof BookmarkListPage>[0]> = {}) {
  const db = c.var.app.db.kysely;
  const page = pageNumber(c);
  const { rows, total } = await listBookmarks(db, query, PER_PAGE, (page - 1) * PER_PAGE);
  const bookmarks = await presentBookmarks(db, c.var.viewer, rows);
  const pageCount = Math.max(1, Math.ceil(total / PER_PAGE));
  return renderPage(c, { title: heading }, <BookmarkListPage heading={heading} bookmarks={bookmarks} total={total} page={page} pageCount={pageCount} baseUrl={baseUrl} {...extra} />);
}

export function mountBookmarkRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/bookmarks', async (c) => {
    const login = c.req.param('login');
    const db = c.var.app.db.kysely;
    const user = login.length <= 100 ? await findUserByLogin(db, login) : undefined;
    if (!user || isSystemAccount(user)) return notFound(c);
    const tag = (c.req.query('tag') ?? '').trim().slice(0, 150);
    const bookmarkTag = (c.req.query('bookmark_tag') ?? '').trim().slice(0, 150);
    // A tag nobody has is a filter nothing passes.
    const workTagId = tag ? ((await findTagIdByKey(db, tagKey(tag))) ?? 0) : undefined;
    const owner = c.var.viewer?.id === user.id;
    const url = new URL(c.req.url);
    return renderList(
      c,
      `Bookmarks by ${user.login}`,
      { scope: { userId: user.id }, owner, loggedIn: c.var.viewer !== null, workTagId, bookmarkTagKey: bookmarkTag ? tagKey(bookmarkTag) : undefined },
      url.pathname + url.search,
      { filters: { action: url.pathname, tag, bookmarkTag }, newHref: owner ? '/bookmarks/new' : null },
    );
  });

  app.get('/works/:id/bookmarks', async (c) => {
    const loaded = await loadReadableWork(c);
    if (loaded instanceof Response) return loaded;
    const url = new URL(c.req.url);
    return renderList(c, `Bookmarks of ${loaded.work.title}`, { scope: { workId: loaded.work.id }, owner: false, loggedIn: c.var.viewer !== null }, url.pathname + url.search);
  });

  app.get('/works/:id/bookmarks/new', async (c) => {
    const allowed = await bookmarkableWork(c);
    if (allowed instanceof Response) return allowed;
    const { viewer, loaded } = allowed;
    const mine = await findOwnBookmark(c.var.app.db.kysely, viewer.id, { workId: loaded.work.id });
    if (mine) return redirectWithFlash(c, `/bookmarks/${mine.id}/edit`, 'You have already bookmarked this work; here is your bookmark.');
    const work = loaded.work;
    return renderForm(c, { heading: `Bookmark “${work.title}”`, action: `/works/${work.id}/bookmarks`, values: {}, errors: {}, external: false, cancelHref: `/works/${work.id}`, button: 'Create bookmark' });
  });

  app.post('/works/:id/bookmarks', async (c) => {
    const allowed = await bookmarkableWork(c);
    if (allowed instanceof Response) return allowed;
    const { viewer, loaded } = allowed;
    const work = loaded.work;
    const values = await readForm(c);
    const again = (errors: FieldErrors) => renderForm(c, { heading: `Bookmark “${work.title}”`, action: `/works/${work.id}/bookmarks`, values, errors, external: false, cancelHref: `/works/${work.id}`, button: 'Create bookmark' });
    const form = validateForm(bookmarkFormSchema, values);
    if (!form.ok) return again(form.errors);
    const result = await bookmarkWork(c.var.app, viewer, work, form.value);
    if (!result.ok) return again(result.errors);
    return redirectWithFlash(c, `/bookmarks/${result.value.bookmarkId}`, 'Bookmark was successfully created.');
  });

  // A series, bookmarked as a work is: while one of its works is listed to the viewer.
  const bookmarkableSeries = async (c: WebContext) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const id = parseId(c.req.param('id'));
    const series = id === null ? null : await visibleSeries(c.var.app.db.kysely, viewer, id);
    return series ? { viewer, series } : notFound(c);
  };
  const seriesForm = (c: WebContext, series: { id: number; title: string }, values: BookmarkFormValues, errors: FieldErrors) =>
    renderForm(c, { heading: `Bookmark the series “${series.title}”`, action: `/series/${series.id}/bookmarks`, values, errors, external: false, cancelHref: `/series/${series.id}`, button: 'Create bookmark' });

  app.get('/series/:id/bookmarks/new', async (c) => {
    const allowed = await bookmarkableSeries(c);
    if (allowed instanceof Response) return allowed;
    const mine = await findOwnBookmark(c.var.app.db.kysely, allowed.viewer.id, { seriesId: allowed.series.id });
    if (mine) return redirectWithFlash(c, `/bookmarks/${mine.id}/edit`, 'You have already bookmarked this series; here is your bookmark.');
    return seriesForm(c, allowed.series, {}, {});
  });

  app.post('/series/:id/bookmarks', async (c) => {
    const allowed = await bookmarkableSeries(c);
    if (allowed instanceof Response) return allowed;
    const values = await readForm(c);
    const form = validateForm(bookmarkFormSchema, values);
    if (!form.ok) return seriesForm(c, allowed.series, values, form.errors);
    const result = await bookmarkSeries(c.var.app, allowed.viewer, allowed.series, form.value);
    if (!result.ok) return seriesForm(c, allowed.series, values, result.errors);
    return redirectWithFlash(c, `/bookmarks/${result.value.bookmarkId}`, 'Bookmark was successfully created.');
  });

  app.get('/bookmarks/new', (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    return renderForm(c, { heading: 'Bookmark a story on another site', action: '/bookmarks', values: {}, errors: {}, external: true, cancelHref: `/users/${encodeURIComponent(viewer.login)}/bookmarks`, button: 'Create bookmark' });
  });

  app.post('/bookmarks', async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const values = await readForm(c);
    const again = (errors: FieldErrors) => renderForm(c, { heading: 'Bookmark a story on another site', action: '/bookmarks', values, errors, external: true, cancelHref: `/users/${encodeURIComponent(viewer.login)}/bookmarks`, button: 'Create bookmark' });
    const form = validateForm(externalBookmarkFormSchema, values);
    if (!form.ok) return again(form.errors);
    const result = await bookmarkElsewhere(c.var.app, viewer, form.value);
    if (!result.ok) return again(result.errors);
    return redirectWithFlash(c, `/bookmarks/${result.value.bookmarkId}`, 'Bookmark was successfully created.');
  });

  app.get('/bookmarks/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const db = c.var.app.db.kysely;
    const bookmark = id === null ? undefined : await findBookmark(db, id);
    if (!bookmark || !mayViewBookmark(c.var.viewer, bookmark)) return notFound(c);
    const [view] = await presentBookmarks(db, c.var.viewer, [bookmark]);
    return renderPage(
      c,
      { title: `Bookmark of ${bookmark.title}`, noIndex: bookmark.isPrivate === 1 },
      <section>
        <h1>Bookmark by {bookmark.ownerLogin}</h1>
        <ol class="blurbs"><BookmarkItem bookmark={view!} /></ol>
      </section>,
    );
  });

  app.get('/bookmarks/:id/edit', async (c) => {
    const bookmark = await loadOwnBookmark(c);
    if (bookmark instanceof Response) return bookmark;
    return renderForm(c, { heading: `Edit bookmark of “${bookmark.title}”`, action: `/bookmarks/${bookmark.id}/edit`, values: await valuesOf(c, bookmark), errors: {}, external: bookmark.url !== null, cancelHref: `/bookmarks/${bookmark.id}`, button: 'Update bookmark' });
  });

  app.post('/bookmarks/:id/edit', async (c) => {
    const bookmark = await loadOwnBookmark(c);
    if (bookmark instanceof Response) return bookmark;
    const values = await readForm(c);
    const external = bookmark.url !== null;
    const again = (errors: FieldErrors) => renderForm(c, { heading: `Edit bookmark of “${bookmark.title}”`, action: `/bookmarks/${bookmark.id}/edit`, values, errors, external, cancelHref: `/bookmarks/${bookmark.id}`, button: 'Update bookmark' });
    const form = external ? validateForm(externalBookmarkFormSchema, values) : validateForm(bookmarkFormSchema, values);
    if (!form.ok) return again(form.errors);
    const result = await editBookmark(c.var.app, bookmark, form.value);
    if (!result.ok) return again(result.errors);
    return redirectWithFlash(c, `/bookmarks/${bookmark.id}`, 'Bookmark was successfully updated.');
  });

  app.get('/bookmarks/:id/confirm_delete', async (c) => {
    const bookmark = await loadOwnBookmark(c);
    if (bookmark instanceof Response) return bookmark;
    return renderPage(
      c,
      { title: 'Delete bookmark', noIndex: true },
      <ConfirmPage
        heading={`Delete your bookmark of “${bookmark.title}”?`}
        message="The bookmark, its notes and its tags are deleted for good."
        action={`/bookmarks/${bookmark.id}/delete`}
        button="Yes, delete this bookmark"
        cancelHref={`/bookmarks/${bookmark.id}`}
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/bookmarks/:id/delete', async (c) => {
    const bookmark = await loadOwnBookmark(c);
    if (bookmark instanceof Response) return bookmark;
    await removeBookmark(c.var.app, bookmark);
    return redirectWithFlash(c, `/users/${encodeURIComponent(bookmark.ownerLogin)}/bookmarks`, 'Bookmark was successfully deleted.');
  });
}
