import { describe, expect, it } from 'vitest';
import { reviewBody } from './efiction.reviews.ts';
import type { EfictionReview } from './efiction.source.repository.ts';

const review = (overrides: Partial<EfictionReview>): EfictionReview => ({
  id: 1, storyId: 1, type: 'ST', chapterId: 0, reviewer: 'A Reader', reviewerId: 0, text: 'Lovely.', date: null, rating: null, ...overrides,
});

describe('an eFiction review as a comment body', () => {
  it('keeps a star rating as its last line, and drops a rating the site did not give', () => {
    expect(reviewBody(review({ rating: 7 }), 1)).toBe('<p>Lovely.</p><p>Rated 7 out of 10.</p>');
    expect(reviewBody(review({ rating: 7 }), 0)).toBe('<p>Lovely.</p>');
    expect(reviewBody(review({ rating: null }), 1)).toBe('<p>Lovely.</p>');
    expect(reviewBody(review({ rating: 1 }), 2)).toBe('<p>Lovely.</p><p>Liked it.</p>');
    expect(reviewBody(review({ rating: 0 }), 2)).toBe('<p>Lovely.</p>');
  });

  it('cleans the text as any comment is, and leaves out a review with nothing in it', () => {
    expect(reviewBody(review({ text: 'Good <script>alert(1)</script><b>work</b>' }), 0)).toBe('<p>Good <b>work</b></p>');
    expect(reviewBody(review({ text: '  ' }), 0)).toBeNull();
    expect(reviewBody(review({ text: '', rating: 9 }), 1)).toBe('<p>Rated 9 out of 10.</p>');
  });
});
