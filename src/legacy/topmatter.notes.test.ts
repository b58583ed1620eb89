import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { findPartMarker } from './subject.ts';
import { findTitleCard } from './titleblock.ts';
import { isNoteText, parseTopMatter } from './topmatter.ts';

// Invented posts: what stands above the story and where the story begins.

const blocksOf = (text: string) => splitBlocks(text.split('\n'));
const prose = [
  '     Rain had been falling on the harbour since noon, and the ferry was',
  'late again.  Wren counted the gulls on the rail while she waited for the',
  'lamps to come on along the pier.',
];

describe('the block above the story', () => {
  it('numbers a post by "(1 of 7 parts)"', () => {
    expect(findPartMarker('The Long Crossing (1 of 7 parts)')?.marker).toEqual({ number: 1, total: 7 });
  });

  it('takes a centred title that names its part for the card under a note, though a note above reads as prose', () => {
    const text = [
      'Nothing strange happens in this one; it is about two old friends and a',
      'long winter, and it came out in a single evening at the kitchen table,',
      'which is my excuse for the commas.',
      '',
      'This is my first posting here; tell me what you think of it.',
      '',
      '\t\t\tThe Long Crossing ... A Harbour Tale (1 of 7 parts)',
      '',
      ...prose,
    ].join('\n');
    const card = findTitleCard(blocksOf(text), isNoteText);
    expect(card?.title).toBe('The Long Crossing ... A Harbour Tale (1 of 7 parts)');
    const top = parseTopMatter(blocksOf(text));
    expect(top.bodyStart).toBe(3);
    expect(top.notes).toHaveLength(2);
  });
});
