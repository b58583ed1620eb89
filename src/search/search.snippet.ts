import { escapeHtml } from '../text/html.ts';
import type { SearchClause, SearchTerm } from './search.types.ts';

// The snippet under each result: a few lines around the first match, matches in <mark>.
//
// Built here rather than with FTS5's snippet() or PostgreSQL's ts_headline(): both re-read and
// re-tokenise the whole text and score every window around every hit, which cost 200–300 ms a
// page (10 ms a work) on the synthetic archive's 11,000-word works full of common words, more
// than the whole search. A regular expression stops at the first match, and the snippet is the
// same on both engines. The engine decides what matches; this only finds where to show it, so
// its approximations (accents folded by a table, English endings by a few suffixes) can at
// worst leave a word unhighlighted.

const LETTER = '[\\p{L}\\p{N}\\p{M}]';
const SEPARATOR = '[^\\p{L}\\p{N}\\p{M}]+';
// Characters of context before and after the first match.
const BEFORE = 90;
const AFTER = 190;

/** Accented forms of each Latin letter, from Unicode's decompositions (Latin-1 to Latin Extended Additional). */
const ACCENTED: Map<string, string[]> = (() => {
  const groups = new Map<string, string[]>();
  const ranges: [number, number][] = [[0xc0, 0x24f], [0x1e00, 0x1eff]];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCodePoint(code);
      const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (base.length === 1 && /[a-z]/.test(base) && char.toLowerCase() === char) groups.set(base, [...(groups.get(base) ?? []), char]);
    }
  }
  return groups;
})();

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// Endings the stemmers (Porter on FTS5, Snowball on PostgreSQL) take off; longest first.
const ENDINGS = ['ings', 'ing', 'ies', 'ied', 'ers', 'er', 'es', 'ed', 'ly', 's', 'y'];

const ENDING_PATTERN = [...ENDINGS, 'e'].join('|');

function root(word: string): string {
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) return word.slice(0, -ending.length);
  }
  return word;
}

function letters(word: string): string {
  return [...word].map((ch) => (ACCENTED.has(ch) ? `[${ch}${ACCENTED.get(ch)!.join('')}]` : ch)).join('');
}

function termPattern(term: SearchTerm): string {
  const last = term.words.length - 1;
  const words = term.words.map((word, i) => {
    const folded = fold(word);
    // A prefix matches any ending; other words their root plus one of the endings (dragon, dragons).
    return i === last && term.prefix ? `${letters(folded)}${LETTER}*` : `${letters(root(folded))}(?:${ENDING_PATTERN})?`;
  });
  return `(?<!${LETTER})${words.join(SEPARATOR)}(?!${LETTER})`;
}

/** The pattern of every wanted clause that applies to this text, or null when none does. */
export function matchPattern(clauses: SearchClause[]): RegExp | null {
  const terms = clauses.filter((c) => !c.exclude).map((c) => termPattern(c.term));
  return terms.length === 0 ? null : new RegExp(terms.join('|'), 'giu');
}

/** Escaped HTML of a window of `text` around the first match, every match in the window marked; null without a match. */
export function snippetHtml(text: string, pattern: RegExp | null): string | null {
  if (!pattern) return null;
  pattern.lastIndex = 0;
  const first = pattern.exec(text);
  if (!first) return null;
  let start = Math.max(0, first.index - BEFORE);
  let end = Math.min(text.length, first.index + first[0].length + AFTER);
  // Whole words only at the edges of the window.
  if (start > 0) {
    const space = text.slice(start, first.index).search(/\s/);
    start = space === -1 ? first.index : start + space + 1;
  }
  if (end < text.length) {
    const space = text.slice(first.index + first[0].length, end).search(/\s\S*$/);
    if (space !== -1) end = first.index + first[0].length + space;
  }
  const window = text.slice(start, end);
  let html = '';
  let at = 0;
  pattern.lastIndex = 0;
  for (const match of window.matchAll(pattern)) {
    html += escapeHtml(window.slice(at, match.index)) + `<mark>${escapeHtml(match[0])}</mark>`;
    at = match.index + match[0].length;
  }
  html += escapeHtml(window.slice(at));
  html = html.replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${html}${end < text.length ? ' …' : ''}`;
}
