import { splitDigest } from './digest.split.ts';
import { looksLikeMessage, parseMessage } from './email.ts';
import type { SourceDocument, Skipped } from './legacy.types.ts';
import { isFromLine, MboxSplitter, type MboxMessage } from './mbox.split.ts';
import type { SourceAdapter } from './source.types.ts';

// mbox: messages separated by lines starting "From " (research §5.6). The file is streamed and
// each message parsed as soon as the next separator is seen, so memory holds one message.

export function looksLikeMbox(head: string): boolean {
  const firstLine = head.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '';
  return isFromLine(firstLine) && looksLikeMessage(head.replace(/^\s+/, '').replace(/^.*\r?\n/, ''));
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
    const splitter = new MboxSplitter(file.maxBytes);
    let count = 0;
    // A message may hold further posts saved under their own headers without a "From " line.
    const emit = ({ raw, dropped }: MboxMessage): Array<SourceDocument | Skipped> => {
      if (dropped + raw.length > file.maxBytes) return [{ source: `${file.path}#${++count}`, reason: `too large for one story (${dropped + raw.length} bytes)` }];
      return splitDigest(unescapeFrom(raw)).map((post) => parseMessage(Buffer.from(post, 'latin1'), `${file.path}#${++count}`));
    };
    for await (const chunk of file.stream()) {
      for (const message of splitter.push(chunk.toString('latin1'))) yield* emit(message);
      if (splitter.abandoned) break;
    }
    for (const message of splitter.end()) yield* emit(message);
    if (count === 0) yield { source: file.path, reason: 'mbox without any message' };
  },
};
