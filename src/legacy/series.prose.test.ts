import { describe, expect, it } from 'vitest';
import { seriesInProse } from './metadata.ts';

// Invented note lines in the shapes authors wrote a series into.
describe('seriesInProse', () => {
  it('reads the series and position from a sentence', () => {
    expect(seriesInProse('This is part 3 of the Winter series.')).toEqual({ title: 'Winter', position: 3 });
    expect(seriesInProse('Part two of the Lighthouse series')).toEqual({ title: 'Lighthouse', position: 2 });
    expect(seriesInProse("Sequel to 'Title'. Part 2 of the Harbor series")).toEqual({ title: 'Harbor', position: 2 });
    expect(seriesInProse('The second story in my "Salt and Iron" series.')).toEqual({ title: 'Salt and Iron', position: 2 });
  });
  it('needs a position and a capitalised or quoted name', () => {
    expect(seriesInProse('part of the Winter series')).toBeNull();
    expect(seriesInProse('He read part 3 of the manual series')).toBeNull();
  });
});
