import type { MailStream } from '../mail/stream.types.ts';
import { isNewsKind, KIND_WORDS } from './news.kinds.ts';
import { deliveriesOf, setDelivery } from './preference.repository.ts';

/** "notify:comment": one kind of a user's own news; unsubscribing sets that kind to none. */
export const notifyStream: MailStream = {
  async describe(_ctx, kind) {
    return isNewsKind(kind) ? KIND_WORDS[kind] : null;
  },
  async end(ctx, kind, message) {
    if (!isNewsKind(kind) || message.userId === null) return false;
    const current = (await deliveriesOf(ctx.db.kysely, [message.userId], kind)).get(message.userId);
    if (current === 'none') return false;
    await setDelivery(ctx.db.kysely, message.userId, kind, 'none');
    return true;
  },
};
