import { splitCount } from '../text/spaces.ts';
import { SCENE_BREAK, trimBreaks } from './body.ts';

// Chapter headings (research/legacy.md §3.1): "Chapter One", "Ch. 2: Title", "Part 2/5",
// "Prologue", "Drabble #3: Nox", "1. Frost", a line holding only a number or roman numeral.

const NUMBER_WORDS = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'first', 'second', 'third',
  'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'last', 'final',
];
const NUMBER = `(?:\\d{1,3}[a-z]?|[ivxlc]{1,7}|${NUMBER_WORDS.join('|')})`;
const KEYWORD_HEADING = new RegExp(
  `^(chapter|chap\\.?|ch\\.?|part|pt\\.?|book|section|episode|act|drabble|ficlet|story)\\s*#?\\s*(${NUMBER})\\b(?:\\s*(?:\\/|of)\\s*(?:\\d{1,3}|\\?|[a-z]+))?\\s*(?:[:.\\-–—)]\\s*(.*?))?\\s*[:.]?$`,
  'i',
);
const SPECIAL_HEADING = /^(prologue|epilogue|interlude|coda|afterword|preface|introduction)\b(?:\s*[:.\-–—]\s*(.*?))?\s*[:.]?$/i;
const NUMBERED_HEADING = /^(?:#\s*)?(\d{1,3})[.):]\s+(\S[^.!?]{0,60})$/;
const BARE_NUMBER = /^[#~*=\s[(-]*(\d{1,3}|[IVXLC]{1,7})[#~*=\s\])-]*\.?$/;

export interface ChapterDraft {
  title: string | null;
  paragraphs: string[];
}

export interface Heading {
  title: string;
  /** Headings that need company to count ("1. Frost", a bare "II"): alone they may be prose. */
  weak: boolean;
}

export function matchHeading(paragraph: string): Heading | null {
  if (paragraph.includes('\n') || paragraph.length > 80 || splitCount(paragraph) > 12) return null;
  const text = paragraph.replace(/^[*_~=#\s[]+|[*_~=#\s\]]+$/g, '').trim();
  const keyword = KEYWORD_HEADING.exec(text);
  if (keyword) {
    const subtitle = keyword[3]?.trim();
    if (/^(drabble|ficlet|story)$/i.test(keyword[1] ?? '') && subtitle) return { title: subtitle, weak: false };
    if (subtitle && /[.!?]["”]?$/.test(subtitle) && splitCount(subtitle) > 6) return null;
    return { title: text.replace(/\s*[:.]$/, ''), weak: /^(story|act|book)$/i.test(keyword[1] ?? '') };
  }
  const special = SPECIAL_HEADING.exec(text);
  if (special) return { title: text.replace(/\s*[:.]$/, ''), weak: false };
  if (NUMBERED_HEADING.test(text) && !/[.!?,;]$/.test(text)) return { title: text, weak: true };
  if (BARE_NUMBER.test(paragraph.trim())) return { title: text.replace(/\.$/, ''), weak: true };
  return null;
}

/** Splits paragraphs at chapter headings; text before the first heading is an untitled chapter.
 *  `breaks`: paragraphs that open an untitled chapter after a titled one (a title card). */
export function splitChapters(paragraphs: string[], breaks: ReadonlySet<number> = new Set()): ChapterDraft[] {
  const headings = paragraphs.map((p) => matchHeading(p));
  const strong = headings.filter((h) => h && !h.weak).length;
  const weak = headings.filter((h) => h?.weak).length;
  const useWeak = weak >= 2;
  const chapters: ChapterDraft[] = [];
  let current: ChapterDraft = { title: null, paragraphs: [] };
  paragraphs.forEach((paragraph, index) => {
    if (breaks.has(index) && current.title !== null) {
      chapters.push(current);
      current = { title: null, paragraphs: [] };
    }
    const heading = headings[index];
    if (heading && (!heading.weak || useWeak) && (strong + (useWeak ? weak : 0)) > 0) {
      if (current.paragraphs.length > 0 || current.title !== null) chapters.push(current);
      current = { title: heading.title, paragraphs: [] };
    } else current.paragraphs.push(paragraph);
  });
  chapters.push(current);
  return chapters
    .map((chapter) => ({ ...chapter, paragraphs: trimBreaks(chapter.paragraphs) }))
    .filter((chapter) => chapter.paragraphs.length > 0);
}

/** Splits one chapter at its scene breaks (used for drabble collections). */
export function splitAtBreaks(paragraphs: string[]): string[][] {
  const pieces: string[][] = [[]];
  for (const paragraph of paragraphs) {
    if (paragraph === SCENE_BREAK) pieces.push([]);
    else pieces[pieces.length - 1]?.push(paragraph);
  }
  return pieces.filter((piece) => piece.length > 0);
}
