import type { MiddlewareHandler } from 'hono';
import { viewerForToken } from '../accounts/session.service.ts';
import { clearAppCookie, FLASH_COOKIE, getCookie, SESSION_COOKIE } from './cookies.ts';
import type { AppEnv } from './env.ts';

/** Finds who is reading (if anyone) and picks up a one-time flash message. */
export function loadViewer(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const viewer = token ? await viewerForToken(c.var.app, token) : null;
    if (token && !viewer) clearAppCookie(c, SESSION_COOKIE);
    c.set('viewer', viewer);
    const flash = getCookie(c, FLASH_COOKIE);
    if (flash) clearAppCookie(c, FLASH_COOKIE);
    c.set('flash', flash ? readFlash(flash) : null);
    await next();
  };
}

/** The message is URI-encoded when set; a hand-made cookie that does not decode is ignored. */
function readFlash(value: string): string | null {
  try {
    return decodeURIComponent(value).slice(0, 300);
  } catch {
    return null;
  }
}
