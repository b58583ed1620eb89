import { FLASH_COOKIE, setAppCookie } from './cookies.ts';
import type { WebContext } from './env.ts';

// Answers every feature gives: a redirect that carries a one-time message, and the way to
// the log-in form that comes back afterwards.

/** Redirects (303, so the browser follows with GET) and shows `message` on the next page. */
export function redirectWithFlash(c: WebContext, location: string, message: string): Response {
  // Hono encodes cookie values once and decodes once on reading; the session middleware
  // decodes again, so the message is encoded here as well.
  setAppCookie(c, FLASH_COOKIE, encodeURIComponent(message));
  return c.redirect(location, 303);
}

/** The longest return_to the log-in form takes (safeReturnPath); longer ones are not sent. */
export const RETURN_TO_MAX_LENGTH = 2000;

/**
 * The log-in form, coming back to `returnTo` afterwards. A page address too long to carry
 * comes back to its path without the query, or to the front page, so a long address does
 * not become an even longer Location header.
 */
export function loginPath(returnTo: string): string {
  let back = returnTo;
  if (back.length > RETURN_TO_MAX_LENGTH) back = back.split('?')[0]!;
  if (back.length > RETURN_TO_MAX_LENGTH) return '/login';
  return `/login?return_to=${encodeURIComponent(back)}`;
}
