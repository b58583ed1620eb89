import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { first, matchLabelLine } from './header.ts';
import { creatorNames, isMetaParagraph, parseTopMatter } from './topmatter.ts';

const top = (text: string) => parseTopMatter(splitBlocks(text.split('\n')));

describe('label lines', () => {
  it('reads the spellings of the period', () => {
    expect(matchLabelLine('*Title:* Porch Light')).toMatchObject({ field: 'title', value: 'Porch Light' });
    expect(matchLabelLine('E-MAIL ADDRESS:   x@example.org')).toMatchObject({ field: 'email' });
    expect(matchLabelLine("Author's Note: thanks")).toMatchObject({ field: 'notes', value: 'thanks' });
    expect(matchLabelLine('A/N: The characters belong to the WB.')).toMatchObject({ field: 'notes' });
    expect(matchLabelLine('Pairing(s): Jim/Blair')).toMatchObject({ field: 'pairing' });
    expect(matchLabelLine('Title: Trust Me II: Water')).toMatchObject({ value: 'Trust Me II: Water' });
    expect(matchLabelLine('Before/After: The Return')).toBeNull();
    expect(matchLabelLine('for the first time he saw it')).toBeNull();
  });
});

describe('top matter', () => {
  it('joins wrapped values and ends at the story', () => {
    const result = top('TITLE:      Harvest Moon\nSUMMARY:    The first frost comes early, and so does an\n            apology nobody asked for.\nARCHIVE: ask first\n\nThe frost came in overnight.');
    expect(first(result.header, 'summary')).toBe('The first frost comes early, and so does an apology nobody asked for.');
    expect(result.bodyStart).toBe(1);
  });

  it('reads a title line and a byline above the labels, in one block or two', () => {
    const joined = top('Harvest Moon\nby Example Writer\nRating: PG\nPairing: Clark/Lex\n\nStory.');
    expect([joined.title, joined.creators]).toEqual(['Harvest Moon', ['Example Writer']]);
    const apart = top('Small Magics\nthree drabbles by Foxglove\n\nFandom: Harry Potter\n\n* * *\n\nDrabble #1: Lumos\n\nText.');
    expect([apart.title, apart.creators, apart.bylineKind]).toEqual(['Small Magics', ['Foxglove'], 'drabbles']);
    expect(apart.bodyStart).toBe(3);
  });

  it('takes notes paragraphs before the story but not the story itself', () => {
    const result = top("by Aelita\n\nThis was written for Ian's Tower of Drabble challenge.\n\nLex hugs her when he enters.");
    expect(result.creators).toEqual(['Aelita']);
    expect(result.title).toBeNull();
    expect(result.notes).toEqual(["This was written for Ian's Tower of Drabble challenge."]);
    expect(result.bodyStart).toBe(2);
  });

  it('does not read prose starting with "By" as a byline', () => {
    expect(top('By evening the fence was whole again, and so, nearly, was he.\n\nEND').creators).toEqual([]);
  });
});

describe('creator names', () => {
  it('drops addresses and splits co-authors', () => {
    expect(creatorNames('Fen Marlowe <fen@example.invalid>')).toEqual(['Fen Marlowe']);
    expect(creatorNames('Wren (wren@example.invalid)')).toEqual(['Wren']);
    expect(creatorNames('Anna Lee and Tom Bell')).toEqual(['Anna Lee', 'Tom Bell']);
  });
});

describe('list chrome above a saved post', () => {
  it('is skipped before the header', () => {
    const result = top('Reply to author | Forward\n\nTitle: Harvest Moon\nRating: PG\n\nThe frost came.');
    expect(first(result.header, 'title')).toBe('Harvest Moon');
    expect(result.bodyStart).toBe(2);
  });
});

describe('a title line with only a note under it', () => {
  it('is the title, and the note is a note', () => {
    const result = top('Harvest Moon\n\nFor Jess, who asked.\n\nThe frost came in overnight, and Clark found it on the fence.');
    expect(result.title).toBe('Harvest Moon');
    expect(result.notes).toEqual(['For Jess, who asked.']);
    expect(result.bodyStart).toBe(2);
  });

  it('is story text when nothing else marks the top matter', () => {
    const result = top('Snow\n\nThe frost came in overnight, and Clark found it on the fence.');
    expect(result.title).toBeNull();
    expect(result.bodyStart).toBe(0);
  });
});

describe('notes above the story (issue 14)', () => {
  it('moves a greeting, a poster\'s introduction and a disclaimer out of the text, and stops at the story', () => {
    const result = top([
      'Hi all,',
      '',
      "Here's my first story for the group. Feedback is welcome, flames are not.",
      '',
      'The characters belong to the studio; no infringement is intended.',
      '',
      'The frost came in overnight, and nobody had covered the beans.',
    ].join('\n'));
    expect(result.notes).toHaveLength(3);
    expect(result.bodyStart).toBe(3);
  });

  it('does not take a story\'s first paragraph for a note', () => {
    expect(isMetaParagraph('The frost came in overnight, and nobody had covered the beans. Mara swore at the sky.')).toBe(false);
    expect(isMetaParagraph('I looked at the field and my brother looked at me.')).toBe(false);
    expect(isMetaParagraph("O'tay! Here's another one by me. I take all the blame.")).toBe(true);
  });
});

describe('titles and bylines without labels (issue 14)', () => {
  it('reads "By." as a byline, and takes neither a header line nor a boxed warning for a title', () => {
    expect(top('Harvest Moon\nBy. Example Writer\n\nThe frost came in overnight.')).toMatchObject({ title: 'Harvest Moon', creators: ['Example Writer'] });
    expect(top('From: (Example Writer)\nby Example Writer\n\nThe frost came in overnight.').title).toBeNull();
    expect(top('*   WARNING! WARNING!   *\nby Example Writer\n\nThe frost came in overnight.').title).toBeNull();
  });
});
