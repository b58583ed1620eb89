import type { Hono, MiddlewareHandler } from 'hono';
import { loadOwnAccount, safeReturnPath, userPath } from '../accounts/account.http.ts';
import type { AppEnv } from '../web/env.ts';
import { readFormLists } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import type { InboxFilter } from './inbox.repository.ts';
import { changeInbox, inboxPage, unreadCount, type InboxAction } from './inbox.service.ts';
import { INBOX_FILTERS, InboxPage } from './inbox.views.tsx';

const ACTIONS: Record<InboxAction, (n: number) => string> = {
  read: (n) => (n === 1 ? 'Marked as read.' : `${n} comments marked as read.`),
  unread: (n) => (n === 1 ? 'Marked as unread.' : `${n} comments marked as unread.`),
  delete: (n) => (n === 1 ? 'Deleted from your inbox.' : `${n} comments deleted from your inbox.`),
};
/** More than a page of inbox could show is not a selection anyone made. */
const MAX_SELECTED = 100;
const MAX_PAGE = 5000;

function filterOf(value: string | undefined): InboxFilter {
  return INBOX_FILTERS.some((f) => f.value === value) ? (value as InboxFilter) : 'all';
}

/**
 * The unread count for the header, on pages a logged-in reader opens (GET); logged-out pages,
 * which the page cache keeps, read nothing. Started here, awaited by the header.
 */
export function loadInboxCount(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const viewer = c.var.viewer;
    const unread = viewer && c.req.method === 'GET' ? unreadCount(c.var.app, viewer) : Promise.resolve(0);
    // A page that answers without the header (a redirect) never awaits it; its failure then
    // must not be an unhandled rejection. A page that draws the header still sees it fail.
    unread.catch(() => undefined);
    c.set('inboxUnread', unread);
    await next();
  };
}

/** `/users/:login/inbox`: comments on the reader's works and replies to their comments; only they see it. */
export function mountInboxRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/inbox', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const filter = filterOf(c.req.query('filter'));
    const asked = Number(c.req.query('page') ?? '1');
    const page = Number.isInteger(asked) && asked >= 1 && asked <= MAX_PAGE ? asked : 1;
    const { items, total, pageCount } = await inboxPage(c.var.app, c.var.viewer!, filter, page);
    const view = { login: user.login, items, total, filter, page, pageCount, csrfToken: c.var.csrfToken };
    return renderPage(c, { title: 'My inbox', noIndex: true }, <InboxPage view={view} />);
  });

  app.post('/users/:login/inbox', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const { values, lists } = await readFormLists(c);
    const self = userPath(user.login, '/inbox');
    const returnTo = safeReturnPath(values.return_to);
    const back = returnTo !== null && (returnTo === self || returnTo.startsWith(`${self}?`)) ? returnTo : self;
    const action = values.action;
    if (action !== 'read' && action !== 'unread' && action !== 'delete') return redirectWithFlash(c, back, 'Choose what to do with the selected comments.');
    const ids = (lists.ids ?? []).map(parseId).filter((id): id is number => id !== null);
    if (ids.length === 0) return redirectWithFlash(c, back, 'Select at least one comment first.');
    if (ids.length > MAX_SELECTED) return redirectWithFlash(c, back, `Select at most ${MAX_SELECTED} comments at a time.`);
    const changed = await changeInbox(c.var.app, c.var.viewer!, action, ids);
    return redirectWithFlash(c, back, changed === 0 ? 'Those comments are no longer in your inbox.' : ACTIONS[action](changed));
  });
}
