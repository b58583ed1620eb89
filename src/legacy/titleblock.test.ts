import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { matchEndMarker, splitEnding } from './footer.ts';
import { ratingInProse } from './labels.ts';
import { readDocument } from './document.ts';
import { findClosingRule, findTitleCard, indentOf } from './titleblock.ts';
import { readCard } from './titlecard.ts';
import { isNoteText, parseTopMatter } from './topmatter.ts';

// Invented posts in the shapes of 1990s plain-text fiction: notes above a title card, cards
// spread over blocks, rules under a poster's note, ratings written in words.

const blocksOf = (text: string) => splitBlocks(text.split('\n'));
const top = (text: string) => parseTopMatter(blocksOf(text));
const prose =
  'Rain had been falling on the harbour since noon, and the ferry was late again. Wren counted the gulls on the rail while she waited for the lamps to come on along the pier.';

describe('title cards', () => {
  it('reads a centred card with a byline, an address and a date under it', () => {
    const card = readCard(['\t\t\tLanterns at Low Tide', '\t\t\t    By.', '\t\t\tMarit Solberg', '\t\t\t(marit@example.org) 3/14/95']);
    expect(card).toEqual({ title: 'Lanterns at Low Tide', creators: ['Marit Solberg'], byline: true, described: false });
    expect(indentOf('\t  x')).toBe(10);
  });

  it('drops what the piece is and the fandom kicker, keeps a quoted title', () => {
    expect(readCard(['        HARBOUR LIGHTS:', '      "The Long Crossing"', '       by Pell Anders'])?.title).toBe('"The Long Crossing"');
    expect(readCard(['          GULLSONG', '      A Harbour Lights story....', '        by:  Tove Rask'])?.title).toBe('GULLSONG');
    // A card of a title in capitals: a line in capitals is no pen name.
    expect(readCard(['-- J.', 'THE FERRY AT DUSK'])?.creators).toEqual([]);
  });

  it('moves the notes above a card out of the story, however they are worded', () => {
    const text = [
      'Just a small thing I wrote on the train... nothing your gran could not read.',
      '',
      'Send replies to someone@example.org, not to the list.',
      '',
      '            The Ferry at Dusk',
      '',
      '                  by',
      '',
      '             Ilse Varga',
      '',
      prose,
    ].join('\n');
    const result = top(text);
    expect(result.title).toBe('The Ferry at Dusk');
    expect(result.creators).toEqual(['Ilse Varga']);
    expect(result.notes).toHaveLength(2);
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
  });

  it('takes a centred title alone under notes, but not a flush dateline under it', () => {
    const text = ['Mild language only.', '', '                    SALT AND IRON.', '', 'Bergen, 6:40 a.m.', '', prose].join('\n');
    const card = findTitleCard(blocksOf(text), isNoteText);
    expect(card).toMatchObject({ title: 'SALT AND IRON.', creators: [] });
    expect(top(text).title).toBe('SALT AND IRON.');
  });

  it('does not take a centred scene heading below the story’s first scene for a title', () => {
    const scene = Array.from({ length: 4 }, () => prose).join(' ');
    const text = [scene, '', '                    LATER', '', prose].join('\n');
    expect(findTitleCard(blocksOf(text), isNoteText)).toBeNull();
    // A time of day on a card is the story's dateline.
    expect(readCard(['7:55 a.m. Monday', 'Harbour Office'])).toBeNull();
  });
});

describe('a card given twice', () => {
  it('keeps the notes between a post\'s card and the card repeated above the story out of it', () => {
    const text = ['Tidewater', 'by Ros Kell', '', 'My thanks to Ilse, who read it first. Comments to ros@example.org please.', '', '          Tidewater   (1/3)', '          ************', '               by', '            Ros Kell', '', prose].join('\n');
    const result = top(text);
    expect(result.title).toBe('Tidewater');
    expect(result.notes.join(' ')).toContain('My thanks to Ilse');
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
  });

  it('does not join the next drabble of a set, whose card names another title', () => {
    const drabble = 'The tide went out and took the boat with it, and nobody on the quay said a word about it until the lamps were lit.';
    const text = ['Low Water', 'by Ros Kell', '', drabble, '', '          High Water', '            by Ros Kell', '', drabble].join('\n');
    expect(top(text).bodyStart).toBe(1);
  });
});

