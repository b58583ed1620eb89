import { describe, expect, it } from 'vitest';
import { parseSearch } from './search.parser.ts';
import { ftsExpression, tsqueryFor, tsqueryOfWanted } from './search-match.repository.ts';
import type { TextSearch } from './search.types.ts';

function parsed(query: string): TextSearch {
  const result = parseSearch(query);
  if (!result.ok) throw new Error(result.errors);
  return result.value.search;
}

describe('ftsExpression', () => {
  it('quotes every word and phrase, and ANDs them', () => {
    expect(ftsExpression(parsed('green "big rock"'))).toBe('("green") AND ("big rock")');
  });

  it('marks prefixes after the phrase', () => {
    expect(ftsExpression(parsed('kryp* "green ro*"'))).toBe('("kryp" *) AND ("green ro" *)');
  });

  it('limits fields to their columns', () => {
    expect(ftsExpression(parsed('title:rain tag:"Clark Kent/Lex Luthor" creator:lexie summary:storm'))).toBe(
      '{title} : ("rain") AND {tags} : ("clark kent lex luthor") AND {creators} : ("lexie") AND {summary} : ("storm")',
    );
  });

  it('puts the exclusions after one NOT', () => {
    expect(ftsExpression(parsed('dragons -angst -tag:death'))).toBe('(("dragons")) NOT (("angst") OR {tags} : ("death"))');
  });

  it('turns what looks like FTS5 syntax into plain words', () => {
    // OR, AND and NOT are common words here, dropped like any other; brackets separate words.
    expect(ftsExpression(parsed('NEAR(a b) title:xy* OR "y" AND z NOT w'))).toBe(
      '("near a") AND ("b") AND {title} : ("xy" *) AND ("y") AND ("z") AND ("w")',
    );
  });
});

describe('tsquery text', () => {
  it('joins phrase words with <-> and marks prefixes with :*', () => {
    expect(tsqueryFor(parsed('"green rock" kryp* "green ro*"').clauses)).toBe("('green' <-> 'rock') & 'kryp':* & ('green' <-> 'ro':*)");
  });

  it('negates exclusions and restricts title and summary terms to their weights', () => {
    expect(tsqueryFor(parsed('title:rain -summary:"slow burn" -angst').clauses)).toBe("'rain':A & !('slow':C <-> 'burn':C) & !'angst'");
  });

  it('ORs the wanted terms for ranking and highlighting, whatever their field', () => {
    expect(tsqueryOfWanted(parsed('title:rain "green rock" -angst'))).toBe("'rain' | ('green' <-> 'rock')");
  });

  it('leaves no quote, backslash or operator of the user in the query', () => {
    const text = tsqueryFor(parsed(`a'b c\\d e&f g|h !x (j) k:*A`).clauses);
    expect(text).toBe("('a' <-> 'b') & ('c' <-> 'd') & ('e' <-> 'f') & ('g' <-> 'h') & 'x' & 'j' & ('k' <-> 'a')");
  });
});
