import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { undoubleSpacing } from './spacing.ts';
import { isNoteText, parseTopMatter } from './topmatter.ts';

// Invented double-spaced posts: a blank line after each wrapped line, three between paragraphs.

const paragraph = [
  'The ferry came in late that night, and the harbour lamps were already lit',
  'along the whole of the pier when Wren stepped off with her bag over one',
  'shoulder and the rain coming in hard from the west across the water.',
];
const double = (lines: string[]) => lines.flatMap((line) => [line, '']);

describe('double-spaced text', () => {
  const text = [
    'Lamps', '', 'By Ola Nordby', '', '----------------------------------------', '',
    ...double(["Author's Note: a small story about the harbour, written on a train and", 'posted here for the list to read.']), '', '',
    ...double(["I'd rate this story PG for a few words.", 'Nothing worse than that.']), '', '',
    '----------------------------------------', '', '',
    ...Array.from({ length: 10 }, () => [...double(paragraph), '', '']).flat(),
  ];

  it('joins the lines of a paragraph and keeps short lines apart', () => {
    const blocks = splitBlocks(undoubleSpacing(text));
    expect(blocks[0]).toEqual(['Lamps']);
    expect(blocks[1]).toEqual(['By Ola Nordby']);
    expect(blocks.filter((b) => b.length === 3 && b[0] === paragraph[0])).toHaveLength(10);
    // Single-spaced text is left as it is.
    const single = [...paragraph, '', ...paragraph, '', ...paragraph, '', ...paragraph, '', ...paragraph, '', ...paragraph, '', ...paragraph, '', ...paragraph];
    expect(undoubleSpacing(single)).toBe(single);
  });

  it('ends the notes under a card at the rule drawn under them', () => {
    const top = parseTopMatter(splitBlocks(undoubleSpacing(text)));
    expect(top.title).toBe('Lamps');
    expect(top.bodyStart).toBe(7);
    expect(isNoteText("I'd rate this story PG for a few words. Nothing worse than that.")).toBe(true);
  });
});
