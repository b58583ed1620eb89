import { describe, expect, it } from 'vitest';
import { formatSearch, MAX_QUERY_LENGTH, parseSearch, wordsOf } from './search.parser.ts';
import type { ParseResult, SearchClause } from './search.types.ts';

function clauses(query: string): SearchClause[] {
  const result = parseSearch(query);
  if (!result.ok) throw new Error(`expected ${query} to parse: ${result.errors}`);
  return result.value.search.clauses;
}

function roundTrip(query: string): string {
  const result = parseSearch(query);
  return result.ok ? formatSearch(result.value.search) : `error: ${result.errors}`;
}

function message(result: ParseResult): string {
  if (result.ok) throw new Error('expected a message');
  return result.errors;
}

describe('parseSearch', () => {
  it('reads words as an implicit AND, lower-cased', () => {
    expect(clauses('Dragons Krypton')).toEqual([
      { term: { words: ['dragons'], prefix: false }, field: null, exclude: false },
      { term: { words: ['krypton'], prefix: false }, field: null, exclude: false },
    ]);
  });

  it('reads quoted phrases', () => {
    expect(clauses('"green rock" farm')[0]).toEqual({ term: { words: ['green', 'rock'], prefix: false }, field: null, exclude: false });
    expect(roundTrip('"Green  Rock"')).toBe('"green rock"');
  });

  it('reads prefixes, alone and at the end of a phrase', () => {
    expect(clauses('kryp*')[0]!.term).toEqual({ words: ['kryp'], prefix: true });
    expect(clauses('"green ro*"')[0]!.term).toEqual({ words: ['green', 'ro'], prefix: true });
    expect(clauses('"green ro"*')[0]!.term).toEqual({ words: ['green', 'ro'], prefix: true });
  });

  it('ignores a prefix star after a single letter', () => {
    const result = parseSearch('k* dragons');
    expect(result.ok && result.value.search.clauses.map((c) => c.term)).toEqual([
      { words: ['k'], prefix: false },
      { words: ['dragons'], prefix: false },
    ]);
    expect(result.ok && result.value.notes.join(' ')).toContain('at least 2 letters');
  });

  it('reads exclusions of words, phrases and fields', () => {
    expect(roundTrip('dragons -angst -"slow burn" -tag:death')).toBe('dragons -angst -"slow burn" -tag:"death"');
    expect(clauses('dragons -angst')[1]).toEqual({ term: { words: ['angst'], prefix: false }, field: null, exclude: true });
  });

  it('reads field terms, bare and quoted, with aliases', () => {
    expect(clauses('title:Rain')[0]).toEqual({ term: { words: ['rain'], prefix: false }, field: 'title', exclude: false });
    expect(clauses('tag:"Clark Kent/Lex Luthor"')[0]).toEqual({
      term: { words: ['clark', 'kent', 'lex', 'luthor'], prefix: false },
      field: 'tag',
      exclude: false,
      tagName: 'Clark Kent/Lex Luthor',
    });
    expect(roundTrip('creator:lexie author:clark TAGS:angst summary:storm')).toBe('creator:"lexie" creator:"clark" tag:"angst" summary:"storm"');
    expect(roundTrip('title:kryp*')).toBe('title:"kryp"*');
  });

  it('treats unknown fields and punctuation-joined words as phrases', () => {
    expect(roundTrip('colour:green')).toBe('"colour green"');
    expect(roundTrip('hurt/comfort')).toBe('"hurt comfort"');
    expect(roundTrip("Clark's")).toBe('"clark s"');
  });

  it('does not take a hyphen inside a word for exclusion', () => {
    expect(clauses('slow-burn')[0]).toEqual({ term: { words: ['slow', 'burn'], prefix: false }, field: null, exclude: false });
  });

  it('closes an unbalanced quote at the end, with a note', () => {
    const result = parseSearch('dragons "green rock');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(formatSearch(result.value.search)).toBe('dragons "green rock"');
    expect(result.value.notes.join(' ')).toContain('not closed');
    expect(roundTrip('"')).toMatch(/^error: .*no words/);
  });

  it('leaves out a lone minus with a note', () => {
    const result = parseSearch('dragons - angst');
    expect(result.ok && formatSearch(result.value.search)).toBe('dragons angst');
    expect(result.ok && result.value.notes.join(' ')).toContain('on its own');
    expect(message(parseSearch('-'))).toContain('no words');
  });

  it('drops lone common words but keeps them in phrases', () => {
    const result = parseSearch('the dragon of "king of the hill"');
    expect(result.ok && formatSearch(result.value.search)).toBe('dragon "king of the hill"');
    expect(result.ok && result.value.notes.join(' ')).toContain('the, of');
  });

  it('keeps a prefix of one letter and a common word in a field', () => {
    expect(clauses('creator:a*')[0]).toEqual({ term: { words: ['a'], prefix: true }, field: 'creator', exclude: false });
    expect(clauses('title:the')[0]).toEqual({ term: { words: ['the'], prefix: false }, field: 'title', exclude: false });
    expect(clauses('-title:a dragons')[0]).toEqual({ term: { words: ['a'], prefix: false }, field: 'title', exclude: true });
    const result = parseSearch('title:the');
    expect(result.ok && result.value.notes).toEqual([]);
  });

  it('keeps the name a tag: term was typed with, to look it up as a tag', () => {
    expect(clauses('tag:Angst')[0]!.tagName).toBe('Angst');
    expect(clauses('dragons -tag:"Hurt/Comfort"')[1]!.tagName).toBe('Hurt/Comfort');
    expect(clauses('tag:ang*')[0]!.tagName).toBeUndefined();
    expect(clauses('title:Angst')[0]!.tagName).toBeUndefined();
  });

  it('answers a query of only common words with a message', () => {
    expect(message(parseSearch('the and of'))).toContain('only very common words');
  });

  it('refuses a search that only excludes', () => {
    expect(message(parseSearch('-angst -tag:death'))).toContain('cannot only leave things out');
  });

  it('answers an empty or punctuation-only query with a message', () => {
    expect(message(parseSearch('   '))).toContain('Type a word');
    expect(message(parseSearch('!!! ??? ***'))).toContain('no words');
    // A field name with nothing after it is just a word.
    expect(roundTrip('title:')).toBe('title');
  });

  it('answers a 5,000-character query with a message, without throwing', () => {
    const long = 'dragon '.repeat(715).slice(0, 5000);
    expect(long.length).toBe(5000);
    expect(message(parseSearch(long))).toContain(`at most ${MAX_QUERY_LENGTH.toLocaleString('en')}`);
  });

  it('limits the number of terms', () => {
    const many = Array.from({ length: 31 }, (_, i) => `word${i}`).join(' ');
    expect(message(parseSearch(many))).toContain('at most 30');
  });

  it('drops absurdly long words with a note', () => {
    const result = parseSearch(`dragon ${'x'.repeat(150)}`);
    expect(result.ok && formatSearch(result.value.search)).toBe('dragon');
    expect(result.ok && result.value.notes.join(' ')).toContain('longer than');
  });

  it('never lets syntax characters through into words', () => {
    for (const query of ['a"b" OR c', "'; drop table works; --", 'NEAR(a b)', 'x:* & !y | z <-> w', '{title}:x', '\\"\\', 'a\u0000b\u0002c']) {
      const result = parseSearch(query);
      if (!result.ok) continue;
      for (const c of result.value.search.clauses) for (const w of c.term.words) expect(w).toMatch(/^[\p{L}\p{N}\p{M}\p{Co}]+$/u);
    }
  });

  it('keeps letters of every script and composes accents', () => {
    expect(wordsOf('Café naïve Ünïcödé 東京 Москва')).toEqual(['café', 'naïve', 'ünïcödé', '東京', 'москва']);
    expect(wordsOf('cafe\u0301')).toEqual(['café']);
  });
});
