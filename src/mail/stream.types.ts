import type { AppContext } from '../context.ts';
import type { OutboxMessage } from '../db/schema.ts';

/**
 * A kind of mail someone can stop: the part of a message's stream before the first colon
 * ("notify" of "notify:comment") names its handler in stream.registry.ts, the rest its target.
 */
export interface MailStream {
  /** What the reader would stop, in words for the page ("mail about new chapters of Title"), or null if it is gone. */
  describe(ctx: AppContext, target: string, message: OutboxMessage): Promise<string | null>;
  /** Stops it; false when it had already stopped. */
  end(ctx: AppContext, target: string, message: OutboxMessage): Promise<boolean>;
}
