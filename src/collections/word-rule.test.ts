import { describe, expect, it } from 'vitest';
import { describeWordRule, wordRuleMiss, type WordRule } from './word-rule.ts';

const drabble: WordRule = { kind: 'exactly', count: 100, scope: 'chapter' };

describe('word rules', () => {
  it('passes a tower of exact drabbles and names each chapter that misses, and by how much', () => {
    expect(wordRuleMiss(drabble, { work: 300, chapters: [100, 100, 100] })).toBeNull();
    expect(wordRuleMiss(drabble, { work: 301, chapters: [100, 104, 97] })).toBe('Chapter 2 has 104 words: 4 words too many of exactly 100. Chapter 3 has 97 words: 3 words short of exactly 100.');
  });

  it('counts a whole work under a per-work rule', () => {
    expect(wordRuleMiss({ kind: 'exactly', count: 100, scope: 'work' }, { work: 100, chapters: [60, 40] })).toBeNull();
    expect(wordRuleMiss({ kind: 'exactly', count: 100, scope: 'work' }, { work: 101, chapters: [101] })).toBe('This work has 101 words: 1 word too many of exactly 100.');
  });

  it('says how far over a limit a piece goes', () => {
    expect(wordRuleMiss({ kind: 'at_most', count: 500, scope: 'work' }, { work: 500, chapters: [500] })).toBeNull();
    expect(wordRuleMiss({ kind: 'at_most', count: 500, scope: 'work' }, { work: 1_200, chapters: [1_200] })).toBe('This work has 1,200 words: 700 words over the limit of 500.');
  });

  it('offers the nearest multiples, and refuses an empty piece', () => {
    const rule: WordRule = { kind: 'multiple_of', count: 100, scope: 'work' };
    expect(wordRuleMiss(rule, { work: 200, chapters: [200] })).toBeNull();
    expect(wordRuleMiss(rule, { work: 230, chapters: [230] })).toBe('This work has 230 words: not a multiple of 100 (cut 30 words for 200, or add 70 for 300).');
    expect(wordRuleMiss(rule, { work: 0, chapters: [0] })).toBe('This work has 0 words: not a multiple of 100 (add 100 for 100).');
  });

  it('cuts a long list of misses short', () => {
    const message = wordRuleMiss(drabble, { work: 0, chapters: Array.from({ length: 8 }, () => 99) })!;
    expect(message).toContain('Chapter 5 has 99 words');
    expect(message).not.toContain('Chapter 6');
    expect(message).toMatch(/And 3 more chapters miss the rule\.$/);
  });

  it('reads as a setting', () => {
    expect(describeWordRule(drabble)).toBe('exactly 100 words per chapter');
    expect(describeWordRule({ kind: 'multiple_of', count: 1, scope: 'work' })).toBe('a multiple of 1 word per work');
  });
});
