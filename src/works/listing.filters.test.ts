import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filtersToParams, parseFilters } from './listing.filters.ts';

describe('listing filters', () => {
  it('read the URL and write it back the same', () => {
    const query = 'include=Smallville&include=Angst&exclude=Major+Character+Death&language=en&complete=true&crossover=exclude&words_from=1000&words_to=50000&updated_from=2004-01-01&sort=words';
    const { filters, errors } = parseFilters(new URLSearchParams(query));
    expect(errors).toEqual({});
    expect(filters).toMatchObject({
      include: ['Smallville', 'Angst'],
      exclude: ['Major Character Death'],
      language: 'en',
      complete: true,
      crossover: 'exclude',
      wordsFrom: 1000,
      wordsTo: 50000,
      updatedFrom: '2004-01-01',
      sort: 'words',
      descending: true,
    });
    expect(filtersToParams(filters).toString()).toBe(query);
  });

  it('say what is wrong and leave the wrong filter out', () => {
    const { filters, errors } = parseFilters(new URLSearchParams('words_from=lots&updated_to=31/01/2004&sort=random&language=xx&words_to=5'));
    expect(errors).toMatchObject({ words_from: expect.any(String), updated_to: expect.any(String), sort: expect.any(String), language: expect.any(String) });
    expect(filters.wordsFrom).toBeNull();
    expect(filters.updatedTo).toBeNull();
    expect(filters.sort).toBe('updated');
    expect(filters.wordsTo).toBe(5);
  });

  it('sort titles and creators A to Z unless asked otherwise', () => {
    expect(parseFilters(new URLSearchParams('sort=title')).filters.descending).toBe(false);
    expect(parseFilters(new URLSearchParams('sort=title&order=desc')).filters.descending).toBe(true);
  });

  it('bound what a URL can ask for', () => {
    const many = Array.from({ length: 80 }, (_, i) => `include=tag${i}`).join('&');
    expect(parseFilters(new URLSearchParams(many)).filters.include).toHaveLength(50);
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything else', () => {
    expect(decodeCursor(encodeCursor('2026-01-01T00:00:00.000Z', 42))).toEqual({ value: '2026-01-01T00:00:00.000Z', id: 42 });
    expect(decodeCursor(encodeCursor(1200, 7))).toEqual({ value: 1200, id: 7 });
    for (const bad of ['', 'not base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,-2]').toString('base64url')]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
