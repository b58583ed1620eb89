// A story laid out for printing before it was posted keeps the header of each page: a line
// with the title and the byline ("SERIES: "Title" By Name (Month Year)") every 50 or so lines,
// often glued to the paragraph above it. It is no part of the story wherever it stands.

const MIN_REPEATS = 3;
/** Pages are at least this many lines long; a line repeated closer together is a refrain. */
const MIN_PAGE_LINES = 20;
const MAX_LINE = 100;

// What a page header shows and prose hardly repeats: a byline, a page number.
const HEADER_SIGN = /\b[Bb]y\s+\p{Lu}|\b[Pp]age\s+\d+|^\s*-\s*\d+\s*-\s*$/u;
// What each sign must hold (the lines are trimmed, so the third starts with its dash): a line
// without any is not tried against the pattern above, which runs a Unicode search on every line.
const MAY_HOLD_SIGN = /by|By|age/;

function hasHeaderSign(text: string): boolean {
  return (text.charCodeAt(0) === 45 || MAY_HOLD_SIGN.test(text)) && HEADER_SIGN.test(text);
}

/** The line's identity across pages: its letters, without a date or page number in brackets. */
function pageKey(line: string): string {
  return line.replace(/\([^)]*\)|\[[^\]]*\]/g, '').replace(/\bpage\s+\d+/gi, '').toLowerCase().replace(/[^\p{L}]+/gu, '');
}

/** The lines without the running page header, when the text repeats one. */
export function withoutPageHeaders(lines: string[]): string[] {
  const seen = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const text = line.trim();
    if (text.length < 20 || text.length > MAX_LINE || !hasHeaderSign(text)) return;
    const key = pageKey(text);
    if (key.length < 12) return;
    seen.set(key, [...(seen.get(key) ?? []), index]);
  });
  const dropped = new Set<number>();
  for (const indexes of seen.values()) {
    if (indexes.length < MIN_REPEATS) continue;
    const spaced = indexes.every((index, i) => i === 0 || index - (indexes[i - 1] as number) >= MIN_PAGE_LINES);
    if (spaced) for (const index of indexes) dropped.add(index);
  }
  return dropped.size === 0 ? lines : lines.filter((_, index) => !dropped.has(index));
}
