import { countWords } from '../text/words.ts';
import { type ChapterDraft, splitAtBreaks } from './chapters.ts';
import type { WorkForm } from './legacy.types.ts';

// Drabbles (research/legacy.md §3.8): stories of exactly 100 words. A collection becomes one work
// with one chapter per drabble, split at separators or headings, or, when the separators were
// lost, at the exact 100-word boundaries that fall on paragraph ends (seed 000).

const DRABBLE_WORDS = 100;
const TOLERANCE = 5;

function isDrabbleLength(words: number): boolean {
  return Math.abs(words - DRABBLE_WORDS) <= TOLERANCE;
}

// Paragraphs are counted several times while pieces are tried; count each once per run.
const counts = new Map<string, number>();

function wordsIn(paragraph: string): number {
  let count = counts.get(paragraph);
  if (count === undefined) {
    count = countWords(paragraph);
    counts.set(paragraph, count);
  }
  return count;
}

function wordsOf(paragraphs: string[]): number {
  return paragraphs.reduce((sum, paragraph) => sum + wordsIn(paragraph), 0);
}

/**
 * Scenes of a story can come near 100 words by chance: when the file says "drabble", most pieces
 * within ±5 words will do; when it does not, every piece must be exactly 100.
 */
function looksLikeCollection(pieces: string[][], mentionsDrabble: boolean): boolean {
  if (pieces.length < 2) return false;
  const counts = pieces.map((piece) => wordsOf(piece));
  if (!mentionsDrabble) return counts.every((count) => count === DRABBLE_WORDS);
  const drabbles = counts.filter((count) => isDrabbleLength(count)).length;
  return drabbles >= 2 && drabbles * 3 >= pieces.length * 2;
}

/** Cuts paragraphs at every multiple of 100 words, if each one falls on a paragraph end. */
export function splitAtHundreds(paragraphs: string[]): string[][] | null {
  const total = wordsOf(paragraphs);
  if (total < 2 * DRABBLE_WORDS || total % DRABBLE_WORDS !== 0) return null;
  const pieces: string[][] = [];
  let current: string[] = [];
  let running = 0;
  for (const paragraph of paragraphs) {
    if (paragraph === '* * *') continue;
    current.push(paragraph);
    running += wordsIn(paragraph);
    if (running % DRABBLE_WORDS === 0 && running > 0) {
      pieces.push(current);
      current = [];
    } else if (Math.floor(running / DRABBLE_WORDS) > pieces.length) return null;
  }
  return current.length === 0 && pieces.length === total / DRABBLE_WORDS ? pieces : null;
}

function isTitleLine(paragraph: string): boolean {
  return wordsIn(paragraph) <= 6 && !paragraph.includes('\n') && !/[.!?,;:"”…]$/.test(paragraph);
}

/** Drabbles that each open with a short title line and then run exactly 100 words. */
export function splitTitledHundreds(paragraphs: string[]): ChapterDraft[] | null {
  const pieces: ChapterDraft[] = [];
  let current: ChapterDraft | null = null;
  let running = 0;
  for (const paragraph of paragraphs) {
    if (paragraph === '* * *') continue;
    if (!current) {
      if (!isTitleLine(paragraph)) return null;
      current = { title: paragraph, paragraphs: [] };
      running = 0;
      continue;
    }
    current.paragraphs.push(paragraph);
    running += wordsIn(paragraph);
    if (running === DRABBLE_WORDS) {
      pieces.push(current);
      current = null;
    } else if (running > DRABBLE_WORDS) return null;
  }
  return current === null && pieces.length >= 2 ? pieces : null;
}

/** A short first line over exactly 100 words is the drabble's own title. */
function withTitle(piece: string[]): ChapterDraft {
  const [first, ...rest] = piece;
  if (first && rest.length > 0 && wordsOf(rest) === DRABBLE_WORDS && wordsIn(first) <= 10 && !/[.!?"”…]$/.test(first)) {
    return { title: first.replace(/^\d+[.)]\s*/, ''), paragraphs: rest };
  }
  return { title: null, paragraphs: piece };
}

export interface DrabbleResult {
  chapters: ChapterDraft[];
  form: WorkForm | null;
  /** How a collection was cut, when it was: its headings, its separators, or exact hundreds. */
  splitBy?: 'headings' | 'separators' | 'hundreds' | 'titles' | null;
  /** countWords of each chapter's paragraphs joined by blank lines (the count is additive). */
  chapterWords?: number[];
}

/**
 * `longForm` says the file names a double or triple drabble: 200 words in one piece are then one
 * story, not two drabbles.
 */
export function detectDrabbles(chapters: ChapterDraft[], mentionsDrabble: boolean, longForm = false): DrabbleResult {
  try {
    const result = detect(chapters, mentionsDrabble, longForm);
    // Counted here anyway; the caller reuses them instead of counting every chapter again.
    return { ...result, chapterWords: result.chapters.map((chapter) => wordsOf(chapter.paragraphs)) };
  } finally {
    counts.clear();
  }
}

function detect(chapters: ChapterDraft[], mentionsDrabble: boolean, longForm: boolean): DrabbleResult {
  if (chapters.length >= 2) {
    const pieces = chapters.map((chapter) => chapter.paragraphs);
    const collection = looksLikeCollection(pieces, mentionsDrabble);
    return { chapters, form: collection ? 'drabble-collection' : null, splitBy: collection ? 'headings' : null };
  }
  const only = chapters[0];
  if (!only) return { chapters, form: null };
  const byBreaks = splitAtBreaks(only.paragraphs);
  const pieces = byBreaks.map(withTitle);
  if (looksLikeCollection(pieces.map((piece) => piece.paragraphs), mentionsDrabble)) return { chapters: pieces, form: 'drabble-collection', splitBy: 'separators' };
  const words = wordsOf(only.paragraphs);
  if (longForm && words % DRABBLE_WORDS === 0 && words <= 3 * DRABBLE_WORDS) return { chapters, form: 'drabble' };
  const byHundreds = splitAtHundreds(only.paragraphs);
  // Two exact hundreds can be chance; from three on, or when the file says drabbles, it is not.
  if (byHundreds && (byHundreds.length >= 3 || mentionsDrabble)) {
    return { chapters: byHundreds.map((paragraphs) => ({ title: null, paragraphs })), form: 'drabble-collection', splitBy: 'hundreds' };
  }
  const titled = splitTitledHundreds(only.paragraphs);
  if (titled && (titled.length >= 3 || mentionsDrabble)) return { chapters: titled, form: 'drabble-collection', splitBy: 'titles' };
  if (words === DRABBLE_WORDS || (mentionsDrabble && isDrabbleLength(words))) return { chapters, form: 'drabble' };
  return { chapters, form: null };
}
