import type { AppContext } from '../context.ts';
import { takeCommentPoints } from './comment.limits.ts';
import { composeCheckers, localRules, type SpamInput } from './spam.ts';

// What stands between a comment and its readers, asked once for each new or edited comment by
// the comment service: the rate limits (per account and per address), then the spam checker.

export type CommentScreenInput = SpamInput & { kind: 'new' | 'edit' };

export type ScreenVerdict = { verdict: 'publish' } | { verdict: 'hold'; reason: string } | { verdict: 'spam'; reason: string } | { verdict: 'limited'; retryAfterSeconds: number };

export async function screenComment(ctx: AppContext, input: CommentScreenInput): Promise<ScreenVerdict> {
  // An edit is not one more comment: only new ones count against the limits.
  if (input.kind === 'new') {
    const keys = [`address:${input.addressKey}`, ...(input.userId !== null ? [`user:${input.userId}`] : [])];
    const wait = await takeCommentPoints(ctx, keys);
    if (wait !== null) return { verdict: 'limited', retryAfterSeconds: wait };
  }
  return composeCheckers([localRules(ctx)]).check(input);
}
