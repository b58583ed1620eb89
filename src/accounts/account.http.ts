import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { User } from '../db/schema.ts';
import { clearAppCookie, CSRF_COOKIE, getCookie, SESSION_COOKIE, setAppCookie } from '../web/cookies.ts';
import { RETURN_TO_MAX_LENGTH } from '../web/respond.ts';
import { refuse, requireViewer } from '../web/guards.ts';
import type { WebContext } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { canManageAccount, isSystemAccount } from './account.policy.ts';
import { findUserByLogin } from './user.repository.ts';

// Small pieces of HTTP plumbing the account routes share (redirects with a message and the
// way to log in are in src/web/respond.ts, for every feature).

// Any origin would do: it only has to be one no path can reach.
const RETURN_BASE = 'http://records-room.invalid';

/**
 * A place to go back to after logging in: a path on this site ("/works/1?view_full_work=true"),
 * never another site. The value is resolved as a browser would resolve it before anything is
 * checked: "/.//evil.example", "/%2e//x", "/\\evil" and "/\t/evil" all normalise to
 * "//evil.example"-like paths or other hosts, which a Location header would follow off the site.
 * Only the path and query of a same-origin URL come back, as the URL parser wrote them
 * (percent-encoded, no controls).
 */
export function safeReturnPath(value: string | undefined | null): string | null {
  // Browsers send tabs, line breaks and backslashes encoded; raw ones are only ever an attack.
  if (!value || value.length > RETURN_TO_MAX_LENGTH || !value.startsWith('/') || /[\\\x00-\x1f\x7f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, RETURN_BASE);
  } catch {
    return null;
  }
  if (url.origin !== RETURN_BASE) return null;
  const path = `${url.pathname}${url.search}`;
  // A normalised path may still begin "//" ("/..//x"); as a Location that names a host.
  if (path.startsWith('//') || path.startsWith('/\\')) return null;
  return path;
}

/**
 * The client's address for rate limiting: the socket's peer. X-Forwarded-For is read only
 * when TRUST_PROXY says a reverse proxy sets it (any client can send the header itself);
 * the proxy appends the address it saw, so the last entry is the one to trust.
 */
export function clientAddress(c: WebContext): string {
  if (c.var.app.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').map((part) => part.trim()).filter(Boolean);
    if (forwarded && forwarded.length > 0) return forwarded[forwarded.length - 1]!;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Loads the account named in `:login` for its owner. Anonymous visitors are sent to log in
 * (and back here after), other users get 403, unknown names 404.
 */
export async function loadOwnAccount(c: WebContext): Promise<User | Response> {
  const viewer = requireViewer(c);
  if (viewer instanceof Response) return viewer;
  const login = c.req.param('login') ?? '';
  const user = login.length <= 100 ? await findUserByLogin(c.var.app.db.kysely, login) : undefined;
  if (!user || isSystemAccount(user)) return notFound(c);
  const decision = canManageAccount(viewer, user);
  if (!decision.allowed) return refuse(c, decision);
  return user;
}

export function userPath(login: string, rest = ''): string {
  return `/users/${encodeURIComponent(login)}${rest}`;
}

/** Gives the browser its new session cookie, and a fresh CSRF token with it. */
export function startBrowserSession(c: WebContext, session: { token: string; expiresAt: Date }): void {
  setAppCookie(c, SESSION_COOKIE, session.token, session.expiresAt);
  // A CSRF token seen before log-in (perhaps planted) is not carried into the session.
  setAppCookie(c, CSRF_COOKIE, randomBytes(24).toString('base64url'));
}

/** Drops the session cookie; the CSRF token seen in the session does not outlive it either. */
export function endBrowserSession(c: WebContext): void {
  clearAppCookie(c, SESSION_COOKIE);
  setAppCookie(c, CSRF_COOKIE, randomBytes(24).toString('base64url'));
}

export function sessionToken(c: WebContext): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}
