import type { Hono } from 'hono';
import { isSystemAccount } from '../accounts/account.policy.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import type { User } from '../db/schema.ts';
import { ConfirmPage } from '../web/confirm.tsx';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound, renderError } from '../web/errors.tsx';
import { readForm } from '../web/forms.tsx';
import { requireViewer } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { kudosReturnPath } from '../feedback/kudos.routes.tsx';
import { loadReadableWork } from '../works/work.loader.ts';
import { presentReading } from './reading.presenter.ts';
import { listReadings } from './reading.repository.ts';
import { forgetAllReadings, forgetReading, markForLater } from './reading.service.ts';
import { ReadingListPage } from './reading.views.tsx';

const PER_PAGE = 20;
const MAX_PAGE = 5000;

/**
 * The reader's own account for their history: anonymous readers are asked to log in, and
 * anyone else, administrators included, gets a 404, as on AO3 only the reader sees it (a 404
 * does not even say whether the account keeps a history).
 */
async function loadOwnReader(c: WebContext): Promise<User | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const login = c.req.param('login') ?? '';
  const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
  if (!user || isSystemAccount(user) || user.id !== viewer.id) return notFound(c);
  return user;
}

const readingsPath = (login: string) => `/users/${encodeURIComponent(login)}/readings`;

/** History and Mark for Later at AO3's addresses, and the work page's Mark for Later buttons. */
export function mountReadingRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/readings', async (c) => {
    const user = await loadOwnReader(c);
    if (user instanceof Response) return user;
    const show = c.req.query('show') === 'to-read' ? 'to-read' : 'history';
    const requested = Number(c.req.query('page') ?? '1');
    const page = Number.isInteger(requested) && requested >= 1 && requested <= MAX_PAGE ? requested : 1;
    const { rows, total } = await listReadings(c.var.app.db.kysely, user.id, show, PER_PAGE, (page - 1) * PER_PAGE);
    const view = {
      login: user.login,
      show,
      items: rows.map(presentReading),
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / PER_PAGE)),
      historyEnabled: user.historyEnabled === 1,
      csrfToken: c.var.csrfToken,
    } as const;
    return renderPage(c, { title: show === 'to-read' ? 'Marked for Later' : 'History', noIndex: true }, <ReadingListPage view={view} />);
  });

  app.get('/users/:login/readings/clear', async (c) => {
    const user = await loadOwnReader(c);
    if (user instanceof Response) return user;
    return renderPage(
      c,
      { title: 'Clear history', noIndex: true },
      <ConfirmPage
        heading="Clear your whole history?"
        message="Every work you have read leaves the list. Works you marked for later stay marked. This cannot be undone."
        action={`${readingsPath(user.login)}/clear`}
        button="Clear history"
        cancelHref={readingsPath(user.login)}
        csrfToken={c.var.csrfToken}
      />,
    );
  });

  app.post('/users/:login/readings/clear', async (c) => {
    const user = await loadOwnReader(c);
    if (user instanceof Response) return user;
    await forgetAllReadings(c.var.app, user.id);
    return redirectWithFlash(c, readingsPath(user.login), 'Your history was cleared.');
  });

  app.post('/users/:login/readings/:id/delete', async (c) => {
    const user = await loadOwnReader(c);
    if (user instanceof Response) return user;
    const id = parseId(c.req.param('id'));
    if (id === null || !(await forgetReading(c.var.app, user.id, id))) {
      return renderError(c, 404, 'No such entry in your history', 'It may have been deleted already. Nothing was changed.');
    }
    return redirectWithFlash(c, readingsPath(user.login), 'The work was deleted from your history.');
  });

  for (const [action, toRead] of [['mark_for_later', true], ['mark_as_read', false]] as const) {
    app.post(`/works/:id/${action}`, async (c) => {
      const viewer = requireViewer(c);
      if (viewer instanceof Response) return viewer;
      const loaded = await loadReadableWork(c);
      if (loaded instanceof Response) return loaded;
      const { work } = loaded;
      if (work.isDraft === 1) return renderError(c, 409, 'Drafts can’t be marked for later', 'Only posted works can be marked. Nothing was changed.');
      if (work.hiddenAt !== null) return renderError(c, 409, 'This work can’t be marked for later', 'It is hidden for now. Nothing was changed.');
      await markForLater(c.var.app, viewer, work, toRead);
      const asked = (await readForm(c)).return_to;
      const listBack = `${readingsPath(viewer.login)}?show=to-read`;
      const returnTo = asked === listBack ? listBack : kudosReturnPath(work.id, asked);
      return redirectWithFlash(c, returnTo, toRead ? 'This work was marked for later.' : 'This work is no longer marked for later.');
    });
  }
}
