// The word count of the import contract (shared/contracts/import.md, "Words"): a word is
// a run of non-space characters holding at least one letter or digit; every Han, Hiragana,
// Katakana and Thai character is a word of its own, since those scripts do not space words.
const SPACED_WORD = /[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+/gu;
const UNSPACED_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  let count = 0;
  for (const match of text.matchAll(SPACED_WORD)) {
    if (LETTER_OR_DIGIT.test(match[0])) count++;
  }
  const unspaced = text.match(UNSPACED_CHARACTER);
  return count + (unspaced ? unspaced.length : 0);
}
