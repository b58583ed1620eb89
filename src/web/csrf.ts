import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { CSRF_COOKIE, getCookie, setAppCookie } from './cookies.ts';
import type { AppEnv } from './env.ts';
import { renderError } from './errors.tsx';

// Only these change nothing; every other method, known or not, must carry the token.
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Double-submit tokens: a random value in an HttpOnly cookie that every form repeats in a
 * hidden `_csrf` field. Another site can make a browser send the cookie but cannot read it
 * to fill the field. It covers logged-out forms (sign-up, log-in) as well.
 */
export function csrfProtection(options: { exemptPrefixes?: readonly string[] } = {}): MiddlewareHandler<AppEnv> {
  const exempt = options.exemptPrefixes ?? [];
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      setAppCookie(c, CSRF_COOKIE, token);
    }
    c.set('csrfToken', token);
    if (!SAFE.has(c.req.method) && !exempt.some((prefix) => c.req.path.startsWith(prefix))) {
      // The media type as Hono reads it: whatever it would parse as a form is parsed here
      // first, so a body that does not parse is refused here and never reaches a route.
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      let sent: unknown;
      if (FORM_TYPES.has(type)) {
        try {
          sent = (await c.req.parseBody())['_csrf'];
        } catch {
          return renderError(c, 400, 'The form could not be read', 'What your browser sent was not a form the archive can read. Go back, reload the page and send it again.');
        }
      } else {
        sent = c.req.header('x-csrf-token');
      }
      if (typeof sent !== 'string' || !sameToken(sent, getCookie(c, CSRF_COOKIE))) {
        return renderError(c, 403, 'This form has expired', 'Your form could not be checked: it may be old, or have been sent from another site. Go back, reload the page and send it again.');
      }
    }
    await next();
  };
}

function sameToken(sent: string, cookie: string | undefined): boolean {
  if (!cookie) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(cookie);
  return a.length === b.length && timingSafeEqual(a, b);
}
