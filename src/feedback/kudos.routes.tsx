import type { Hono } from 'hono';
import { clientAddress, safeReturnPath } from '../accounts/account.http.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { readForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { decideKudos, type KudosDecision } from './kudos.policy.ts';
import { kudosSummary, leaveKudos } from './kudos.service.ts';
import { KUDOS_MESSAGES, KudosPage } from './kudos.views.tsx';

/** The kudos page lists this many accounts by name; the rest are counted. */
const LISTED_ON_PAGE = 1000;

/** The work's page the button was on (first page, a chapter, the entire work); else the work. */
export function kudosReturnPath(workId: number, value: string | undefined): string {
  const path = safeReturnPath(value);
  const work = `/works/${workId}`;
  return path !== null && (path === work || path.startsWith(`${work}/`) || path.startsWith(`${work}?`)) ? path : work;
}

async function loadWork(c: WebContext) {
  const id = parseId(c.req.param('id'));
  if (id === null) return null;
  const db = c.var.app.db.kysely;
  const work = await findWork(db, id);
  if (!work) return null;
  const creators = await creatorsOfWorks(db, [id]);
  return { work, creators, decision: decideKudos(c.var.viewer, work, creators) };
}

/** A refusal that is no answer at all (the work is not there for this reader), or the log-in form. */
function refusedOutright(c: WebContext, decision: KudosDecision, returnTo: string): Response | Promise<Response> | null {
  if (decision === 'not-found') return notFound(c);
  if (decision === 'login-required') return redirectWithFlash(c, loginPath(returnTo), KUDOS_MESSAGES['login-required']);
  return null;
}

export function mountKudosRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id/kudos', async (c) => {
    const loaded = await loadWork(c);
    if (!loaded) return notFound(c);
    const { work, decision } = loaded;
    const returnTo = kudosReturnPath(work.id, c.req.query('return_to'));
    const refused = refusedOutright(c, decision, returnTo);
    if (refused) return refused;
    const summary = await kudosSummary(c.var.app.db.kysely, work, c.var.viewer, LISTED_ON_PAGE);
    const view = { workId: work.id, summary, decision, loggedIn: c.var.viewer !== null, csrfToken: c.var.csrfToken, returnTo };
    return renderPage(c, { title: `Kudos on ${work.title}`, noIndex: true }, <KudosPage title={work.title} view={view} />);
  });

  app.post('/works/:id/kudos', async (c) => {
    const loaded = await loadWork(c);
    if (!loaded) return notFound(c);
    const { work, decision } = loaded;
    const returnTo = kudosReturnPath(work.id, (await readForm(c)).return_to);
    const refused = refusedOutright(c, decision, returnTo);
    if (refused) return refused;
    const back = `${returnTo}#kudos`;
    if (decision !== 'allowed') return redirectWithFlash(c, back, KUDOS_MESSAGES[decision]);
    const viewer = c.var.viewer;
    const outcome = await leaveKudos(c.var.app, work, loaded.creators, viewer ? { userId: viewer.id, login: viewer.login } : { address: clientAddress(c) });
    return redirectWithFlash(c, back, KUDOS_MESSAGES[outcome]);
  });
}
