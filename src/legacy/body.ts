import { isSpaceCode, splitCount } from '../text/spaces.ts';
import { matchEndMarker } from './footer.ts';
import { isDictionaryWord } from './repair.ts';

// Body text → paragraphs (research/legacy.md §3.2, §5.6): blank-line paragraphs, hard wraps at
// 55–80 columns undone, verse kept line by line, scene separators normalised to "* * *".

export const SCENE_BREAK = '* * *';

const SEPARATOR = /^\s*(?:(?:[*~=#+_•·^-]\s*){3,}|(?:[oO0xX]\s*){3,}|<hr[^>]*>|[*#~§]|(?:[~*=-]\s*)+[oO0xX#§](?:\s*[~*=-])+|\*\s*\*\s*\*.*\*)\s*$/;

export function isSeparator(line: string): boolean {
  return SEPARATOR.test(line) && !/^\s*-- ?$/.test(line);
}

/** Splits lines into paragraphs at blank lines; separator and END/TBC lines are blocks of their own. */
export function splitBlocks(lines: string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length) blocks.push(current);
      current = [];
    } else if (isSeparator(line) || matchEndMarker(line)) {
      if (current.length) blocks.push(current);
      blocks.push([line.trim()]);
      current = [];
    } else {
      // trimEnd removes what /\s+$/ matches (white space and line terminators) without trying
      // a match at every space of the line: a fifth of the time, 3% of the parser's.
      current.push(line.trimEnd());
    }
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/** The wrap width of hard-wrapped text, or null when lines were not wrapped. */
export function wrapWidth(blocks: string[][]): number | null {
  // A typed array sorts numbers natively, three times faster than a sort with a comparator.
  const lengths = new Int32Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let count = 0;
  const inner: number[] = [];
  for (const block of blocks) {
    for (let i = 0; i < block.length; i++) {
      const line = block[i] as string;
      lengths[count++] = line.length;
      const next = block[i + 1];
      if (next !== undefined && !isSpaceCode(next.charCodeAt(0))) inner.push(line.length);
    }
  }
  if (lengths.length < 4 || inner.length < 2) return null;
  lengths.sort();
  const width = lengths[Math.floor((lengths.length - 1) * 0.95)] as number;
  if (width < 35 || width > 90) return null;
  const near = inner.filter((length) => length >= width - 20).length;
  return near >= inner.length * 0.6 ? width : null;
}

const BROKEN_AT_END = /(?<=\p{L})-$/u;
const LAST_LETTERS = /\p{L}+(?=-$)/u;
const FIRST_LETTERS = /^\p{L}+/u;

/**
 * Lines of one paragraph joined, a word broken at a line end mended (research/legacy.md §5.6):
 * "stu-" over "dents" is "students" (only the joined spelling is a word); "mid-" over "air" and
 * "X-" over "Files" keep their hyphen, as one word. A dash ("word -", "word--") is left alone.
 */
export function joinLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!text) {
      text = line;
      continue;
    }
    // The line's first letters are looked for only after a hyphen: a Unicode search a line.
    const tail = text.endsWith('-') ? FIRST_LETTERS.exec(line)?.[0] : undefined;
    if (tail && BROKEN_AT_END.test(text)) {
      const head = LAST_LETTERS.exec(text.slice(-40))?.[0] ?? '';
      const mended = tail[0] === tail[0]?.toLowerCase() && isDictionaryWord(head + tail) && !isDictionaryWord(head);
      text = (mended ? text.slice(0, -1) : text) + line;
    } else {
      text += ' ' + line;
    }
  }
  return text;
}

function isVerse(block: string[], width: number | null): boolean {
  const limit = width ? width * 0.6 : 50;
  if (block.length < 3 || !block.every((line) => line.trim().length < limit)) return false;
  // Narrow hard wraps look short too, but their lines end near one width; verse lines do not.
  const lengths = block.slice(0, -1).map((line) => line.trim().length);
  const longest = Math.max(...lengths);
  return !(longest >= 28 && lengths.every((length) => length >= longest - 10));
}

