import { describe, expect, it } from 'vitest';
import { DIGEST_FULL_POSTS, formatDigest, formatWorkPost, type WorkPostFacts } from './list.format.ts';

const facts: WorkPostFacts = {
  kind: 'new',
  title: 'Harvest\nMoon',
  authors: ['Aelita', 'Hesper Quill'],
  fandoms: ['Smallville'],
  rating: null,
  relationships: [],
  warnings: [],
  summary: 'One.\n\nTwo.',
  words: 12_345,
  chapters: '2/?',
  link: 'https://example.test/works/1',
  isRestricted: false,
};

describe('the classic list format', () => {
  it('keeps each header value on one line and says None where the work has nothing', () => {
    const post = formatWorkPost('L3', facts);
    expect(post.subject).toBe('[L3] NEW: Harvest Moon (2/?)');
    expect(post.body.split('\n').slice(0, 9)).toEqual([
      'Title: Harvest Moon',
      'Author: Aelita, Hesper Quill',
      'Fandom: Smallville',
      'Rating: Not Rated',
      'Pairing: None',
      'Warnings: None',
      'Summary: One. Two.',
      'Words: 12,345',
      'Link: https://example.test/works/1',
    ]);
    // The summary below the header keeps its paragraphs.
    expect(post.body).toContain('\n\nOne.\n\nTwo.\n\nRead it here: https://example.test/works/1\n');
  });

  it('tells a restricted work by its title and link alone', () => {
    const post = formatWorkPost('L3', { ...facts, isRestricted: true, rating: 'Explicit', relationships: ['A/B'] });
    expect(post.subject).toBe('[L3] NEW: Harvest Moon');
    expect(post.body).toBe('Title: Harvest Moon\nLink: https://example.test/works/1\n\nThis work is for readers who are logged in to the archive.\n');
  });

  it('carries the first posts of a digest in full and lists the rest with their links', () => {
    const posts = Array.from({ length: DIGEST_FULL_POSTS + 2 }, (_, i) => ({ subject: `[L3] NEW: Story ${i + 1}`, body: `Body ${i + 1}`, link: `https://example.test/p/${i + 1}` }));
    const digest = formatDigest('L3', '2026-12-03', posts, 'https://example.test/lists/l3');
    expect(digest.subject).toBe(`[L3] Digest for 2026-12-03: ${DIGEST_FULL_POSTS + 2} posts`);
    expect(digest.body).toContain(`  1. NEW: Story 1\n`);
    expect(digest.body).toContain(`Body ${DIGEST_FULL_POSTS}`);
    expect(digest.body).not.toContain(`Body ${DIGEST_FULL_POSTS + 1}`);
    expect(digest.body).toContain(`${DIGEST_FULL_POSTS + 1}. NEW: Story ${DIGEST_FULL_POSTS + 1}\n    https://example.test/p/${DIGEST_FULL_POSTS + 1}`);
  });
});
