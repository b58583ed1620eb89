import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context.ts';
import { isSecureRequest, type AppEnv } from './env.ts';
import { renderError } from './errors.tsx';

// Node refuses request heads over 16 KB (a 431 page, see src/server.ts); addresses are held to
// half that, as nginx's default buffers do: no listing or search needs more, and every page
// repeats its address in links and forms.
const MAX_URL_LENGTH = 8 * 1024;

// A chapter may hold 510,000 characters (up to ~2 MB of UTF-8) plus the rest of the form.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // Authors embed pictures hosted elsewhere, as on AO3.
  'img-src * data:',
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

/** The first middleware: the context, security headers, HEAD seen as GET, long addresses refused. */
export function requestBasics(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Headers are set before the route runs: changing a finished response makes Hono copy
    // it, which measurably slowed every page. Routes override Cache-Control where they cache.
    // HEAD is answered by the GET route (Hono drops the body); inside it, the request says
    // GET as well, so no handler can take HEAD for something other than reading.
    if (c.req.method === 'HEAD') c.req.raw = new Request(c.req.raw, { method: 'GET' });
    c.set('app', ctx);
    // Browsers that saw the archive over HTTPS keep to it for a year; not includeSubDomains,
    // since other hosts under the same domain may not be ours.
    if (isSecureRequest(c)) c.header('Strict-Transport-Security', 'max-age=31536000');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    // Pages depend on the viewer's cookie; shared caches must not mix them up.
    c.header('Cache-Control', 'private, no-cache');
    const url = c.req.url;
    if (url.length - url.indexOf('/', url.indexOf('//') + 2) > MAX_URL_LENGTH) {
      return renderError(c, 414, 'That address is too long', 'The archive takes addresses of up to about 8,000 characters. Choose fewer filters or a shorter search, and try again.');
    }
    await next();
  };
}

export function limitBody(): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => renderError(c as never, 413, 'Too much to send', 'That was more than the archive accepts in one go (3 MB). Split the text into chapters and try again.'),
  });
}
