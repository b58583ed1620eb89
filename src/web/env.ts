import type { Context } from 'hono';
import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';

/** Per-request values every route can read. */
export interface AppEnv {
  Variables: {
    app: AppContext;
    viewer: Viewer | null;
    csrfToken: string;
    flash: string | null;
    /**
     * Unread comments in a logged-in reader's inbox, for the header (0 when none is logged in):
     * asked as the request starts and awaited only as the header is drawn, so the count's round
     * trip overlaps the page's own reads.
     */
    inboxUnread: Promise<number>;
  };
}

export type WebContext = Context<AppEnv>;

/** Whether the request arrived over TLS, directly or (as configured) through a proxy. */
export function isSecureRequest(c: WebContext): boolean {
  const config = c.var.app.config;
  if (config.baseUrl.startsWith('https:') || new URL(c.req.url).protocol === 'https:') return true;
  return config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
