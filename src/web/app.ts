import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mountAccountRoutes } from '../accounts/account.routes.tsx';
import type { AppContext } from '../context.ts';
import { mountReaderRoutes } from '../readers/reader.routes.tsx';
import { mountAuthorRoutes } from '../works/author.routes.tsx';
import { mountHomeRoutes } from '../works/home.routes.tsx';
import { mountTagRoutes } from '../tags/tag.routes.tsx';
import { mountWranglingRoutes } from '../tags/wrangling.routes.tsx';
import { mountApiRoutes } from '../works/api.routes.ts';
import { mountChapterRoutes } from '../works/chapter.routes.tsx';
import { mountWorkRoutes } from '../works/work.routes.tsx';
import { mountSearchRoutes } from '../search/search.routes.tsx';
import { mountImportRoutes } from '../imports/batch.routes.tsx';
import { admission } from './admission.ts';
import { mountAssets } from './assets.ts';
import { csrfProtection } from './csrf.ts';
import { isSecureRequest, type AppEnv } from './env.ts';
import { notFound, renderError } from './errors.tsx';
import { pageCache } from './page-cache.ts';
import { loadViewer } from './session.middleware.ts';

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

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Headers are set before the route runs: changing a finished response makes Hono copy
  // it, which measurably slowed every page. Routes override Cache-Control where they cache.
  app.use(async (c, next) => {
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
  });
  mountAssets(app);
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => renderError(c as never, 413, 'Too much to send', 'That was more than the archive accepts in one go (3 MB). Split the text into chapters and try again.'),
    }),
  );
  if (ctx.config.pageCacheSeconds > 0) app.use(pageCache(ctx.config.pageCacheSeconds));
  app.use(admission(ctx.config));
  app.use(loadViewer());
  app.use(csrfProtection());

  mountHomeRoutes(app);
  // Account pages first: their fixed paths (/users/:login/pseuds/new) must win over
  // the author pages' parameters (/users/:login/pseuds/:pseud).
  mountAccountRoutes(app);
  mountAuthorRoutes(app);
  mountReaderRoutes(app);
  mountSearchRoutes(app);
  mountWorkRoutes(app);
  mountChapterRoutes(app);
  mountTagRoutes(app);
  mountWranglingRoutes(app);
  mountApiRoutes(app);
  mountImportRoutes(app);

  app.notFound((c) => notFound(c));
  app.onError((error, c) => {
    console.error(`[error] ${c.req.method} ${c.req.path}:`, error);
    return renderError(c, 500, 'Something went wrong', 'The archive hit an error it did not expect. It has been logged; please try again in a moment.');
  });
  return app;
}
