import { looksLikeMessage } from './email.ts';

// Posts saved one after another without mbox "From " lines (research/legacy.md §5.6): a list
// digest, or a reader's file of a story's parts, each still under its own `From:`/`Date:` or
// news header. Each such header block, standing at the start of a line after a blank line and
// after some text of the post before it, opens a new post. A block straight under the outer
// header (a forwarded post) is not one: it is that message's body.
//
// A story may show a memo ("To: Skinner / From: Scully / Re: …"), so a block counts only when
// it carries what only a real header does: an address in `From:`, or a news or message field.

const HEADER_LINE = /^([A-Za-z][\w-]{0,30}):[ \t]/;
const NEWS_FIELD = /^(path|newsgroups|message-id)$/i;
const ADDRESS = /[\w.+%-]+@[\w-]+(?:\.[\w-]+)+/;

/** Where header blocks open new posts in `text` (offsets of their first line); never 0. */
export function digestBoundaries(text: string): number[] {
  const boundaries: number[] = [];
  // Text of the current post seen since its header ended (a forwarded header comes before any).
  let sawBody = false;
  let inHeader = true;
  let previousBlank = false;
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const lineEnd = end < 0 ? text.length : end;
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (inHeader) {
      if (blank) inHeader = false;
    } else if (!blank && previousBlank && sawBody && HEADER_LINE.test(line) && isPostHeader(text, offset)) {
      boundaries.push(offset);
      sawBody = false;
      inHeader = true;
    } else if (!blank) sawBody = true;
    previousBlank = blank;
    offset = lineEnd + 1;
  }
  return boundaries;
}

function isPostHeader(text: string, offset: number): boolean {
  const head = text.slice(offset, offset + 4000);
  if (!looksLikeMessage(head)) return false;
  const block = head.split(/\r?\n[ \t]*\r?\n/, 1)[0] ?? '';
  let real = false;
  for (const line of block.split(/\r?\n/)) {
    const name = HEADER_LINE.exec(line)?.[1] ?? '';
    if (NEWS_FIELD.test(name) || (/^from$/i.test(name) && ADDRESS.test(line))) real = true;
  }
  return real;
}

/** The posts of a saved file: the whole text when it holds one. */
export function splitDigest(text: string): string[] {
  const boundaries = digestBoundaries(text);
  if (boundaries.length === 0) return [text];
  const starts = [0, ...boundaries];
  return starts.map((start, index) => text.slice(start, starts[index + 1] ?? text.length));
}
