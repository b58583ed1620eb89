// Double-spaced text (research/legacy.md §3): a blank line after every wrapped line, and two or
// more between paragraphs. Read as it is, every line is a paragraph of its own, and a note above
// the story falls apart into fragments none of which reads as a note. Undoubled, a single blank
// line joins the lines it stands between, unless the line above ends well short of the wrap
// width (a title, a byline, the last line of a paragraph).

const MIN_LINES = 30;

/** The lines with the doubling undone, or the same lines when the text is not double-spaced. */
export function undoubleSpacing(lines: string[]): string[] {
  let nonBlank = 0;
  let singles = 0;
  let adjacent = 0;
  let wide = 0;
  const lengths: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    nonBlank++;
    lengths.push(line.trimEnd().length);
    const next = lines[i + 1];
    if (next === undefined) continue;
    if (next.trim() !== '') adjacent++;
    else if (lines[i + 2] !== undefined && (lines[i + 2] as string).trim() !== '') singles++;
    else wide++;
  }
  if (nonBlank < MIN_LINES || adjacent * 10 > nonBlank || singles * 10 < nonBlank * 6 || wide === 0) return lines;
  lengths.sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.9)] ?? 0;
  // Unwrapped text, one paragraph a line, is single-spaced paragraphs, not doubled lines.
  if (width > 100 || width < 30) return lines;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() !== '') {
      out.push(line);
      continue;
    }
    const above = lines[i - 1];
    const below = lines[i + 1];
    const single = above !== undefined && above.trim() !== '' && below !== undefined && below.trim() !== '';
    if (!single) {
      if (out.length > 0 && (out[out.length - 1] as string).trim() !== '') out.push('');
      continue;
    }
    // A short line ends its paragraph; a line that fills the width runs on.
    if (above.trimEnd().length < width * 0.75) out.push('');
  }
  return out;
}
