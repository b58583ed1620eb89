// Tokens known to have no lost letter (repair.ts), found without cutting them out of the text: a
// slice and a Map lookup per word was most of that pass. Open addressing on a hash the scan
// computes as it goes; cleared when half full.
//
// A token of up to KEY_LETTERS letters is also read as a number, six bits a letter (under 2^48,
// so a double holds it exactly, and no two tokens share one): its table compares these numbers
// and never touches the strings. Comparing the token with the text cost a cache miss a word on
// real files (24,000 distinct words); three words in four are this short. A longer token is
// confirmed by comparing it with the text in place, so a collision costs a comparison, never a
// missed repair.

const SLOTS = 1 << 16;
const MASK = SLOTS - 1;
export const KEY_LETTERS = 8;

/** The key of a token with one more letter (A-Z or a-z): 1–26 and 33–58 a letter, never 0. */
export function withLetter(key: number, code: number): number {
  return key * 64 + (code - 64);
}

// Short tokens: their keys; 0 is an empty slot.
const shortKeys = new Float64Array(SLOTS);
let shortCount = 0;
// Longer tokens: the hash and the token itself.
const longHash = new Int32Array(SLOTS);
let longToken: (string | undefined)[] = new Array<string | undefined>(SLOTS);
let longCount = 0;

export function isKnownNegative(text: string, start: number, end: number, hash: number, key: number): boolean {
  if (end - start <= KEY_LETTERS) {
    for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
      const found = shortKeys[slot] as number;
      if (found === 0) return false;
      if (found === key) return true;
    }
  }
  for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
    const token = longToken[slot];
    if (token === undefined) return false;
    if (longHash[slot] === hash && token.length === end - start && sameAt(text, start, token)) return true;
  }
}

/** Whether `token` is in `text` at `start` (compared here: a call to startsWith cost more than the loop). */
function sameAt(text: string, start: number, token: string): boolean {
  for (let k = 0; k < token.length; k++) if (token.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

export function rememberNegative(token: string, hash: number, key: number): void {
  if (token.length <= KEY_LETTERS) {
    if (shortCount >= SLOTS / 2) {
      shortKeys.fill(0);
      shortCount = 0;
    }
    let slot = hash & MASK;
    while (shortKeys[slot] !== 0) slot = (slot + 1) & MASK;
    shortKeys[slot] = key;
    shortCount++;
    return;
  }
  if (longCount >= SLOTS / 2) {
    longToken = new Array<string | undefined>(SLOTS);
    longCount = 0;
  }
  let slot = hash & MASK;
  while (longToken[slot] !== undefined) slot = (slot + 1) & MASK;
  longToken[slot] = token;
  longHash[slot] = hash;
  longCount++;
}
