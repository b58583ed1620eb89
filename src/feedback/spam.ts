import type { AppContext } from '../context.ts';
import { htmlToText } from '../text/html.ts';
import { recentComments, type CommentWriterKey } from './spam.repository.ts';

// The spam checker: one small interface, local rules behind it, and room for an outside
// service (a second SpamChecker, composed with these) later. The local rules learn nothing
// from what creators mark as spam, so marking and unmarking a comment changes no later
// verdict: there is nothing to train, and nothing that could not be undone.

export interface SpamInput {
  workId: number;
  /** Null for a guest. */
  userId: number | null;
  /** When the account was made (ISO); null for a guest. */
  accountCreatedAt: string | null;
  /** Keyed hash of the address the comment came from. */
  addressKey: string;
  /** The cleaned HTML that would be stored. */
  body: string;
}

export type SpamVerdict = { verdict: 'publish' } | { verdict: 'hold'; reason: string } | { verdict: 'spam'; reason: string };

export interface SpamChecker {
  check(input: SpamInput): Promise<SpamVerdict>;
}

const SEVERITY = { publish: 0, hold: 1, spam: 2 } as const;

/** Every checker asks; the most severe verdict wins, the first of equals. */
export function composeCheckers(checkers: SpamChecker[]): SpamChecker {
  return {
    async check(input) {
      const verdicts = await Promise.all(checkers.map((c) => c.check(input)));
      return verdicts.reduce<SpamVerdict>((worst, v) => (SEVERITY[v.verdict] > SEVERITY[worst.verdict] ? v : worst), { verdict: 'publish' });
    },
  };
}

/** Links a comment carries: its anchors, and addresses written out in its text. */
export function countLinks(html: string): number {
  const anchors = html.match(/<a\s[^>]*href=/gi)?.length ?? 0;
  const written = htmlToText(html).match(/\b(?:https?:\/\/|www\.)\S+/gi)?.length ?? 0;
  return anchors + written;
}

/** So many links that no reader's comment needs them: a link farm, whoever posts it. */
const LINK_FARM = 8;
/** The same text again within a day: held; this many times: spam. */
const REPEATS_FOR_SPAM = 2;
const DAY_MS = 86_400_000;

export function localRules(ctx: AppContext): SpamChecker {
  return {
    async check(input) {
      const now = ctx.now().getTime();
      const links = countLinks(input.body);
      if (links >= LINK_FARM) return { verdict: 'spam', reason: `${links} links` };
      const isNew = input.accountCreatedAt === null || now - Date.parse(input.accountCreatedAt) < ctx.config.newAccountDays * DAY_MS;
      const writer: CommentWriterKey = input.userId !== null ? { userId: input.userId } : { addressKey: input.addressKey };
      const [day, burst] = await Promise.all([
        recentComments(ctx.db.kysely, writer, new Date(now - DAY_MS).toISOString(), input.body),
        recentComments(ctx.db.kysely, writer, new Date(now - 10 * 60_000).toISOString(), input.body),
      ]);
      if (day.same >= REPEATS_FOR_SPAM) return { verdict: 'spam', reason: 'the same text posted again and again' };
      if (day.same > 0) return { verdict: 'hold', reason: 'the same text posted again' };
      // More comments in ten minutes than two minutes' worth of the rate limit wait for a person to look.
      if (burst.total >= 2 * ctx.config.commentsPerMinute) return { verdict: 'hold', reason: 'many comments in a few minutes' };
      if (links > 0 && isNew) return { verdict: 'hold', reason: input.userId === null ? 'a link from a guest' : 'a link from a new account' };
      return { verdict: 'publish' };
    },
  };
}
