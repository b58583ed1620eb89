import type { Hono } from 'hono';
import { z } from 'zod';
import { loginPath, redirectWithFlash } from '../web/respond.ts';
import { findUserByLogin, listPseuds } from '../accounts/user.repository.ts';
import { canManageAccount } from '../accounts/account.policy.ts';
import { notFound } from '../web/errors.tsx';
import { refuse } from '../web/guards.ts';
import { parseId } from '../web/params.ts';
import { claimOffers, openOfferedClaim } from './claim-offer.service.ts';
import { claimOffersPath, ClaimOffersPage } from './claim-offer.views.tsx';
import type { FieldErrors } from '../context.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { requireViewer } from '../web/guards.ts';
import { formCheckbox, readForm, validateForm } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { CLAIM_ACTIONS, claimWorks, lookUpInvitation } from './claim.service.ts';
import { withdrawRemoval } from './removal.service.ts';
import { ClaimLinkProblem, ClaimLoginPage, ClaimPage, type ClaimFormValues } from './claim.views.tsx';

// /claims/:token: the page an invitation links to. The token is the only key: anyone holding it
// may decide for the works, as on AO3, but only once logged in, so the works go to an account.

const claimSchema = z.object({
  action: z.enum(CLAIM_ACTIONS, { error: 'Choose what to do with the works.' }),
  pseudId: z.string().optional().transform((v) => (v && /^\d{1,12}$/.test(v) ? Number(v) : null)),
  makePublic: formCheckbox(),
  block: formCheckbox(),
});

const MESSAGES = {
  claim: 'The works are yours now.',
  orphan: 'The works are orphaned.',
  remove: 'The works are hidden, and the archivists will remove them.',
  none: 'The works stay with the archivist.',
};

async function render(c: WebContext, token: string, values: ClaimFormValues, errors: FieldErrors) {
  const found = await lookUpInvitation(c.var.app, token, c.var.viewer);
  if (found.status !== 'valid') return renderPage(c, { title: 'Claim link', noIndex: true }, <ClaimLinkProblem expired={found.status === 'expired'} />, 404);
  const path = `/claims/${token}`;
  const viewer = c.var.viewer;
  if (!viewer) return renderPage(c, { title: `Works by ${found.name}`, noIndex: true }, <ClaimLoginPage name={found.name} loginHref={loginPath(path)} />);
  const pseuds = await listPseuds(c.var.app.db.kysely, viewer.id);
  return renderPage(
    c,
    { title: `Works by ${found.name}`, noIndex: true },
    <ClaimPage
      name={found.name}
      action={path}
      works={found.works}
      pseuds={pseuds}
      isBlocked={found.isBlocked}
      isViewersAddress={found.isViewersAddress}
      withdrawAction={`${path}/withdraw`}
      values={{
        ...values,
        // The address matches the account: claiming to its default pseud is the likely choice, but still theirs to confirm.
        action: values.action || (found.isViewersAddress ? 'claim' : ''),
        pseudId: values.pseudId || String(pseuds.find((p) => p.isDefault)?.id ?? ''),
      }}
      errors={errors}
      csrfToken={c.var.csrfToken}
    />,
    Object.keys(errors).length > 0 ? 422 : 200,
  );
}

/** The account named in the path, when the viewer is its owner; else the answer to give. */
async function ownAccount(c: WebContext) {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const user = await findUserByLogin(c.var.app.db.kysely, c.req.param('login') ?? '');
  if (!user) return notFound(c);
  const decision = canManageAccount(viewer, user);
  if (!decision.allowed) return refuse(c, decision);
  return { viewer, user };
}

export function mountClaimRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/claims', async (c) => {
    const own = await ownAccount(c);
    if (own instanceof Response) return own;
    const offers = await claimOffers(c.var.app, own.viewer);
    return renderPage(c, { title: 'Works that may be yours', noIndex: true }, <ClaimOffersPage login={own.user.login} offers={offers} confirmed={own.user.emailConfirmedAt !== null} csrfToken={c.var.csrfToken} />);
  });

  app.post('/users/:login/claims/:creatorId', async (c) => {
    const own = await ownAccount(c);
    if (own instanceof Response) return own;
    const creatorId = parseId(c.req.param('creatorId'));
    const path = creatorId === null ? null : await openOfferedClaim(c.var.app, own.viewer, creatorId);
    if (!path) return redirectWithFlash(c, claimOffersPath(own.user.login), 'Those works are not waiting for this account any more.');
    return c.redirect(path, 303);
  });

  app.get('/claims/:token', (c) => render(c, c.req.param('token'), { action: '', pseudId: '', makePublic: false, block: false }, {}));

  app.post('/claims/:token', async (c) => {
    const token = c.req.param('token');
    // Both forms are on the claim page: back there after logging in.
    const viewer = requireViewer(c, `/claims/${token}`);
    if (viewer instanceof Response) return viewer;
    const form = await readForm(c);
    const kept: ClaimFormValues = { action: form.action ?? '', pseudId: form.pseudId ?? '', makePublic: Boolean(form.makePublic), block: Boolean(form.block) };
    const parsed = validateForm(claimSchema, form);
    if (!parsed.ok) return render(c, token, kept, parsed.errors);
    const result = await claimWorks(c.var.app, viewer, token, parsed.value);
    if (!result.ok) return render(c, token, kept, result.errors);
    const blocked = result.value.blocked ? ' Future imports under your old address are blocked.' : '';
    return redirectWithFlash(c, `/claims/${token}`, `${MESSAGES[result.value.action]}${blocked}`);
  });

  app.post('/claims/:token/withdraw', async (c) => {
    const token = c.req.param('token');
    // Both forms are on the claim page: back there after logging in.
    const viewer = requireViewer(c, `/claims/${token}`);
    if (viewer instanceof Response) return viewer;
    const result = await withdrawRemoval(c.var.app, viewer, token);
    if (!result.ok) return render(c, token, { action: '', pseudId: '', makePublic: false, block: false }, result.errors);
    return redirectWithFlash(c, `/claims/${token}`, 'Your removal request is withdrawn: the works are shown again and wait for your decision.');
  });
}
