import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { queueMail, type OutgoingMail } from '../mail/outbox.service.ts';
import { newsGuard } from './news.guard.ts';
import { NEWS_KINDS, type NewsKind } from './news.kinds.ts';
import { insertDigestItems, recipientsByIds, type NewDigestItem } from './news.repository.ts';
import { deliveriesOf } from './preference.repository.ts';

// Every piece of news for a person goes through here: comments, replies, kudos, subscriptions.
// Called in the transaction of the event (or of the job that fans it out), so the news exists
// if and only if the event does. Each person's choice for the kind decides: a mail of its own,
// a line in tomorrow's digest, or nothing; the guard (news.guard.ts) decides whether they may
// hear of the work at all. Only confirmed addresses get news: an address nobody proved is
// not mailed about other people's doings.

export interface NewsItem {
  userId: number;
  kind: NewsKind;
  /** Names the event and the person ("comment:81:user:7"): told twice, it is one message or line. */
  key: string;
  workId: number;
  /** A mail of its own. */
  subject: string;
  text: string;
  /** The same news as one line of a digest. */
  line: string;
  /** What its unsubscribe link stops; "notify:<kind>" unless given. */
  stream?: string;
  replyTo?: string;
}

export interface DeliveryCount {
  mailed: number;
  digested: number;
  dropped: number;
}

export async function deliverNews(ctx: AppContext, db: Queryable, items: readonly NewsItem[]): Promise<DeliveryCount> {
  const count: DeliveryCount = { mailed: 0, digested: 0, dropped: 0 };
  if (items.length === 0) return count;
  const recipients = await recipientsByIds(db, items.map((i) => i.userId));
  const guard = await newsGuard(db, items.map((i) => i.workId));
  const choices = new Map<NewsKind, Map<number, string>>();
  for (const kind of NEWS_KINDS) {
    const ofKind = items.filter((i) => i.kind === kind).map((i) => i.userId);
    if (ofKind.length > 0) choices.set(kind, await deliveriesOf(db, [...new Set(ofKind)], kind));
  }
  const mails: OutgoingMail[] = [];
  const lines: NewDigestItem[] = [];
  const now = ctx.now().toISOString();
  for (const item of items) {
    const recipient = recipients.get(item.userId);
    const delivery = choices.get(item.kind)?.get(item.userId);
    if (!recipient?.confirmed || !guard.mayHear(item.workId, recipient) || delivery === 'none') {
      count.dropped++;
      continue;
    }
    if (delivery === 'daily') {
      lines.push({ userId: item.userId, kind: item.kind, itemKey: item.key, workId: item.workId, line: item.line, createdAt: now });
    } else {
      mails.push({
        key: item.key,
        to: recipient.email,
        userId: item.userId,
        stream: item.stream ?? `notify:${item.kind}`,
        subject: item.subject,
        text: item.text,
        workId: item.workId,
        ...(item.replyTo ? { replyTo: item.replyTo } : {}),
      });
    }
  }
  count.mailed = await queueMail(ctx, db, mails);
  count.digested = lines.length;
  await insertDigestItems(db, lines);
  return count;
}
