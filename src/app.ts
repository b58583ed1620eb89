import { Hono } from 'hono';
import { mountAccountRoutes } from './accounts/account.routes.tsx';
import { mountClaimRoutes } from './claims/claim.routes.tsx';
import { mountReviewRoutes } from './claims/review.routes.tsx';
import type { AppContext } from './context.ts';
import { mountBookmarkRoutes } from './feedback/bookmark.routes.tsx';
import { mountCommentRoutes } from './feedback/comment.routes.tsx';
import { loadInboxCount, mountInboxRoutes } from './feedback/inbox.routes.tsx';
import { mountKudosRoutes } from './feedback/kudos.routes.tsx';
import { mountBatchRoutes } from './imports/batch.routes.tsx';
import { mountLegacyRoutes } from './imports/legacy.routes.ts';
import { countHits } from './readers/hit.middleware.ts';
import { mountReaderRoutes } from './readers/reader.routes.tsx';
import { mountReadingRoutes } from './readers/reading.routes.tsx';
import { mountSearchRoutes } from './search/search.routes.tsx';
import { mountTagRoutes } from './tags/tag.routes.tsx';
import { mountWranglingRoutes } from './tags/wrangling.routes.tsx';
import { mountAssets } from './web/assets.ts';
import { csrfProtection } from './web/csrf.ts';
import type { AppEnv } from './web/env.ts';
import { notFound, renderError } from './web/errors.tsx';
import { admission } from './web/admission.ts';
import { limitBody, requestBasics } from './web/middleware.ts';
import { pageCache } from './web/page-cache.ts';
import { loadViewer } from './web/session.middleware.ts';
import { mountApiRoutes } from './works/api.routes.ts';
import { mountFeedRoutes } from './works/feed.routes.ts';
import { mountAuthorRoutes } from './works/author.routes.tsx';
import { mountChapterRoutes } from './works/chapter.routes.tsx';
import { mountHomeRoutes } from './works/home.routes.tsx';
import { mountWorkRoutes } from './works/work.routes.tsx';
import { mountSubscriptionRoutes } from './news/subscription.routes.tsx';
import { mountUnsubscribeRoutes, UNSUBSCRIBE_PREFIX } from './mail/unsubscribe.routes.tsx';
import { mountMailPreferenceRoutes } from './news/preference.routes.tsx';
import { mountListRoutes } from './lists/list.routes.tsx';
import { mountSeriesRoutes } from './series/series.routes.tsx';
import { mountChallengeRoutes } from './challenges/challenge.routes.tsx';
import { mountCollectionRoutes } from './collections/collection.routes.tsx';
import { mountItemRoutes } from './collections/item.routes.tsx';
import { mountExchangeRoutes } from './challenges/exchange.routes.tsx';

// The whole web app: the plumbing of src/web/ in order, then every feature's routes.

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestBasics(ctx));
  mountAssets(app);
  app.use(limitBody());
  app.use(countHits(ctx));
  if (ctx.config.pageCacheSeconds > 0) app.use(pageCache(ctx.config.pageCacheSeconds));
  app.use(admission(ctx.config));
  app.use(loadViewer());
  app.use(loadInboxCount());
  // An unsubscribe address carries its own proof, and mail clients' one-click POST has no form token.
  app.use(csrfProtection({ exemptPrefixes: [UNSUBSCRIBE_PREFIX] }));

  mountHomeRoutes(app);
  // Account pages first: their fixed paths (/users/:login/pseuds/new) must win over
  // the author pages' parameters (/users/:login/pseuds/:pseud).
  mountAccountRoutes(app);
  mountMailPreferenceRoutes(app);
  // /users/:login/assignments before the author pages' parameters.
  mountExchangeRoutes(app);
  mountAuthorRoutes(app);
  mountReaderRoutes(app);
  mountReadingRoutes(app);
  mountSubscriptionRoutes(app);
  mountSearchRoutes(app);
  // Challenge pages (towers, prompt memes) before the work routes: /works/:id/tower is fixed.
  mountChallengeRoutes(app);
  mountWorkRoutes(app);
  mountChapterRoutes(app);
  mountSeriesRoutes(app);
  mountKudosRoutes(app);
  mountBookmarkRoutes(app);
  mountCommentRoutes(app);
  mountInboxRoutes(app);
  mountUnsubscribeRoutes(app);
  mountListRoutes(app);
  mountCollectionRoutes(app);
  mountItemRoutes(app);
  mountTagRoutes(app);
  mountWranglingRoutes(app);
  mountApiRoutes(app);
  mountFeedRoutes(app);
  // The archivists' pages, and the claim pages original creators reach from their invitation.
  mountBatchRoutes(app);
  mountReviewRoutes(app);
  mountClaimRoutes(app);
  // Old addresses of archives imported whole (eFiction's viewstory.php …), redirected.
  mountLegacyRoutes(app);

  app.notFound((c) => notFound(c));
  app.onError((error, c) => {
    console.error(`[error] ${c.req.method} ${c.req.path}:`, error);
    return renderError(c, 500, 'Something went wrong', 'The archive hit an error it did not expect. It has been logged; please try again in a moment.');
  });
  return app;
}
