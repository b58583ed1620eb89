import { splitCount } from '../text/spaces.ts';
import { matchHeading } from './chapters.ts';
import { findPartMarker } from './subject.ts';

// A story posted in parts repeats furniture in each part (research/legacy.md §3.1): the title
// with "Part N" above the text ("Title Part 2...Monday"), notes and disclaimers again, a recap
// of the parts before ("Synopsis of part 1:"), and a line that closes the part ("End part 3.",
// "Part 1 of 7 ends", "(Continued)"). None of it is the story's text; the heading is the
// chapter's.

const END_OF_PART = new RegExp(
  [
    String.raw`^\W*end(?:\s+of)?\s+(?:part|pt\.?|chapter)\s+[\w]+(?:\s*(?:\/|of)\s*\w+)?\W*$`,
    String.raw`^\W*(?:part|chapter)\s+\w+(?:\s*(?:\/|of)\s*\w+)?\s+(?:ends|ended|concluded|is over)\W*$`,
    String.raw`^\W*(?:continued|cont'?d?\.?)\W*$`,
  ].join('|'),
  'i',
);
const RECAP = /^\W*(?:synopsis|summary|recap)\s+of\s+(?:the\s+)?(?:previous\s+|last\s+|earlier\s+)?(?:parts?|chapters?|episodes?)\b/i;
// "(1 of 7 parts)": the count of parts beside a title, which findPartMarker does not read.
const PARTS_COUNT = /[([]\s*\d{1,2}\s+of\s+\d{1,2}\s+parts?\s*[)\]]/i;
// What a part's closing words may be instead of a number: "Title, Conclusion".
const LAST_PART_WORD = /^(?:conclusion|finale|the end|final part|last part)\W*$/i;
// Lines only the block above a story holds: a byline, a rating or content warning, a disclaimer.
const HEADER_SIGN =
  /(?:^|\n)\s*by\b|\b(?:rated|rating|warnings?|alert|explicit|sexual content|nc-?17|pg-?13|disclaimer|copyright|infringement|property of|belong|posted for|posting (?:this )?for|[\w.+-]+@[\w-]+\.[\w.]+)\b/i;

