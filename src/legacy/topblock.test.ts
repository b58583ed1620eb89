import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { readDocument } from './document.ts';
import type { MailInfo } from './legacy.types.ts';
import { findClosingRule, findTitleCard } from './titleblock.ts';
import { first } from './header.ts';
import { isNoteText, parseTopMatter } from './topmatter.ts';

// Invented posts in the shapes of the block above a 1990s story: notes, a card, a rule.

const blocksOf = (text: string) => splitBlocks(text.split('\n'));
const prose = [
  'Rain had been falling on the harbour since noon, and the ferry was late again. Wren counted',
  'the gulls on the rail while she waited for the lamps to come on along the pier.',
];
const mail = (subject: string): MailInfo => ({
  subject, fromName: 'Ola Poster', fromAddress: null, date: null, messageId: null, listName: null, newsgroups: null, isReply: false,
});
const read = (text: string, subject: string | null = null) => {
  const result = readDocument({ source: 'mem', text, encoding: 'utf-8', addresses: [], repairs: [], htmlTitle: null, mail: subject ? mail(subject) : null }, {});
  if (result.kind !== 'work') throw new Error('no work');
  return result.work;
};

describe('the block above the story', () => {
  it('reads a centred card whose first line starts a few columns short of the rest', () => {
    const blocks = blocksOf(['A note from the poster: please write to the author, not to me.', '', '     The Lamps on the Pier', '          A Harbour story', '            by Wren', '', ...prose].join('\n'));
    expect(findTitleCard(blocks, isNoteText)).toMatchObject({ start: 1, title: 'The Lamps on the Pier', creators: ['Wren'] });
  });

  it('joins a title whose first word the centring pushed to the end of the line above', () => {
    const text = [
      'This is my first story for the list, and I hope you enjoy it; I wrote it in one sitting.',
      '',
      '                                                          A',
      'HARBOUR NIGHT -- Part 1',
      '',
      ...prose,
    ].join('\n');
    const top = parseTopMatter(blocksOf(text));
    expect(top.title).toBe('A HARBOUR NIGHT -- Part 1');
    expect(top.bodyStart).toBe(2);
    // The subject drops the article: the card's title, article and all, is the work's.
    expect(read(text, 'Harbour Night - pt.1').title).toBe('A HARBOUR NIGHT');
    // A signature under a note (a name, an address under it) is no wrapped title.
    const signed = ['Posted for a friend who has no access; send comments to her.', '', '                         Ola', '                         ola@example.org', '', ...prose].join('\n');
    expect(findTitleCard(blocksOf(signed), isNoteText)).toBeNull();
  });

  it('takes a rule under notes that close on a short parting line', () => {
    const text = [
      'Well, say no more. After reading your post I felt I had to write a story about it.',
      '',
      'Note that this is my first posting here, so apologies for the spelling in this story.',
      '',
      'And have fun with it, everyone!',
      '',
      '----------------------------------------',
      '',
      ...prose,
    ].join('\n');
    expect(findClosingRule(blocksOf(text), isNoteText)).toBe(4);
    // In a story, a short line closing a scene above a rule is the story's.
    const story = [...prose, '', ...prose, '', 'She went home, and she slept until the ferry came.', '', '----------------------------------------', '', ...prose].join('\n');
    expect(findClosingRule(blocksOf(story), isNoteText)).toBeNull();
  });

  it('reads an opening that ends in a comma and a content warning as notes', () => {
    expect(isNoteText('Well, here it is at last: my post for the list.')).toBe(true);
    expect(isNoteText('ALERT! This story contains scenes of a sexual nature.')).toBe(true);
    expect(isNoteText('Well, the ferry was late again, and the gulls were loud.')).toBe(false);
  });

  it('reads a labelled line among the lines of a note above the card into the header', () => {
    const text = [
      'Posted for a friend: write to her, not to me.',
      '',
      '\tThe characters are mine, all of them, and so is the harbour here.',
      '\tSUMMARY: Wren waits for a late ferry.',
      '\tThanks to the list for reading it first, and for the coffee.',
      '',
      '     The Lamps on the Pier',
      '            by Wren',
      '',
      ...prose,
    ].join('\n');
    const top = parseTopMatter(blocksOf(text));
    expect(first(top.header, 'summary')).toBe('Wren waits for a late ferry.');
    expect(top.notes.join(' ')).not.toContain('SUMMARY');
    expect(top.notes.join(' ')).toContain('Thanks to the list');
  });
});
