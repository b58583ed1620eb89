import { listStream } from '../lists/list.stream.ts';
import { digestStream } from '../news/digest.stream.ts';
import { notifyStream } from '../news/notify.stream.ts';
import { subscriptionStream } from '../news/subscription.stream.ts';
import type { MailStream } from './stream.types.ts';

// Every kind of mail someone can unsubscribe from, by the stream prefix stored with each
// message in the outbox. A rename must keep the old prefix while its messages can be answered.
export const MAIL_STREAMS: Readonly<Record<string, MailStream>> = {
  notify: notifyStream,
  digest: digestStream,
  list: listStream,
  subscription: subscriptionStream,
};
