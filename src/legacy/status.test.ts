import { describe, expect, it } from 'vitest';
import { announcedParts, holdsEveryPart, partOfPost } from './status.ts';

// Invented notes and headings in the shapes of 1990s posts in parts.

describe('the part a post is', () => {
  it('takes the number from an end marker when nothing else numbered the post', () => {
    expect(partOfPost(null, ['end of part 1/4'], [], null)).toEqual({ number: 1, total: 4 });
    expect(partOfPost({ number: 2, total: 5 }, ['end of part 1/4'], [], null)).toEqual({ number: 2, total: 5 });
  });

  it('fills in a total a note announces for a "Part 1" title line, and only then', () => {
    expect(announcedParts(['"The Keeper" is posted in seven parts, one a day.'])).toBe(7);
    expect(announcedParts(['A 3-part story about the lighthouse.'])).toBe(3);
    expect(announcedParts(['She was in two minds about parts of it.'])).toBeNull();
    expect(partOfPost(null, [], ['Posted in seven parts.'], 'THE KEEPER - Part 1')).toEqual({ number: 1, total: 7 });
    expect(partOfPost(null, [], [], 'THE KEEPER - Part 1')).toBeNull();
  });

  it('knows a first part that holds the last part heading as the whole story', () => {
    const paragraphs = ['Rain came over the point.', 'The Keeper Part 3...Sunday, late', 'The lamp went out.'];
    expect(holdsEveryPart({ number: 1, total: 3 }, paragraphs, [null])).toBe(true);
    expect(holdsEveryPart({ number: 1, total: 3 }, paragraphs.slice(0, 1), [null, 'Part 2'])).toBe(false);
    expect(holdsEveryPart({ number: 1, total: 3 }, [], [null, 'Part Three'])).toBe(false);
    expect(holdsEveryPart({ number: 1, total: 3 }, [], [null, 'Part 3'])).toBe(true);
  });
});
