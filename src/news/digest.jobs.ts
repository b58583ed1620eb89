import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { letOthersRun } from '../jobs/job.types.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { counted } from '../text/plural.ts';
import { newsGuard } from './news.guard.ts';
import { isNewsKind, NEWS_KINDS, type NewsKind } from './news.kinds.ts';
import { markDigested, recipientsByIds, usersWithWaitingItems, waitingItemsOf } from './news.repository.ts';
import { deliveriesFor } from './preference.repository.ts';

// The daily digest: once a day, each person with news waiting gets one message of it, by
// kind, with a table of contents. People are read a page at a time and each one's digest is
// its own transaction (queue the message, mark its items), so memory stays flat however many
// wait, and a crash in the middle sends nobody's digest twice: the message key names the
// person and their first item, which a rerun finds again.

const DAY_MS = 86_400_000;
const PEOPLE_PER_PAGE = 200;
/** More than a day's worth for almost anyone; the rest go in the next digest. */
const ITEMS_PER_DIGEST = 500;

const HEADINGS: Readonly<Record<NewsKind, [string, string]>> = {
  comment: ['comment on your works', 'comments on your works'],
  reply: ['reply to your comments', 'replies to your comments'],
  kudos: ['kudos', 'kudos'],
  subscription: ['news of your subscriptions', 'news of your subscriptions'],
};

export async function sendDigests(ctx: AppContext, payload: unknown): Promise<void> {
  const now = ctx.now();
  let after = 0;
  for (;;) {
    const people = await usersWithWaitingItems(ctx.db.kysely, after, PEOPLE_PER_PAGE);
    if (people.length === 0) break;
    for (const userId of people) {
      await digestFor(ctx, userId);
      await letOthersRun();
    }
    after = people[people.length - 1]!;
  }
  // The next run, tomorrow; only when asked (whoever starts the chain asks).
  if ((payload as { repeat?: boolean } | null)?.repeat) await enqueue(ctx.db.kysely, 'sendDigests', { repeat: true }, { runAt: new Date(now.getTime() + DAY_MS), now });
}

async function digestFor(ctx: AppContext, userId: number): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const items = await waitingItemsOf(trx, userId, ITEMS_PER_DIGEST);
    if (items.length === 0) return ok(null);
    const recipient = (await recipientsByIds(trx, [userId])).get(userId);
    const guard = await newsGuard(trx, items.map((i) => i.workId));
    const choices = await deliveriesFor(trx, userId);
    // Asked again: the work may be gone or hidden since, the person may have said "none" since.
    const kept = items.filter((i) => recipient?.confirmed && isNewsKind(i.kind) && choices[i.kind] !== 'none' && guard.mayHear(i.workId, recipient));
    if (recipient && kept.length > 0) {
      const sections = NEWS_KINDS.map((kind) => ({ kind, lines: kept.filter((i) => i.kind === kind).map((i) => i.line) })).filter((s) => s.lines.length > 0);
      const heading = (kind: NewsKind, n: number) => `${n} ${HEADINGS[kind][n === 1 ? 0 : 1]}`;
      const contents = sections.map((s) => `  ${heading(s.kind, s.lines.length)}`).join('\n');
      const body = sections.map((s) => `${heading(s.kind, s.lines.length)}\n\n${s.lines.map((l) => `- ${l}`).join('\n')}`).join('\n\n');
      await queueMail(ctx, trx, [
        {
          key: `digest:${userId}:${items[0]!.id}`,
          to: recipient.email,
          userId,
          stream: 'digest:daily',
          subject: `[Records Room] Your daily news: ${sections.map((s) => heading(s.kind, s.lines.length)).join(', ')}`,
          text: `Hello ${recipient.login},\n\nHere is your news from Records Room since the last digest (${counted(kept.length, 'item')}).\n\n${contents}\n\n${body}\n\nChoose how news reaches you: ${ctx.config.baseUrl}/users/${encodeURIComponent(recipient.login)}/preferences/mail\n`,
        },
      ]);
    }
    await markDigested(trx, items.map((i) => i.id), ctx.now().toISOString());
    return ok(null);
  });
}
