import { counted } from '../text/plural.ts';

// A challenge's word rule (migration 028): exactly N words (a drabble is exactly 100), at most
// N, or a multiple of N (a double drabble is 200, a tower any stack of them), per chapter or
// per work. The counts are the archive's own (src/text/words.ts, stored on chapters and works),
// so a piece passes here exactly when the count readers see says it should.

export type WordRuleKind = 'exactly' | 'at_most' | 'multiple_of';
export type WordRuleScope = 'chapter' | 'work';

export interface WordRule {
  kind: WordRuleKind;
  count: number;
  scope: WordRuleScope;
}

export interface WordCounts {
  work: number;
  /** Each chapter's count, in order. */
  chapters: number[];
}

/** The rule a collection row carries, or null when it has none. */
export function wordRuleOf(row: { wordRule: string | null; wordRuleCount: number | null; wordRuleScope: string | null }): WordRule | null {
  if (row.wordRule === null || row.wordRuleCount === null) return null;
  return { kind: row.wordRule as WordRuleKind, count: row.wordRuleCount, scope: (row.wordRuleScope ?? 'work') as WordRuleScope };
}

/** "exactly 100 words per chapter", for settings pages and messages. */
export function describeWordRule(rule: WordRule): string {
  const words = counted(rule.count, 'word');
  const what = rule.kind === 'exactly' ? `exactly ${words}` : rule.kind === 'at_most' ? `at most ${words}` : `a multiple of ${words}`;
  return `${what} per ${rule.scope}`;
}

/** How one piece of `words` words misses the rule, or null when it keeps it. */
function missOf(rule: WordRule, words: number): string | null {
  if (rule.kind === 'exactly') {
    if (words === rule.count) return null;
    const by = Math.abs(words - rule.count);
    return `${counted(words, 'word')}: ${counted(by, 'word')} ${words > rule.count ? 'too many' : 'short'} of exactly ${rule.count}`;
  }
  if (rule.kind === 'at_most') return words <= rule.count ? null : `${counted(words, 'word')}: ${counted(words - rule.count, 'word')} over the limit of ${rule.count}`;
  const over = words % rule.count;
  if (words > 0 && over === 0) return null;
  const down = words - over;
  const up = down + rule.count;
  const nearest = down > 0 ? ` (cut ${counted(over, 'word')} for ${down}, or add ${up - words} for ${up})` : ` (add ${up - words} for ${up})`;
  return `${counted(words, 'word')}: not a multiple of ${rule.count}${nearest}`;
}

/**
 * Null when the work keeps the rule; otherwise a message naming each piece that misses and by
 * how many words ("Chapter 3 has 104 words: 4 words too many of exactly 100.").
 */
export function wordRuleMiss(rule: WordRule, counts: WordCounts): string | null {
  if (rule.scope === 'work') {
    const miss = missOf(rule, counts.work);
    return miss && `This work has ${miss}.`;
  }
  const misses = counts.chapters.flatMap((words, i) => {
    const miss = missOf(rule, words);
    return miss ? [`Chapter ${i + 1} has ${miss}.`] : [];
  });
  if (misses.length === 0) return null;
  const shown = misses.slice(0, 5).join(' ');
  return misses.length > 5 ? `${shown} And ${misses.length - 5} more chapters miss the rule.` : shown;
}
