import { isSpaceCode } from './spaces.ts';

// The word count of the import contract (docs/import-contract.md, "Words"): a word is
// a run of non-space characters holding at least one letter or digit; every Han, Hiragana,
// Katakana and Thai character is a word of its own, since those scripts do not space words.
//
// Counted in one pass over the characters, without a match object per word: the importer
// counts every paragraph of every file, and the regular-expression version (kept in the
// tests as the definition) was a tenth of an import's CPU time, much of it in the garbage
// collector. The classes come from the same Unicode properties, looked up once per character.
const SPACE = /^\s$/u;
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

// Character classes.
const OTHER = 0;
const LETTER_OR_DIGIT_CLASS = 1;
const SPACE_CLASS = 2;
const UNSPACED_CLASS = 3;
type CharClass = 0 | 1 | 2 | 3;

function classify(character: string): CharClass {
  if (SPACE.test(character)) return SPACE_CLASS;
  if (UNSPACED.test(character)) return UNSPACED_CLASS;
  return LETTER_OR_DIGIT.test(character) ? LETTER_OR_DIGIT_CLASS : OTHER;
}

const ASCII = Array.from({ length: 128 }, (_, code) => classify(String.fromCharCode(code)));
const classes = new Map<number, CharClass>();

function classOf(codePoint: number): CharClass {
  let found = classes.get(codePoint);
  if (found === undefined) {
    found = classify(String.fromCodePoint(codePoint));
    classes.set(codePoint, found);
  }
  return found;
}

// ASCII, most of most texts, is read without a branch (a space ends a word, a letter or digit
// marks one): where words end in prose is too irregular for the processor to guess, and the
// branches took twice the time.
const ASCII_SPACE = Uint8Array.from(ASCII, (kind) => (kind === SPACE_CLASS ? 1 : 0));
const ASCII_LETTER = Uint8Array.from(ASCII, (kind) => (kind === LETTER_OR_DIGIT_CLASS ? 1 : 0));

export function countWords(text: string): number {
  let count = 0;
  // 1 while the word being read holds a letter or digit (and so will count when it ends).
  let hasLetter = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const space = ASCII_SPACE[code] as number;
      count += hasLetter & space;
      hasLetter = (hasLetter | (ASCII_LETTER[code] as number)) & (space ^ 1);
      continue;
    }
    // A surrogate pair is one character; a lone surrogate is one of its own, as in a /u pattern
    // (codePointAt reads a pair as one code point and a lone surrogate as itself).
    const point = text.codePointAt(i) as number;
    if (point > 0xffff) i++;
    const kind = classOf(point);
    if (kind === SPACE_CLASS || kind === UNSPACED_CLASS) {
      count += hasLetter;
      hasLetter = 0;
      if (kind === UNSPACED_CLASS) count++;
    } else if (kind === LETTER_OR_DIGIT_CLASS) hasLetter = 1;
  }
  return count + hasLetter;
}

const letterOrDigit = new Map<number, boolean>();

function isLetterOrDigit(codePoint: number): boolean {
  let found = letterOrDigit.get(codePoint);
  if (found === undefined) {
    found = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
    letterOrDigit.set(codePoint, found);
  }
  return found;
}

/**
 * Tokens between white space that hold a letter or digit: the number
 * `text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length` gives, without an
 * array and a test per token. Unlike countWords, a run of Han or Thai is one token.
 */
export function countLetteredTokens(text: string): number {
  let count = 0;
  let hasLetter = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const space = ASCII_SPACE[code] as number;
      count += hasLetter & space;
      hasLetter = (hasLetter | (ASCII_LETTER[code] as number)) & (space ^ 1);
      continue;
    }
    if (isSpaceCode(code)) {
      count += hasLetter;
      hasLetter = 0;
      continue;
    }
    const point = text.codePointAt(i) as number;
    if (point > 0xffff) i++;
    if (isLetterOrDigit(point)) hasLetter = 1;
  }
  return count + hasLetter;
}
