import { describe, expect, it } from 'vitest';
import { checkTagName, fromUrlName, splitTagList, tagPath, toUrlName } from './tag.names.ts';

describe('tag URL names', () => {
  it('escapes like AO3 and round-trips', () => {
    expect(toUrlName('Clark Kent/Lex Luthor')).toBe('Clark Kent*s*Lex Luthor');
    expect(toUrlName('Dr. Who & Rose?')).toBe('Dr*d* Who *a* Rose*q*');
    for (const name of ['A/B', 'x*s*y', 'C#', 'Mr. & Mrs. Smith', '*']) {
      expect(fromUrlName(toUrlName(name))).toBe(name);
    }
  });

  it('percent-encodes the path', () => {
    expect(tagPath(toUrlName('F/M'))).toBe('/tags/F*s*M/works');
    expect(tagPath(toUrlName('Café Au Lait'))).toBe('/tags/Caf%C3%A9%20Au%20Lait/works');
  });
});

describe('tag lists', () => {
  it('splits, tidies and drops repeats regardless of case', () => {
    expect(splitTagList(' Fluff,  angst ,Fluff,, FLUFF , Hurt/Comfort')).toEqual(['Fluff', 'angst', 'Hurt/Comfort']);
  });

  it('refuses names that cannot be tags', () => {
    expect(checkTagName('<script>')).toMatch(/character/);
    expect(checkTagName('---')).toMatch(/letter or digit/);
    expect(checkTagName('x'.repeat(151))).toMatch(/longer/);
    expect(checkTagName('Alternate Universe - Coffee Shop')).toBeNull();
  });
});
