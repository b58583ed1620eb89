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
  /**
   * Another way to get it, offered beside the unsubscribe button (a list's daily digest instead
   * of each post, or the other way round): its button's words and what it does, or null.
   */
  alternative?(ctx: AppContext, target: string): Promise<MailAlternative | null>;
}

export interface MailAlternative {
  /** The button: "Get one digest a day instead". */
  offer: string;
  /** Switches; the words of the page after it ("You will get one digest a day of …"). */
  apply(): Promise<string>;
}
