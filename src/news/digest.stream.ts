import type { MailStream } from '../mail/stream.types.ts';
import { NEWS_KINDS } from './news.kinds.ts';
import { deliveriesFor, setDelivery } from './preference.repository.ts';

/** "digest:daily": the daily digest; unsubscribing turns every kind that came in it to none. */
export const digestStream: MailStream = {
  async describe() {
    return 'the daily digest of your news';
  },
  async end(ctx, _target, message) {
    if (message.userId === null) return false;
    const choices = await deliveriesFor(ctx.db.kysely, message.userId);
    const daily = NEWS_KINDS.filter((kind) => choices[kind] === 'daily');
    for (const kind of daily) await setDelivery(ctx.db.kysely, message.userId, kind, 'none');
    return daily.length > 0;
  },
};
