import type { AppContext } from '../context.ts';
import { takePoints, type LimitRule } from '../db/rate-limit.ts';

// How often one account or one address may comment: a burst limit and a daily one, from config.

function commentRules(ctx: AppContext): LimitRule[] {
  return [
    { name: 'comment-minute', points: ctx.config.commentsPerMinute, seconds: 60 },
    { name: 'comment-day', points: ctx.config.commentsPerDay, seconds: 86_400 },
  ];
}

/** Null when every key had room under both limits, else the seconds until all do. */
export function takeCommentPoints(ctx: AppContext, keys: string[]): Promise<number | null> {
  return takePoints(ctx.db, commentRules(ctx), keys);
}
