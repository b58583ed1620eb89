import { describe, expect, it } from 'vitest';
import { FANDOMS, fandomByCharacters } from './fandoms.ts';
import { categoriesFor, mapClassification, mapWarnings, NO_WARNINGS_CHOSEN, parsePairings, ratingFromLabel } from './labels.ts';

describe('ratings by whole labels', () => {
  it.each([
    ['Mature', 'Mature'], ['NC17', 'Explicit'], ['NC-17', 'Explicit'], ['R (later parts NC-17)', 'Explicit'],
    ['PG-13 to R', 'Mature'], ['FR15', 'Mature'], ['K+', 'General Audiences'], ['Adult', 'Explicit'],
    ['R, for language and violence in later chapters', 'Mature'], ['G-PG', 'General Audiences'], ['PG13', 'Teen And Up Audiences'],
    ['T', 'Teen And Up Audiences'], ['MA', 'Explicit'], ['Not rated', 'Not Rated'],
  ])('%s → %s', (label, rating) => {
    expect(ratingFromLabel(label)).toBe(rating);
  });

  it('does not read "Gen" or prose as a rating', () => {
    expect(ratingFromLabel('Gen')).toBeNull();
    expect(ratingFromLabel('Restricted')).toBeNull();
  });
});

describe('warnings', () => {
  it('uses archive warnings only when stated', () => {
    expect(mapWarnings([]).warnings).toEqual([NO_WARNINGS_CHOSEN]);
    const mapped = mapWarnings(['slash, death story, language']);
    expect(mapped.warnings).toEqual(['Major Character Death']);
    expect(mapped.freeforms).toEqual(['Language']);
  });
});

describe('pairings', () => {
  it('reads the grammars of the period', () => {
    const { pairings, freeforms, saysGen } = parsePairings('J/B, Jim/Blair/Simon, Duo x Heero, Buffy & Dawn, pre-slash Clark/Lex, Lex/OMC');
    expect(pairings.map((p) => [p.members.join('|'), p.romantic])).toEqual([
      ['J|B', true], ['Jim|Blair|Simon', true], ['Duo|Heero', true], ['Buffy|Dawn', false], ['Clark|Lex', true], ['Lex|Original Male Character', true],
    ]);
    expect(freeforms).toContain('Pre-Slash');
    expect(saysGen).toBe(false);
    expect(parsePairings('none').saysGen).toBe(true);
  });

  it('reads one-word pairing names of their fandoms', () => {
    expect(parsePairings('MSR').pairings).toEqual([{ members: ['Fox Mulder', 'Dana Scully'], romantic: true }]);
    expect(parsePairings('Clex, Spuffy').pairings.map((p) => p.members.join('/'))).toEqual(['Clark Kent/Lex Luthor', 'Spike/Buffy Summers']);
    expect(parsePairings('Angst').pairings).toEqual([]);
  });

  it('derives categories from the characters’ genders, else from the header', () => {
    const of = (value: string, hints: Parameters<typeof categoriesFor>[1] = []) => {
      const { pairings, saysGen } = parsePairings(value);
      return categoriesFor(pairings, hints, saysGen, FANDOMS);
    };
    expect(of('Clark/Lex')).toEqual(['M/M']);
    expect(of('Clark/Lana')).toEqual(['F/M']);
    expect(of('Chloe/Lana')).toEqual(['F/F']);
    expect(of('Buffy & Dawn')).toEqual(['Gen']);
    expect(of('Zed/Quorra', ['M/M'])).toEqual(['M/M']);
    expect(of('Mulder/Scully/Skinner')).toEqual(['Multi']);
  });

  it('sorts classification words into categories and freeforms', () => {
    expect(mapClassification(['V, slash, Angst, Hurt/Comfort'])).toEqual({ categoryHints: ['M/M'], freeforms: ['Angst', 'Hurt/Comfort'] });
  });
});

describe('fandom from a disclaimer', () => {
  it('names the thing the disclaimer says is not the author’s', async () => {
    const { fandomFromDisclaimer } = await import('./metadata.ts');
    expect(fandomFromDisclaimer('Smallville isn’t mine. It belongs to the WB.')).toBe('Smallville');
    expect(fandomFromDisclaimer('All of Harry Potter belongs to J. K. Rowling.')).toBe('Harry Potter');
    expect(fandomFromDisclaimer('The characters of Forever Knight belong to someone else.')).toBe('Forever Knight');
    expect(fandomFromDisclaimer('Blake’s 7 is the property of the BBC.')).toBe("Blake's 7");
    expect(fandomFromDisclaimer('Hornblower belongs to the estate of C. S. Forester.')).toBe('Hornblower');
    expect(fandomFromDisclaimer('They belong to the WB.')).toBeNull();
    // A cast, not a fandom: the fandom whose characters they all are, or none.
    expect(fandomFromDisclaimer('Mulder, Scully and Skinner belong to Chris Carter and 1013 Productions.')).toBe('The X-Files');
    expect(fandomFromDisclaimer('Bob, Alice and Eve belong to themselves.')).toBeNull();
    expect(fandomFromDisclaimer('Not mine; no profit made.')).toBeNull();
  });
});

describe('fandom from a cast', () => {
  it('names the fandom all the characters belong to, and none for strangers', () => {
    expect(fandomByCharacters(['Giles', 'Ethan'])?.name).toBe('Buffy the Vampire Slayer');
    expect(fandomByCharacters(['Mulder', 'Krycek'])?.name).toBe('The X-Files');
    expect(fandomByCharacters(['Giles', 'Krycek'])).toBeNull();
    expect(fandomByCharacters(['Giles'])).toBeNull();
  });
});

describe('AO3 labels', () => {
  it('map to themselves', () => {
    expect(ratingFromLabel('General Audiences')).toBe('General Audiences');
    expect(ratingFromLabel('Teen And Up Audiences')).toBe('Teen And Up Audiences');
    expect(ratingFromLabel('Explicit')).toBe('Explicit');
  });
});

describe('parsePairings: tension words', () => {
  it('reads "M/S UST" as the pairing and a tag', () => {
    const result = parsePairings('M/S UST');
    expect(result.pairings).toEqual([{ members: ['M', 'S'], romantic: true }]);
    expect(result.freeforms).toEqual(['Unresolved Sexual Tension']);
  });
});