/** One block of a text without blank lines: paragraphs start at indents and deliberate breaks. */
// A line that ends in a letter and a hyphen broke a word at the wrap: it ends no paragraph.
const BROKEN_WORD = /\p{L}-$/u;

/** Lines kept one a paragraph, except that a word broken at a line's end is joined again. */
function joinBrokenWords(lines: string[]): string[] {
  const paragraphs: string[][] = [];
  lines.forEach((line, index) => {
    if (index > 0 && BROKEN_WORD.test(lines[index - 1] as string)) paragraphs[paragraphs.length - 1]?.push(line);
    else paragraphs.push([line]);
  });
  return paragraphs.map((group) => (group.length === 1 ? (group[0] as string) : joinLines(group)));
}

function splitRunOn(block: string[], width: number | null, blankLineParagraphs: boolean): string[] {
  if (!width) return joinBrokenWords(block.map((line) => line.trim()));
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < block.length; i++) {
    const line = block[i] as string;
    const previous = block[i - 1];
    const firstWord = line.trim().split(/\s+/)[0] ?? '';
    // Where blank lines already part paragraphs, a short line inside a block is only a ragged wrap.
    const deliberate = !blankLineParagraphs && previous !== undefined && previous.length + 1 + firstWord.length <= width - 2 && !BROKEN_WORD.test(previous.trimEnd());
    if (current.length && (/^(\t| {2,})\S/.test(line) || deliberate)) {
      paragraphs.push(joinLines(current));
      current = [];
    }
    current.push(line);
  }
  if (current.length) paragraphs.push(joinLines(current));
  return paragraphs;
}

/**
 * Paragraph texts from blocks, with wraps undone and separators normalised. `isHeading` lets a
 * heading line that has no blank line after it stand alone ("Chapter One" over "Boston" becomes
 * the heading "Chapter One: Boston"; over a paragraph, it becomes the heading and the paragraph).
 */
export function toParagraphs(blocks: string[][], isHeading: (line: string) => boolean = () => false): string[] {
  const width = wrapWidth(blocks);
  const blankLineParagraphs = blocks.filter((block) => block.length >= 2).length >= 3;
  const paragraphs: string[] = [];
  for (const original of blocks) {
    let block = original;
    if (block.length >= 2 && isHeading((block[0] as string).trim())) {
      const heading = (block[0] as string).trim().replace(/[:.]$/, '');
      const next = (block[1] as string).trim();
      if (block.length === 2 && splitCount(next) <= 8 && !/[.!?,;"”]$/.test(next)) {
        paragraphs.push(`${heading}: ${next}`);
        continue;
      }
      paragraphs.push(heading);
      block = block.slice(1);
    }
    if (block.every((line) => isSeparator(line))) {
      paragraphs.push(SCENE_BREAK);
      continue;
    }
    if (block.length === 1) {
      paragraphs.push((block[0] as string).trim());
    } else if (isVerse(block, width)) {
      paragraphs.push(block.map((line) => line.trim()).join('\n'));
    } else if (block.length > 6 && (!width || block.length > 20 || block.some((line) => /^(\t| {2,})\S/.test(line)))) {
      // A long block is a text that used no blank lines: each line (or indent) starts a paragraph.
      paragraphs.push(...splitRunOn(block, width, blankLineParagraphs));
    } else {
      paragraphs.push(joinLines(block));
    }
  }
  // As /[ \t]+/g → ' ', but a lone space (most of them) is left alone rather than replaced, and
  // a paragraph with neither two spaces nor a tab (most of them) is not searched at all.
  const single = (p: string) => (p.includes('  ') || p.includes('\t') ? p.replace(/[ \t]{2,}|\t/g, ' ') : p);
  return paragraphs.map((p) => single(p).trim()).filter(Boolean);
}

/** Removes leading and trailing scene breaks (they frame headers and footers). */
export function trimBreaks(paragraphs: string[]): string[] {
  let start = 0;
  let end = paragraphs.length;
  while (start < end && paragraphs[start] === SCENE_BREAK) start++;
  while (end > start && paragraphs[end - 1] === SCENE_BREAK) end--;
  return paragraphs.slice(start, end);
}
