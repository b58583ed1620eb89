import { loginPath } from '../web/respond.ts';
import type { WebContext } from '../web/env.ts';
import { forbidden } from '../web/errors.tsx';
import { canReviewImports } from './batch.policy.ts';

/**
 * The answer to someone who may not use the archivists' pages, or null for an archivist:
 * anonymous visitors are sent to log in (back to this page), other users get 403.
 */
export function refuseUnlessArchivist(c: WebContext): Response | null {
  const decision = canReviewImports(c.var.viewer);
  if (decision.allowed) return null;
  // After logging in a form post cannot be replayed, so a refused POST returns to the page it came from.
  const path = new URL(c.req.url).pathname;
  if (decision.reason === 'anonymous') return c.redirect(loginPath(c.req.method === 'GET' ? path : pageOf(path)), 303);
  return forbidden(c) as Response;
}

/** /imports/3/invitations → /imports/3; /imports/removals/9/delete → /imports. */
function pageOf(path: string): string {
  const batch = /^\/imports\/\d+/.exec(path);
  return batch ? batch[0] : '/imports';
}
