import { describe, expect, it } from 'vitest';
import { withoutPageHeaders } from './page.headers.ts';

/** `pages` pages of `perPage` story lines, each headed by `header(page)`. */
function printed(pages: number, perPage: number, header: (page: number) => string): string[] {
  const lines: string[] = [];
  for (let page = 1; page <= pages; page++) {
    lines.push(header(page), '');
    for (let line = 1; line <= perPage; line++) lines.push(`The lamp on page ${page} burned low over line ${line} of the report.`);
  }
  return lines;
}

describe('running page headers', () => {
  it('drops a title and byline repeated at the top of every page, its date written either way, with no blank line above it', () => {
    const dates = ['(Jan. 1995)', '(January 1995)', ''];
    const lines = printed(3, 30, (page) => `HARBOUR STORIES: "The Long Tide" By Wren Example ${dates[page - 1]}`);
    const kept = withoutPageHeaders(lines);
    expect(kept).toHaveLength(lines.length - 3);
    expect(kept.some((line) => line.includes('Wren Example'))).toBe(false);
  });

  it('keeps a refrain sung a few lines apart and a byline that comes once', () => {
    const song = ['Sung by Mary to the tune of the old sea song', 'a line', 'Sung by Mary to the tune of the old sea song', 'a line', 'Sung by Mary to the tune of the old sea song'];
    expect(withoutPageHeaders(song)).toEqual(song);
    const once = printed(1, 40, () => 'The Long Tide by Wren Example');
    expect(withoutPageHeaders(once)).toEqual(once);
  });
});
