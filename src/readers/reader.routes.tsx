import type { Hono } from 'hono';
import { loadOwnAccount } from '../accounts/account.http.ts';
import { redirectWithFlash } from '../web/respond.ts';
import type { FieldErrors } from '../context.ts';
import type { User } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { readForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { deleteSavedSearch, listBlockedCreators, listBlockedTags, listSavedSearches, removeBlockedCreator, removeBlockedTag } from './reader.repository.ts';
import { blockCreator, blockTag, saveSearch } from './reader.service.ts';
import { BlocksPage, SavedSearchesPage } from './reader.views.tsx';

async function renderBlocks(c: WebContext, user: User, values: Record<string, string> = {}, errors: FieldErrors = {}) {
  const db = c.var.app.db.kysely;
  const [tags, creators] = await Promise.all([listBlockedTags(db, user.id), listBlockedCreators(db, user.id)]);
  return renderPage(
    c,
    { title: 'Hidden tags and creators', noIndex: true },
    <BlocksPage login={user.login} tags={tags} creators={creators} values={values} errors={errors} csrfToken={c.var.csrfToken} />,
    Object.keys(errors).length > 0 ? 422 : 200,
  );
}

/** A reader's own blocklist and saved searches; only they can see or change them. */
export function mountReaderRoutes(app: Hono<AppEnv>): void {
  const blocks = (c: WebContext) => `/users/${encodeURIComponent(c.var.viewer!.login)}/blocks`;

  app.get('/users/:login/blocks', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    return renderBlocks(c, user);
  });

  app.post('/users/:login/blocks/tags', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const form = await readForm(c);
    const result = await blockTag(c.var.app, user.id, (form.tag ?? '').slice(0, 200));
    if (!result.ok) return renderBlocks(c, user, form, result.errors);
    return redirectWithFlash(c, blocks(c), `Works tagged “${result.value.name}” are hidden from you now.`);
  });

  app.post('/users/:login/blocks/creators', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const form = await readForm(c);
    const result = await blockCreator(c.var.app, user.id, (form.creator ?? '').slice(0, 100));
    if (!result.ok) return renderBlocks(c, user, form, result.errors);
    return redirectWithFlash(c, blocks(c), `Works by ${result.value.login} are hidden from you now.`);
  });

  app.post('/users/:login/blocks/tags/:id/delete', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    await removeBlockedTag(c.var.app.db.kysely, user.id, id);
    return redirectWithFlash(c, blocks(c), 'That tag is shown again.');
  });

  app.post('/users/:login/blocks/creators/:id/delete', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    await removeBlockedCreator(c.var.app.db.kysely, user.id, id);
    return redirectWithFlash(c, blocks(c), 'That creator is shown again.');
  });

  app.get('/users/:login/saved_searches', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const searches = await listSavedSearches(c.var.app.db.kysely, user.id);
    return renderPage(c, { title: 'Saved searches', noIndex: true }, <SavedSearchesPage login={user.login} searches={searches} csrfToken={c.var.csrfToken} />);
  });

  app.post('/users/:login/saved_searches', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const form = await readForm(c);
    const result = await saveSearch(c.var.app, user.id, { name: form.name ?? '', path: form.path ?? '' });
    if (!result.ok) {
      const searches = await listSavedSearches(c.var.app.db.kysely, user.id);
      const message = Object.values(result.errors).join(' ');
      return renderPage(c, { title: 'Saved searches', noIndex: true }, <><p class="error-summary" role="alert">{message}</p><SavedSearchesPage login={user.login} searches={searches} csrfToken={c.var.csrfToken} /></>, 422);
    }
    return redirectWithFlash(c, result.value.path, 'Search saved. Find it under “Saved searches” in the menu.');
  });

  app.post('/users/:login/saved_searches/:id/delete', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const id = parseId(c.req.param('id'));
    if (id === null || !(await deleteSavedSearch(c.var.app.db.kysely, user.id, id))) return notFound(c);
    return redirectWithFlash(c, `/users/${encodeURIComponent(user.login)}/saved_searches`, 'Saved search deleted.');
  });
}
