import { describe, expect, it } from 'vitest';
import { collapseSpaces, countNonSpaceRuns, firstLetterCode, isSpaceCode, splitCount } from './spaces.ts';

// Each function against the regular expression it stands for.
const SAMPLES = ['', ' ', 'a', '  a  b ', 'one two\tthree\n\nfour', '\u00a0x\u2003y\ufeff', 'end \n', ' \r\n lead', 'a\u3000\u3000b', 'x  '];

/** Texts of letters, punctuation and every kind of white space, from a fixed seed. */
function randomTexts(count: number): string[] {
  const pieces = ['a', 'Bc', '.', '-', '東', '\ud83d\ude00', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b'];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join(''));
}

describe('white space', () => {
  it('takes as space every code unit that \\s matches, and no other', () => {
    for (let code = 0; code < 65536; code++) expect(isSpaceCode(code), `U+${code.toString(16)}`).toBe(/\s/.test(String.fromCharCode(code)));
  });

  it('collapses, splits and counts as the patterns do', () => {
    for (const text of [...SAMPLES, ...randomTexts(2000)]) {
      expect(collapseSpaces(text)).toBe(text.replace(/\s+/g, ' '));
      expect(splitCount(text)).toBe(text.split(/\s+/).length);
      expect(countNonSpaceRuns(text)).toBe(text.match(/\S+/g)?.length ?? 0);
    }
  });

  it('reads the first character after white space, an ASCII capital lowered', () => {
    expect(firstLetterCode('  \tStarring')).toBe('s'.charCodeAt(0));
    expect(firstLetterCode('guest')).toBe('g'.charCodeAt(0));
    expect(firstLetterCode('\u00a0An X story')).toBe('a'.charCodeAt(0));
    expect(firstLetterCode(' \n ')).toBe(-1);
    expect(firstLetterCode('')).toBe(-1);
    for (const text of [...SAMPLES, ...randomTexts(200)]) {
      const first = text.trimStart().charCodeAt(0);
      expect(firstLetterCode(text)).toBe(Number.isNaN(first) ? -1 : first | 32);
    }
  });
});