describe('a rule under the notes', () => {
  it('says where the story starts when the paragraph above it is a note', () => {
    const text = ['Hi all, this is my first post to the group, so be gentle with me.', '', 'Usual disclaimer here.', '', '----------------------------------------', '', prose].join('\n');
    const blocks = blocksOf(text);
    expect(findClosingRule(blocks, isNoteText)).toBe(3);
    expect(blocks[top(text).bodyStart]?.[0]).toBe(prose);
  });

  it('is a scene break when prose stands above it, and an underline under a heading', () => {
    const scene = [prose, '', prose, '', '*****', '', prose].join('\n');
    expect(findClosingRule(blocksOf(scene), isNoteText)).toBeNull();
    expect(findClosingRule(blocksOf(['Prologue', '--------', prose, '', prose].join('\n')), isNoteText)).toBeNull();
  });

  it('reads the title the poster names in "Here follows"', () => {
    const text = ['I thought this one deserved a wider audience.', '', 'Here follows "The Gull Keeper," by a friend, 2/2/95', '', '-----------------------------', '', prose].join('\n');
    expect(top(text).title).toBe('The Gull Keeper');
  });
});

describe('ratings in prose', () => {
  it('reads the forms writers used', () => {
    expect(ratingInProse(['This story is PG 13 for some language.'], '')).toBe('Teen And Up Audiences');
    expect(ratingInProse(["I'd rate this story NC-17 for the fight scenes."], '')).toBe('Explicit');
    expect(ratingInProse(['(PG - language)'], '')).toBe('General Audiences');
    expect(ratingInProse(['Some adult content, R'], '')).toBe('Mature');
    expect(ratingInProse([], 'WARNING!  THIS STORY IS NC-17 Rated!')).toBe('Explicit');
    expect(ratingInProse([], `${prose}\n\n****Mild language, PG-13\n\n${prose}`)).toBe('Teen And Up Audiences');
  });

  it('does not read a rating from narration or lower-case words', () => {
    expect(ratingInProse([], 'The film was rated R, she said, and he laughed.')).toBeNull();
    expect(ratingInProse(['This story is pg and that is that.'], '')).toBeNull();
    expect(ratingInProse(['Nothing a six year-old could not read.'], '')).toBeNull();
    expect(ratingInProse([], 'She had a way with language, PG said, and a temper.')).toBeNull();
  });
});

describe('endings and parts', () => {
  it('reads "Fine" alone as an end marker, not "Fine." said by someone', () => {
    expect(matchEndMarker('Fine')?.status).toBe('complete');
    expect(matchEndMarker('Fine.')).toBeNull();
  });

  it('numbers the post from "This is part 1 of 2" in a note, and rates it from the note', () => {
    const text = [
      'Well, this is part 1 of 2 of a crossover I have been working on. This story is PG 13 for language.',
      '',
      '           "Tidewater"',
      '              By',
      '           Ros Kell',
      '',
      prose,
      '',
      prose,
    ].join('\n');
    const result = readDocument({ source: 'mem', text, encoding: 'utf-8', addresses: [], repairs: [], htmlTitle: null } as never, {});
    expect(result.kind).toBe('work');
    if (result.kind !== 'work') return;
    expect(result.work.title).toBe('Tidewater');
    expect(result.work.creators).toEqual(['Ros Kell']);
    expect(result.work.status).toBe('in-progress');
    expect(result.work.rating).toBe('Teen And Up Audiences');
    expect(result.work.chapters[0]?.text.startsWith('Rain had been falling')).toBe(true);
  });
});

describe('bylines outside a card', () => {
  it('ends the story at a byline after it, and the writer\'s lines under it go with it', () => {
    const ending = splitEnding([prose, 'By Ilse Varga.', 'Keeper of too many lighthouses...', 'Comments welcome...']);
    expect(ending.paragraphs).toEqual([prose]);
    expect(ending.footer[0]).toBe('By Ilse Varga.');
    // Prose that mentions "by" is not a byline.
    expect(splitEnding([prose, 'By evening the fog had lifted from the bay.']).paragraphs).toHaveLength(2);
  });

  it('names the author from "This is a … story by Name." in a note, and keeps a copyright line out of the text', () => {
    const text = ['This is a Harbour Lights story by Ros Kell.', 'No harm meant to anyone.', '', '------------------------------', '(C) copyright 1995, Ros Kell.', '', prose].join('\n');
    const result = top(text);
    expect(result.creators).toEqual(['Ros Kell']);
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
    expect(top(['This is a sequel to the story by Ros Kell.', '', prose].join('\n')).creators).toEqual([]);
  });
});
