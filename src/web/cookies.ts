import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isSecureRequest, type WebContext } from './env.ts';

export const SESSION_COOKIE = 'rr_session';
export const CSRF_COOKIE = 'rr_csrf';
export const FLASH_COOKIE = 'rr_flash';
/** Works a reader said yes to behind the adult-content notice (works/work.visibility.ts). */
export const ADULT_COOKIE = 'rr_adult';

/** Every cookie we set: unreadable to scripts, not sent on cross-site subrequests. */
export function setAppCookie(c: WebContext, name: string, value: string, expires?: Date): void {
  setCookie(c, name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(c),
    ...(expires ? { expires } : {}),
  });
}

export function clearAppCookie(c: WebContext, name: string): void {
  deleteCookie(c, name, { path: '/', secure: isSecureRequest(c) });
}

export { getCookie };
