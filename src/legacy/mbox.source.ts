import { looksLikeMessage, parseMessage } from './email.ts';
import type { SourceDocument, Skipped } from './legacy.types.ts';
import type { SourceAdapter } from './source.types.ts';

// mbox: messages separated by lines starting "From " (research §5.6). The file is streamed and
// each message parsed as soon as the next separator is seen, so memory holds one message.

// The envelope line: "From sender Sat Jan 10 20:02:11 2004" (asctime date, sometimes a zone after it),
// or a sender with an address and a year. `\S+@\S+` tried every "@" of a long first word against
// the rest of the line; the first "@" after the word's first character matches when any does.
const FROM_LINE = /^From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +(?:\d{1,2} +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* +\d|^From \S[^\s@]*@\S.*\b(?:19|20)\d{2}\b/i;

const KEPT_TAIL = 4096;

export function looksLikeMbox(head: string): boolean {
  const firstLine = head.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '';
  return FROM_LINE.test(firstLine) && looksLikeMessage(head.replace(/^\s+/, '').replace(/^.*\r?\n/, ''));
}

/** Undoes mboxrd ">From " quoting; one ">" per line. */
function unescapeFrom(message: string): string {
  return message.replace(/^>(>*From )/gm, '$1');
}

export const mboxSource: SourceAdapter = {
  kind: 'mbox',
  sniff: looksLikeMbox,
  async *read(file) {
    // Bytes travel as latin-1 strings: one char per byte, so no byte changes before MIME decoding.
    const SEPARATOR = /(?:^|\n[ \t]*\r?\n)(From [^\n]*)\n/g;
    let pending = '';
    let searchFrom = 0;
    let count = 0;
    let started = false;
    // Bytes of the current message already dropped: a message over the size limit is not kept
    // (a 50 MB message took 800 MB and 86 s), only counted until its end, and reported.
    let dropped = 0;
    const emit = (raw: string): SourceDocument | Skipped => {
      count++;
      const source = `${file.path}#${count}`;
      if (dropped + raw.length > file.maxBytes) return { source, reason: `too large for one story (${dropped + raw.length} bytes)` };
      return parseMessage(Buffer.from(unescapeFrom(raw), 'latin1'), source);
    };
    for await (const chunk of file.stream()) {
      pending += chunk.toString('latin1');
      let consumed = 0;
      SEPARATOR.lastIndex = searchFrom;
      for (let match = SEPARATOR.exec(pending); match; match = SEPARATOR.exec(pending)) {
        if (!FROM_LINE.test(match[1] ?? '')) continue;
        if (started) {
          const raw = pending.slice(consumed, match.index);
          if (raw.trim() || dropped > 0) yield emit(raw);
        }
        started = true;
        dropped = 0;
        consumed = match.index + match[0].length;
      }
      pending = pending.slice(consumed);
      if (started && pending.length > Math.max(file.maxBytes, 2 * KEPT_TAIL)) {
        // The tail is kept for a separator that straddles the next chunk, and is longer than the
        // part searched again, so that "^" (the start of the kept text) is never searched.
        dropped += pending.length - KEPT_TAIL;
        pending = pending.slice(-KEPT_TAIL);
      }
      // A separator may straddle the chunk boundary: search again from a little before the end.
      searchFrom = Math.max(0, pending.length - 1024);
      if (!started && pending.length > 1_000_000) break;
    }
    if ((pending.trim() || dropped > 0) && started) yield emit(pending);
    if (count === 0) yield { source: file.path, reason: 'mbox without any message' };
  },
};
