import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { splitAtDisclaimer } from './disclaimer.split.ts';
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
const OWNS = /\bproperty of\b|\bno infringement\b/i;

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

  it('reads a label among indented note paragraphs above the card into the header', () => {
    const text = [
      'Nothing strange happens in this one; it is about two old friends and a',
      'long winter at the kitchen table.',
      '',
      '\tHarbour Lights belongs to its makers; no infringement is intended.',
      '\tThe ferrymen and their quarrels are mine.',
      '\tSUMMARY: Wren waits for a late ferry.',
      '',
      '     The Long Crossing',
      '           by Tove Rask',
      '',
      ...prose,
    ].join('\n');
    const top = parseTopMatter(blocksOf(text));
    expect(top.header.fields.get('summary')).toEqual(['Wren waits for a late ferry.']);
    expect(top.notes.slice(1)).toEqual(['Harbour Lights belongs to its makers; no infringement is intended.', 'The ferrymen and their quarrels are mine.']);
    expect(top.creators).toEqual(['Tove Rask']);
  });
});

describe('a note that runs on into its disclaimer', () => {
  it('keeps the sentences before the announced disclaimer as the note', () => {
    const text =
      "Here's my first try at a story for the group, written on a night I could not sleep. (Picture me at the table at 3 a.m.)  The usual disclaimers apply: the ferrymen are the property of Harbour Films, and no infringement is intended.";
    expect(splitAtDisclaimer(text, (t) => OWNS.test(t))).toEqual({
      note: "Here's my first try at a story for the group, written on a night I could not sleep. (Picture me at the table at 3 a.m.)",
      disclaimer: 'The usual disclaimers apply: the ferrymen are the property of Harbour Films, and no infringement is intended.',
    });
  });

  it('leaves a disclaimer whole when nothing announces it', () => {
    const text = 'This story uses the people of the Harbour Lights series, made by Harbour Films. No infringement is intended.';
    expect(splitAtDisclaimer(text, (t) => OWNS.test(t))).toEqual({ note: null, disclaimer: text });
    expect(splitAtDisclaimer('Thanks to my sister for reading it first.', (t) => OWNS.test(t))).toEqual({ note: 'Thanks to my sister for reading it first.', disclaimer: null });
  });
});
