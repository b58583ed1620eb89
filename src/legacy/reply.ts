import { countLetteredTokens } from '../text/words.ts';

// A post may answer another by quoting a line of it and then tell a story of its own: the quote
// prompted the story ("someone should write one where…"). Such a post is a work; the quote and its
// attribution are the other poster's words and leave the text. A reply that keeps quoting as it
// goes, or adds only a few lines of its own, is discussion and stays out.

const ATTRIBUTION = /^\s*(in article\s+<[^>]+>,?.*|in article\s+.*|.{1,80}\bwrote:|.{1,80}\bwrites:|-{2,3} in \S+@\S+.*)$/i;
const QUOTED = /^\s*>/;
const RULE = /^\s*[-=_*~]{5,}\s*$/;

/** Words a post must add after the quote to be read as a work rather than an answer. */
const OWN_WORDS = 400;

function words(lines: string[]): number {
  let count = 0;
  for (const line of lines) count += countLetteredTokens(line);
  return count;
}

/**
 * Where the post's own text starts when it opens with a quote (attribution lines, then one run
 * of quoted lines, then perhaps a rule) and never quotes again; null for any other post.
 */
export function afterOpeningQuote(lines: string[]): number | null {
  let index = 0;
  const skipBlank = () => {
    while (index < lines.length && !(lines[index] as string).trim()) index++;
  };
  skipBlank();
  const attributionStart = index;
  while (index < lines.length && index - attributionStart < 3 && ATTRIBUTION.test(lines[index] as string)) index++;
  if (index === attributionStart) return null;
  const quoteStart = index;
  while (index < lines.length && (QUOTED.test(lines[index] as string) || !(lines[index] as string).trim())) index++;
  if (!lines.slice(quoteStart, index).some((line) => QUOTED.test(line))) return null;
  skipBlank();
  if (index < lines.length && RULE.test(lines[index] as string)) index++;
  const rest = lines.slice(index);
  if (rest.some((line) => QUOTED.test(line))) return null;
  return words(rest) >= OWN_WORDS ? index : null;
}
