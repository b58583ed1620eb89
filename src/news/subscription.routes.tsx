import type { Hono } from 'hono';
import { safeReturnPath } from '../accounts/account.http.ts';
import { canManageAccount } from '../accounts/account.policy.ts';
import type { Viewer } from '../accounts/session.service.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound, renderError } from '../web/errors.tsx';
import { readForm, validateForm } from '../web/forms.tsx';
import { refuse } from '../web/guards.ts';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { REFUSAL_MESSAGES, type SubscriptionRefusal } from './subscription.policy.ts';
import { findSubscriptionWithTarget, listSubscriptions, type TargetType } from './subscription.repository.ts';
import { listTypeOf, subscribeFormSchema } from './subscription.schema.ts';
import { describeTarget, subscribe, unsubscribe } from './subscription.service.ts';
import { subscriptionsPath, SubscriptionsPage } from './subscription.views.tsx';

// A user's subscriptions, at AO3's addresses: POST /users/:login/subscriptions subscribes,
// POST …/subscriptions/:id/delete ends one, GET …/subscriptions lists them. Each is the
// owner's alone.

const PER_PAGE = 50;
/** Far enough for anyone's list; an offset beyond it is refused, not scanned. */
const MAX_PAGE = 2000;

const REFUSAL_STATUS: Readonly<Record<SubscriptionRefusal, 404 | 409 | 422>> = {
  'no-work': 404,
  'no-creator': 404,
  'no-tag': 404,
  'no-series': 404,
  draft: 409,
  hidden: 409,
  'own-work': 422,
  self: 422,
};

/** The owner of `:login` when that is the viewer; otherwise the log-in form (back to `returnTo`), a 404 or a 403. */
async function ownerOf(c: WebContext, returnTo: string): Promise<Viewer | Response> {
  const viewer = c.var.viewer;
  if (!viewer) return c.redirect(loginPath(returnTo), 303);
  const login = c.req.param('login') ?? '';
  const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
  if (!user) return notFound(c);
  const decision = canManageAccount(viewer, user);
  if (!decision.allowed) return refuse(c, decision, returnTo);
  return viewer;
}

function pageNumber(c: WebContext): number {
  const page = Number(c.req.query('page') ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}

export function mountSubscriptionRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/subscriptions', async (c) => {
    const url = new URL(c.req.url);
    const viewer = await ownerOf(c, url.pathname + url.search);
    if (viewer instanceof Response) return viewer;
    const typeParam = c.req.query('type');
    const type = listTypeOf(typeParam);
    const page = pageNumber(c);
    const { rows, total } = await listSubscriptions(c.var.app.db.kysely, viewer.id, type, PER_PAGE, (page - 1) * PER_PAGE);
    const items = rows.map((row) => ({ id: row.id, type: row.targetType as TargetType, ...describeTarget(row) }));
    const view = {
      login: viewer.login,
      items,
      total,
      type: type === null ? null : typeParam!,
      page,
      pageCount: Math.max(1, Math.ceil(total / PER_PAGE)),
      csrfToken: c.var.csrfToken,
      returnTo: url.pathname + url.search,
    };
    return renderPage(c, { title: 'My subscriptions', noIndex: true }, <SubscriptionsPage view={view} />);
  });

  app.post('/users/:login/subscriptions', async (c) => {
    const values = await readForm(c);
    const back = safeReturnPath(values.return_to);
    const viewer = await ownerOf(c, back ?? c.req.path);
    if (viewer instanceof Response) return viewer;
    const form = validateForm(subscribeFormSchema, values);
    if (!form.ok) return renderError(c, 422, 'Nothing to subscribe to', Object.values(form.errors)[0]!);
    const outcome = await subscribe(c.var.app, viewer, { type: form.value.subscribable_type, id: form.value.subscribable_id });
    if (outcome.status === 'refused') return renderError(c, REFUSAL_STATUS[outcome.reason], 'You can’t subscribe to that', REFUSAL_MESSAGES[outcome.reason]);
    const message =
      outcome.status === 'already'
        ? `You are already subscribed to “${outcome.view.label}”.`
        : `You are now subscribed to “${outcome.view.label}”. You can end it here or on your subscriptions page.`;
    return redirectWithFlash(c, back ?? outcome.view.href, message);
  });

  app.post('/users/:login/subscriptions/:id/delete', async (c) => {
    const values = await readForm(c);
    const viewer = await ownerOf(c, safeReturnPath(values.return_to) ?? c.req.path);
    if (viewer instanceof Response) return viewer;
    const back = safeReturnPath(values.return_to) ?? subscriptionsPath(viewer.login);
    const id = parseId(c.req.param('id'));
    const row = id === null ? undefined : await findSubscriptionWithTarget(c.var.app.db.kysely, id);
    if (!row || row.userId !== viewer.id || !(await unsubscribe(c.var.app, viewer.id, row.id))) {
      return redirectWithFlash(c, back, 'That subscription had already ended; nothing was changed.');
    }
    const { label } = describeTarget(row);
    return redirectWithFlash(c, back, label === null ? 'Subscription ended.' : `You have unsubscribed from “${label}”.`);
  });
}