function normal(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The rest of `line` after the work's title and the marks after it, or null. */
function afterTitle(line: string, title: string | null): string | null {
  if (!title || normal(title).length < 4) return null;
  const wanted = normal(title);
  let seen = '';
  for (let index = 0; index < line.length; index++) {
    seen += normal(line[index] as string);
    if (seen === wanted) return line.slice(index + 1).replace(/^[\s,:;.\-–—]+/, '');
    if (!wanted.startsWith(seen)) return null;
  }
  return null;
}

/** A line that closes a part or says it goes on in the next post. */
export function isEndOfPart(paragraph: string): boolean {
  return !paragraph.includes('\n') && paragraph.length <= 40 && END_OF_PART.test(paragraph.trim());
}

/** "Title Part 2...Monday" → "Part 2...Monday": the part's heading without the title before it. */
export function headingAfterTitle(paragraph: string, title: string | null): string | null {
  if (paragraph.includes('\n') || paragraph.length > 100) return null;
  const rest = afterTitle(paragraph.trim(), title);
  if (!rest || !/^(?:part|pt\.?)\s/i.test(rest)) return null;
  return matchHeading(rest)?.weak === false ? rest : null;
}

/**
 * A title line that numbers the part ("Title ... (2 of 7 parts)", "TITLE -- Part 1", "Title,
 * Conclusion"): the last line of a short paragraph, the title's words apart from the marker.
 */
export function isPartTitleLine(paragraph: string, title: string | null): boolean {
  const lines = paragraph.split('\n');
  if (lines.length > 3 || paragraph.length > 160) return false;
  const last = (lines[lines.length - 1] as string).trim();
  const rest = afterTitle(last, title);
  if (rest !== null && (LAST_PART_WORD.test(rest) || /^(?:part|pt\.?)\s+\w+\W*$/i.test(rest))) return true;
  if (PARTS_COUNT.test(last)) return true;
  const marker = findPartMarker(last);
  if (!marker || marker.index === 0) return false;
  const before = last.slice(0, marker.index);
  // A warning the wrap joined to the heading ("** Some sexual content, PG Part 3") is the header's too.
  return before.length <= 80 && (looksLikeTitle(before) || HEADER_SIGN.test(before)) && last.length - marker.length - marker.index <= 4;
}

/** Title case or capitals, no sentence end: "The Salt Keeper --", not "He said it was". */
function looksLikeTitle(text: string): boolean {
  if (/[.!?]["”]?\s/.test(text)) return false;
  const long = text.split(/\s+/).filter((word) => /\p{L}{4,}/u.test(word));
  return long.length > 0 && long.length <= 8 && long.every((word) => !/^\p{Ll}/u.test(word));
}

export interface PartText {
  /** Paragraphs above the story that were the part's own header (notes, disclaimers among them). */
  preamble: string[];
  story: string[];
}

const PREAMBLE_PARAGRAPHS = 10;
const PREAMBLE_WORDS = 250;

/**
 * Cuts a part's repeated header off its text: everything up to a title line that numbers the
 * part, or a short block above the first heading that shows what only a header shows.
 */
function splitPreamble(paragraphs: string[], title: string | null): PartText {
  let words = 0;
  for (let index = 0; index < Math.min(paragraphs.length, PREAMBLE_PARAGRAPHS); index++) {
    const paragraph = paragraphs[index] as string;
    if (isPartTitleLine(paragraph, title)) {
      // A recap or a warning may still stand between the title line and the part's heading.
      const rest = splitPreamble(paragraphs.slice(index + 1), null);
      return { preamble: [...paragraphs.slice(0, index + 1), ...rest.preamble], story: rest.story };
    }
    if (matchHeading(paragraph)?.weak === false) {
      const above = paragraphs.slice(0, index);
      if (above.some((p) => HEADER_SIGN.test(p) || RECAP.test(p))) return { preamble: above, story: paragraphs.slice(index) };
      break;
    }
    words += splitCount(paragraph);
    if (words > PREAMBLE_WORDS) break;
  }
  return { preamble: [], story: paragraphs };
}

/** A paragraph whose last line is the part's heading ("** Some content, PG" / "Part 3"): two. */
function headingsApart(paragraphs: string[]): string[] {
  return paragraphs.flatMap((paragraph) => {
    // Most paragraphs are one joined line: not split (an array each) to find that out.
    if (!paragraph.includes('\n')) return [paragraph];
    const lines = paragraph.split('\n');
    const last = (lines[lines.length - 1] as string).trim();
    if (lines.length < 2 || lines.length > 3 || !/^(?:part|pt\.?)\s/i.test(last) || matchHeading(last)?.weak !== false) return [paragraph];
    return [lines.slice(0, -1).join('\n'), last];
  });
}

/** The story's paragraphs without the furniture of its parts, and the header the parts repeated. */
export function withoutPartFurniture(paragraphs: string[], title: string | null): PartText {
  const { preamble, story } = splitPreamble(headingsApart(paragraphs).filter((paragraph) => !isEndOfPart(paragraph)), title);
  return { preamble, story: story.map((paragraph) => headingAfterTitle(paragraph, title) ?? paragraph) };
}

/** Of a part's header, the paragraphs that are the author's words (not title, byline, warning). */
export function preambleNotes(preamble: string[], title: string | null): string[] {
  return preamble.filter(
    (paragraph) =>
      splitCount(paragraph) >= 12 && !isPartTitleLine(paragraph, title) && !/(?:^|\n)\s*by\b/i.test(paragraph) && !/\balert\b|\bwarning\b/i.test(paragraph) && !RECAP.test(paragraph),
  );
}

