import type { MailStream } from '../mail/stream.types.ts';
import { subscriptionWords, unsubscribe } from './subscription.service.ts';

/**
 * "subscription:12": the mail of one subscription; unsubscribing ends that subscription, as the
 * list page's button does. Once it has ended, the link answers that there is nothing left to
 * stop (describe is null): the row, and so what it was about, is gone.
 */
export const subscriptionStream: MailStream = {
  async describe(ctx, target, message) {
    const id = Number(target);
    return Number.isSafeInteger(id) && id > 0 ? subscriptionWords(ctx, id, message.userId) : null;
  },
  async end(ctx, target, message) {
    const id = Number(target);
    if (!Number.isSafeInteger(id) || id <= 0 || message.userId === null) return false;
    return unsubscribe(ctx, message.userId, id);
  },
};
