import { looksLikeMessage, parseMessage } from './email.ts';
import type { SourceAdapter } from './source.types.ts';

// mbox: messages separated by lines starting "From " (research §5.6). The file is streamed and
// each message parsed as soon as the next separator is seen, so memory holds one message.

// The envelope line: "From sender Sat Jan 10 20:02:11 2004" (asctime date, sometimes a zone after it).
const FROM_LINE = /^From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +(?:\d{1,2} +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* +\d|^From \S+@\S+.*\b(?:19|20)\d{2}\b/i;

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
    const emit = (raw: string) => {
      count++;
      return parseMessage(Buffer.from(unescapeFrom(raw), 'latin1'), `${file.path}#${count}`);
    };
    for await (const chunk of file.stream()) {
      pending += chunk.toString('latin1');
      let consumed = 0;
      SEPARATOR.lastIndex = searchFrom;
      for (let match = SEPARATOR.exec(pending); match; match = SEPARATOR.exec(pending)) {
        if (!FROM_LINE.test(match[1] ?? '')) continue;
        if (started) {
          const raw = pending.slice(consumed, match.index);
          if (raw.trim()) yield emit(raw);
        }
        started = true;
        consumed = match.index + match[0].length;
      }
      pending = pending.slice(consumed);
      // A separator may straddle the chunk boundary: search again from a little before the end.
      searchFrom = Math.max(0, pending.length - 1024);
      if (!started && pending.length > 1_000_000) break;
    }
    if (pending.trim() && started) yield emit(pending);
    if (count === 0) yield { source: file.path, reason: 'mbox without any message' };
  },
};
