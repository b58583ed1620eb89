import { hasRole, type StaffRole } from '../accounts/account.policy.ts';
import type { Viewer } from '../accounts/session.service.ts';
import type { WebContext } from './env.ts';
import { forbidden } from './errors.tsx';
import { loginPath } from './respond.ts';

// The one way a route turns a visitor away: anonymous visitors are sent to log in and brought
// back afterwards; a logged-in visitor who may not is answered 403. Policies (`*.policy.ts`)
// decide; these only answer.

/** A policy's "no": `anonymous` asks to log in, every other reason is a 403. */
export interface Refusal {
  allowed: false;
  reason: string;
}

/**
 * Where to come back to after logging in: the same page after a GET; after a refused form
 * post, which cannot be replayed, its path (most forms post to their own page). Routes whose
 * form lives elsewhere pass that page instead.
 */
export function returnPath(c: WebContext): string {
  const url = new URL(c.req.url);
  return c.req.method === 'GET' ? url.pathname + url.search : url.pathname;
}

export function refuse(c: WebContext, refusal: Refusal, returnTo: string = returnPath(c)): Response | Promise<Response> {
  if (refusal.reason === 'anonymous') return c.redirect(loginPath(returnTo), 303);
  return forbidden(c);
}

/** The logged-in viewer, or the redirect to log in (and back to `returnTo`). */
export function requireViewer(c: WebContext, returnTo: string = returnPath(c)): Viewer | Response {
  return c.var.viewer ?? c.redirect(loginPath(returnTo), 303);
}

/** The viewer if they hold `role` (administrators hold every role); otherwise the refusal. */
export async function requireRole(c: WebContext, role: StaffRole, returnTo: string = returnPath(c)): Promise<Viewer | Response> {
  const viewer = c.var.viewer;
  if (!viewer) return c.redirect(loginPath(returnTo), 303);
  if (!hasRole(viewer, role)) return forbidden(c);
  return viewer;
}
