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

export function loginPath(returnTo: string): string {
  return `/login?return_to=${encodeURIComponent(returnTo)}`;
}
