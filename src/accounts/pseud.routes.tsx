import type { Hono } from 'hono';
import { z } from 'zod';
import type { Pseud, User } from '../db/schema.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { notFound, renderError } from '../web/errors.tsx';
import { formText, readForm, validateForm } from '../web/forms.tsx';
import { canDeletePseud, canManageAccount, isSystemAccount } from './account.policy.ts';
import { loadOwnAccount, userPath } from './account.http.ts';
import { refuse } from '../web/guards.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { PSEUD_DESCRIPTION_MAX_LENGTH, PSEUD_NAME_MAX_LENGTH } from './pseud.names.ts';
import { createPseud, deletePseud, editPseud } from './pseud.service.ts';
import { renderPseudDelete, renderPseudForm, renderPseudList } from './pseud.views.tsx';
import { countWorksOfPseud, findDefaultPseud, findPseud, findUserByLogin, listPseuds } from './user.repository.ts';

// Pseuds at AO3's addresses: /users/:login/pseuds, …/pseuds/new, …/pseuds/:pseud/edit and
// …/delete. The list is public, as on AO3; changing pseuds is for their owner.
// (…/pseuds/:pseud/works, the works under a pseud, belongs to the works pages.)

const pseudForm = z.object({
  name: formText(PSEUD_NAME_MAX_LENGTH),
  description: formText(PSEUD_DESCRIPTION_MAX_LENGTH),
});

/** The owner's account and the pseud named in `:pseud`, or the response that refuses. */
async function loadOwnPseud(c: WebContext): Promise<{ user: User; pseud: Pseud } | Response> {
  const user = await loadOwnAccount(c);
  if (user instanceof Response) return user;
  const name = c.req.param('pseud') ?? '';
  const pseud = name.length <= PSEUD_NAME_MAX_LENGTH ? await findPseud(c.var.app.db.kysely, user.id, name) : undefined;
  if (!pseud) return notFound(c);
  return { user, pseud };
}

/** The owner's pseud in `:pseud` if it may be deleted (never the default one). */
async function loadDeletablePseud(c: WebContext): Promise<{ user: User; pseud: Pseud } | Response> {
  const loaded = await loadOwnPseud(c);
  if (loaded instanceof Response) return loaded;
  const decision = canDeletePseud(c.var.viewer, loaded.user, loaded.pseud);
  if (decision.allowed) return loaded;
  if (decision.reason === 'default-pseud') {
    return renderError(c, 409, 'The default pseud stays', 'Every account keeps its default pseud, so it cannot be deleted. You can rename it instead.');
  }
  return refuse(c, decision);
}

function formValues(values: Record<string, string>) {
  return { name: values.name ?? '', description: values.description ?? '' };
}

export function mountPseudRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/pseuds', async (c) => {
    const login = c.req.param('login');
    const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
    if (!user || isSystemAccount(user)) return notFound(c);
    const pseuds = await listPseuds(c.var.app.db.kysely, user.id);
    return renderPseudList(c, user, pseuds, canManageAccount(c.var.viewer, user).allowed);
  });

  app.get('/users/:login/pseuds/new', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    return renderPseudForm(c, user, null, { values: {}, errors: {} });
  });

  app.post('/users/:login/pseuds/new', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const values = formValues(await readForm(c));
    const parsed = validateForm(pseudForm, values);
    const result = parsed.ok ? await createPseud(c.var.app, user.id, parsed.value) : parsed;
    if (!result.ok) return renderPseudForm(c, user, null, { values, errors: result.errors }, 422);
    return redirectWithFlash(c, userPath(user.login, '/pseuds'), `Pseud ${result.value.name} was created.`);
  });

  app.get('/users/:login/pseuds/:pseud/edit', async (c) => {
    const loaded = await loadOwnPseud(c);
    if (loaded instanceof Response) return loaded;
    const { user, pseud } = loaded;
    return renderPseudForm(c, user, pseud, { values: { name: pseud.name, description: pseud.description ?? '' }, errors: {} });
  });

  app.post('/users/:login/pseuds/:pseud/edit', async (c) => {
    const loaded = await loadOwnPseud(c);
    if (loaded instanceof Response) return loaded;
    const { user, pseud } = loaded;
    const values = formValues(await readForm(c));
    const parsed = validateForm(pseudForm, values);
    const result = parsed.ok ? await editPseud(c.var.app, pseud, parsed.value) : parsed;
    if (!result.ok) return renderPseudForm(c, user, pseud, { values, errors: result.errors }, 422);
    return redirectWithFlash(c, userPath(user.login, '/pseuds'), `Pseud ${result.value.name} was saved.`);
  });

  // Asking and deleting are two routes: a handler for several methods once let HEAD, which
  // is answered as GET but is not "GET", reach the deletion without a CSRF token.
  app.get('/users/:login/pseuds/:pseud/delete', async (c) => {
    const loaded = await loadDeletablePseud(c);
    if (loaded instanceof Response) return loaded;
    const { user, pseud } = loaded;
    const db = c.var.app.db.kysely;
    const [workCount, fallback] = await Promise.all([countWorksOfPseud(db, pseud.id), findDefaultPseud(db, user.id)]);
    return renderPseudDelete(c, user, pseud, workCount, fallback?.name ?? user.login);
  });

  app.post('/users/:login/pseuds/:pseud/delete', async (c) => {
    const loaded = await loadDeletablePseud(c);
    if (loaded instanceof Response) return loaded;
    const { user, pseud } = loaded;
    await deletePseud(c.var.app, pseud);
    return redirectWithFlash(c, userPath(user.login, '/pseuds'), `Pseud ${pseud.name} was deleted.`);
  });
}
