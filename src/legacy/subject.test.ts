import { describe, expect, it } from 'vitest';
import { findPartMarker, parseSubject } from './subject.ts';

describe('parseSubject', () => {
  it('reads list tag, status, title, part, rating and pairing', () => {
    expect(parseSubject('[svfic] NEW: Harvest Moon (1/3) [PG-13] Clark/Lex')).toEqual({
      isReply: false, listTag: 'svfic', prefixes: ['NEW'], title: 'Harvest Moon', part: { number: 1, total: 3 }, rating: 'PG-13', pairing: 'Clark/Lex', isLastPart: false,
    });
  });

  it('finds the rating bracket after a part bracket', () => {
    const subject = parseSubject('[dsfic] Ice Road (2/2) [PG-13] Fraser/Kowalski');
    expect(subject.rating).toBe('PG-13');
    expect(subject.pairing).toBe('Fraser/Kowalski');
    expect(subject.part).toEqual({ number: 2, total: 2 });
  });

  it('marks replies', () => {
    expect(parseSubject('Re: [svfic] NEW: Harvest Moon (1/3)').isReply).toBe(true);
    expect(parseSubject('[svfic] RE: Harvest Moon').isReply).toBe(true);
  });

  it('keeps a slash in a title from becoming a pairing', () => {
    const subject = parseSubject('Before/After: The Return (1/2) [R]');
    expect(subject.title).toBe('Before/After: The Return');
    expect(subject.pairing).toBeNull();
    expect(subject.rating).toBe('R');
  });

  it('reads roman-numeral sequels and unknown totals', () => {
    const subject = parseSubject('NEW: Trust Me II: Rain (1/?) (NC-17)');
    expect(subject.title).toBe('Trust Me II: Rain');
    expect(subject.part).toEqual({ number: 1, total: null });
    expect(subject.rating).toBe('NC-17');
  });

  it('cleans quotes and trailing punctuation from titles', () => {
    expect(parseSubject('FIC: "Quoted Title" [R] Jim/Blair').title).toBe('Quoted Title');
    expect(parseSubject('[SV] Harvest Moon, part 2 of 3 (PG-13) Clark/Lex')).toMatchObject({ title: 'Harvest Moon', listTag: 'SV', part: { number: 2, total: 3 } });
  });

  it('reads a bare pairing in brackets after the part', () => {
    const subject = parseSubject('NEW: Rations (R) 1/1 [Mulder/Krycek]');
    expect(subject).toMatchObject({ title: 'Rations', rating: 'R', pairing: 'Mulder/Krycek', part: { number: 1, total: 1 } });
  });
});

describe('findPartMarker', () => {
  it('reads the usual spellings', () => {
    expect(findPartMarker('Part 2/5')?.marker).toEqual({ number: 2, total: 5 });
    expect(findPartMarker('Chapter 4 of 10')?.marker).toEqual({ number: 4, total: 10 });
    expect(findPartMarker('Title [01/12]')?.marker).toEqual({ number: 1, total: 12 });
    expect(findPartMarker('Part iv/vii')?.marker).toEqual({ number: 4, total: 7 });
    expect(findPartMarker('Harvest Moon (part 1) by Example Writer')?.marker).toEqual({ number: 1, total: null });
    expect(findPartMarker('Endgame was a movie')).toBeNull();
    expect(findPartMarker('Part of me wanted to stay')).toBeNull();
  });
});

describe('decorated subjects (issue 14)', () => {
  it('takes the quoted title, and drops a rating in words, a repost prefix and a description', () => {
    expect(parseSubject('"Harvest Moon" (Rated PG)')).toMatchObject({ title: 'Harvest Moon', rating: 'Rated PG' });
    expect(parseSubject('"Harvest Moon" Farm/Town X-Over (1/3)').title).toBe('Harvest Moon');
    expect(parseSubject('REPOST FOR Example Writer: Harvest Moon pt.1')).toMatchObject({ title: 'Harvest Moon', part: { number: 1 } });
    expect(parseSubject('"Harvest Moon" -- another lame new spoof').title).toBe('Harvest Moon');
    expect(parseSubject('Harvest Moon, a short story.').title).toBe('Harvest Moon');
    expect(parseSubject('Harvest Moon-short story').title).toBe('Harvest Moon');
    expect(parseSubject('Farm fanfic: "Harvest Moon"').title).toBe('Harvest Moon');
    expect(parseSubject('Harvest Moon (PG - language)')).toMatchObject({ title: 'Harvest Moon', rating: 'PG - language' });
  });
});

describe('the part a subject names (issue 14)', () => {
  it('reads a part number closed by a period, and a last part said in words', () => {
    expect(parseSubject('Harvest Moon, part 2.')).toMatchObject({ title: 'Harvest Moon', part: { number: 2, total: null }, isLastPart: false });
    expect(parseSubject('Harvest Moon, PART 4 END')).toMatchObject({ title: 'Harvest Moon', part: { number: 4 }, isLastPart: true });
    expect(parseSubject('Harvest Moon (final part 3)').isLastPart).toBe(true);
    expect(parseSubject('The End of Harvest Moon').isLastPart).toBe(false);
    expect(findPartMarker('END OF PART 1/7.')?.marker).toEqual({ number: 1, total: 7 });
  });
});
