import { describe, expect, it } from 'vitest';
import { cutTrailer, leadAdvertLength } from './footer.ts';

// Invented adverts in the shapes list services put at the top and foot of posts.
describe('list adverts', () => {
  it('measures a framed advert at the top of a message', () => {
    const lines = ['', '-------- Example Sponsor --------', 'Cheap lamps! Click here http://ads.example.com/1', '----------------------------', '', 'Title: Lamps'];
    expect(leadAdvertLength(lines)).toBe(5);
    const onelist = ['----------------------------', 'ONElist: talk about what you love.', '----------------------------', 'Title: Lamps'];
    expect(leadAdvertLength(onelist)).toBe(3);
  });
  it('leaves a ruled title card alone', () => {
    expect(leadAdvertLength(['----------------------------', 'Lamps, by Jane Roe', 'http://roe.example.com', '----------------------------', 'Text.'])).toBe(0);
  });
  it('cuts a framed service advert at the foot', () => {
    const lines = ['The story ends.', '', '----------------------------', 'eGroups: free lists for all', '----------------------------'];
    expect(cutTrailer(lines).lines).toEqual(['The story ends.', '']);
    expect(cutTrailer(['The story ends.', '----------------------------', 'Click here for my site.']).lines).toHaveLength(3);
  });
});
