import { describe, expect, it } from 'vitest';
import { countWords } from './words.ts';

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
