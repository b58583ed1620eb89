import { describe, expect, it } from 'vitest';
import { parseSearch } from './search.parser.ts';
import { matchPattern, snippetHtml } from './search.snippet.ts';

function snippet(text: string, query: string): string | null {
  const parsed = parseSearch(query);
  if (!parsed.ok) throw new Error(parsed.errors);
  return snippetHtml(text, matchPattern(parsed.value.search.clauses));
}

describe('snippetHtml', () => {
  it('marks words, phrases and prefixes', () => {
    expect(snippet('The green rock glowed.', '"green rock"')).toBe('The <mark>green rock</mark> glowed.');
    expect(snippet('Krypton and Kryptonians.', 'kryp*')).toBe('<mark>Krypton</mark> and <mark>Kryptonians</mark>.');
    expect(snippet('A dragon, two dragons.', 'dragons')).toBe('A <mark>dragon</mark>, two <mark>dragons</mark>.');
  });

  it('matches across accents and case both ways', () => {
    expect(snippet('At the Café, then the cafe.', 'cafe')).toBe('At the <mark>Café</mark>, then the <mark>cafe</mark>.');
    expect(snippet('At the CAFE.', 'café')).toBe('At the <mark>CAFE</mark>.');
  });

  it('does not mark parts of longer words, nor excluded terms', () => {
    expect(snippet('Rocket rocks rock.', 'rock -rocket')).toBe('Rocket <mark>rocks</mark> <mark>rock</mark>.');
  });

  it('escapes the text and the matches', () => {
    expect(snippet('If 3 < 4 & <b>rock</b> "x"', 'rock')).toBe('If 3 &lt; 4 &amp; &lt;b&gt;<mark>rock</mark>&lt;/b&gt; &quot;x&quot;');
  });

  it('shows a window of whole words around the first match', () => {
    const text = `${'before '.repeat(50)}the green rock ${'after '.repeat(80)}`;
    const html = snippet(text, '"green rock"')!;
    expect(html.startsWith('… before')).toBe(true);
    expect(html.endsWith('after …')).toBe(true);
    expect(html).toContain('the <mark>green rock</mark> after');
    expect(html.length).toBeLessThan(340);
  });

  it('answers null without a match', () => {
    expect(snippet('Nothing here.', 'dragon')).toBeNull();
    expect(snippetHtml('anything', null)).toBeNull();
  });
});
