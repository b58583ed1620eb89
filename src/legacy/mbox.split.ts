// The mbox separator (research §5.6), the one place it lives: the mbox adapter splits messages
// with it, and storing (src/imports/source.heads.ts) reads each message's head again with it, so
// that both number the messages of a file alike.

// The envelope line: "From sender Sat Jan 10 20:02:11 2004" (asctime date, sometimes a zone after it),
// or a sender with an address and a year. `\S+@\S+` tried every "@" of a long first word against
// the rest of the line; the first "@" after the word's first character matches when any does.
// Anchored and with one unbounded run per alternative, a test is linear in the line's length.
const FROM_LINE = /^From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +(?:\d{1,2} +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* +\d|^From \S[^\s@]*@\S.*\b(?:19|20)\d{2}\b/i;

/** A "From " line that opens a message (the line alone, without its line break). */
export function isFromLine(line: string): boolean {
  return FROM_LINE.test(line);
}

// A "From " line at the start or after a blank line; whether it opens a message is isFromLine's call.
const SEPARATOR = /(?:^|\n[ \t]*\r?\n)(From [^\n]*)\n/g;
const KEPT_TAIL = 4096;
// Before its first separator an mbox is not searched further than this.
const FIRST_SEPARATOR_WITHIN = 1_000_000;

export interface MboxMessage {
  /** The message after its "From " line, or its last bytes when it was too large to keep. */
  raw: string;
  /** Bytes of the message not kept (0 when it is whole). */
  dropped: number;
}

/**
 * Splits an mbox read a chunk at a time (bytes as latin-1 strings, one char per byte) into its
 * messages, holding one message at a time. A message over `maxBytes` is not kept, only counted
 * until its end (a 50 MB message took 800 MB and 86 s). Empty messages are left out.
 */
export class MboxSplitter {
  private pending = '';
  private searchFrom = 0;
  private started = false;
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  /** No separator in the first megabyte: not worth reading on. */
  get abandoned(): boolean {
    return !this.started && this.pending.length > FIRST_SEPARATOR_WITHIN;
  }

  /** The messages the chunk completes. */
  push(chunk: string): MboxMessage[] {
    const messages: MboxMessage[] = [];
    this.pending += chunk;
    let consumed = 0;
    SEPARATOR.lastIndex = this.searchFrom;
    for (let match = SEPARATOR.exec(this.pending); match; match = SEPARATOR.exec(this.pending)) {
      if (!isFromLine(match[1] ?? '')) continue;
      if (this.started) {
        const raw = this.pending.slice(consumed, match.index);
        if (raw.trim() || this.dropped > 0) messages.push({ raw, dropped: this.dropped });
      }
      this.started = true;
      this.dropped = 0;
      consumed = match.index + match[0].length;
    }
    this.pending = this.pending.slice(consumed);
    if (this.started && this.pending.length > Math.max(this.maxBytes, 2 * KEPT_TAIL)) {
      // The tail is kept for a separator that straddles the next chunk, and is longer than the
      // part searched again, so that "^" (the start of the kept text) is never searched.
      this.dropped += this.pending.length - KEPT_TAIL;
      this.pending = this.pending.slice(-KEPT_TAIL);
    }
    // A separator may straddle the chunk boundary: search again from a little before the end.
    this.searchFrom = Math.max(0, this.pending.length - 1024);
    return messages;
  }

  /** The last message, once the file has ended. */
  end(): MboxMessage[] {
    return (this.pending.trim() || this.dropped > 0) && this.started ? [{ raw: this.pending, dropped: this.dropped }] : [];
  }
}
