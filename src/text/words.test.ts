import { describe, expect, it } from 'vitest';
import { countLetteredTokens, countWords } from './words.ts';

describe('countWords', () => {
  it('counts runs holding a letter or digit', () => {
    expect(countWords('Lex hugs her when he enters, gently.')).toBe(7);
    expect(countWords('the almost-expulsion -- again')).toBe(3);
    expect(countWords('  1999  ... *  ')).toBe(1);
    expect(countWords('')).toBe(0);
  });

  it('counts every Han, kana and Thai character as one word', () => {
    expect(countWords('東京へ行く')).toBe(5);
    expect(countWords('Clark 東京 Kent')).toBe(4);
    expect(countWords('ภาษาไทย')).toBe(7);
  });

  it('splits a spaced word at an unspaced character', () => {
    expect(countWords('abc東def')).toBe(3);
  });
});

// The definition, as regular expressions: the fast count must agree with it on any text.
function countByPattern(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+/gu)) {
    if (/[\p{L}\p{N}]/u.test(match[0])) count++;
  }
  return count + (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu)?.length ?? 0);
}

describe('countWords against its definition', () => {
  it('agrees on random text of every kind of character', () => {
    const pieces = ['a', 'Z', '9', ' ', '\n', '\t', '\u00a0', '\u3000', '\u2009', '-', '—', '’', 'é', 'e\u0301', 'ß', '東', 'へ', 'カ', 'ไ', '٣', '𝔘', '😀', '\ud800', '\udc00', '.', '*', '\u200b', 'Ⅻ', '\ufeff'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 2000; run++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(countByPattern(text));
    }
  });
});

describe('countLetteredTokens against its definition', () => {
  it('agrees on random text of every kind of character', () => {
    const pieces = ['a', 'Z', '9', ' ', '\n', '\t', '\u00a0', '\u3000', '\u2009', '-', '—', '’', 'é', 'e\u0301', 'ß', '東', 'へ', 'ไ', '\u0e31', '٣', '𝔘', '😀', '\ud800', '\udc00', '.', '\u200b', 'Ⅻ', '\ufeff', '\u1680'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expect(countLetteredTokens(text), JSON.stringify(text)).toBe(text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length);
    }
  });
});
