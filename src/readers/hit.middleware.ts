import type { MiddlewareHandler } from 'hono';
import { clientAddress } from '../accounts/account.http.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../web/env.ts';
import { hitCounter } from './hit.counter.ts';

/**
 * A reading page that counts as a hit says so in this header (work.page.tsx sets it when the
 * reader is not one of the work's creators). The page cache keeps it with the page, so a page
 * served from the cache still counts; this middleware, outside the cache, takes it off again.
 */
export const HIT_HEADER = 'x-records-room-hit';

export function countHits(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const workId = Number(c.res.headers.get(HIT_HEADER));
    if (!workId) return;
    c.res.headers.delete(HIT_HEADER);
    if (!ctx.config.countHits || c.res.status !== 200) return;
    hitCounter(ctx).record({ workId, userId: c.var.viewer?.id ?? null, address: clientAddress(c), userAgent: c.req.header('user-agent') });
  };
}
