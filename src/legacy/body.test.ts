import { describe, expect, it } from 'vitest';
import { isSeparator, joinLines, splitBlocks, toParagraphs, wrapWidth } from './body.ts';
import { splitChapters } from './chapters.ts';
import { detectDrabbles, splitAtHundreds } from './drabbles.ts';
import { cutTrailer, matchEndMarker, splitEnding } from './footer.ts';

const wrapped = [
  'The rain had not stopped for three days, and the farmhouse smelled of',
  'wet wool and coffee that had been reheated too many times. She stood at',
  'the window and counted the fence posts she could still see.',
  '',
  '"Come away from there," he said, from the doorway of the kitchen, where',
  'he had been standing for some time.',
  '',
  '* * *',
  '',
  'In the morning the sky was the color of an old nickel. He found her in',
  'the kitchen, already dressed, already holding the keys.',
];

describe('paragraphs', () => {
  it('undoes hard wraps and keeps paragraphs apart', () => {
    const blocks = splitBlocks(wrapped);
    expect(wrapWidth(blocks)).toBeGreaterThanOrEqual(60);
    const paragraphs = toParagraphs(blocks);
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toContain('smelled of wet wool and coffee');
    expect(paragraphs[2]).toBe('* * *');
  });

  it('keeps verse line by line', () => {
    const verse = ['And the rain came down', 'and the rain came down', 'and nobody came home'];
    expect(toParagraphs(splitBlocks(verse))).toEqual([verse.join('\n')]);
  });

  it('reads paragraphs marked by indents in text without blank lines', () => {
    const lines = [
      '    The road out of the city ran north along the water, and he drove it',
      'with the window down even though it was November, and she said nothing',
      'about the cold for once.',
      '    "You could put the heater on," she said at last, when they were',
      'almost at the ferry and the light was going from the water and the sky.',
      '    He did not put the heater on. He listened to the tires on the wet',
      'road and to the gulls, and to her breathing, steady and ordinary.',
    ];
    const paragraphs = toParagraphs(splitBlocks(lines));
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[1]).toMatch(/^"You could put the heater on," she said at last, when they were almost at the ferry/);
  });

  it('never ends a paragraph at a word broken at the wrap, however short its line', () => {
    const lines = [
      '  "The ferry goes at seven, and again at nine if the weather holds up,"',
      'she said, and folded the timetable back into the pocket of her coat.',
      '  "Always at nine-',
      'thirty?"',
      '  "More or less, unless the wind is from the north and the captain is',
      'tired, which he is most days by the end of the week," she told him.',
      '  He wrote it down on the back of his hand, because he had no paper with',
      'him, and looked out at the grey water for a long time without a word.',
      '  The gulls were loud over the pier, and the rain came back before the',
      'ferry did, and neither of them moved from the bench by the ticket hut.',
    ];
    const paragraphs = toParagraphs(splitBlocks(lines));
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[1]).toBe('"Always at nine-thirty?"');
    // Ragged lines that show no wrap width are kept one a paragraph, the broken word apart.
    const ragged = ['  "Who knew?"', '  "You did."  He looked at the timetable again for a while.', '"At nine-', 'thirty?"', '  "More or less."', '  "Then I will wait," he said.', '  She nodded.'];
    expect(toParagraphs(splitBlocks(ragged))).toContain('"At nine-thirty?"');
  });

  it('recognises scene separators and not prose or signatures', () => {
    for (const line of ['***', '* * *', '~~~', '-----', '=-=-=-=', 'oOo', '#', '<hr>', '~*~*~']) expect(isSeparator(line)).toBe(true);
    for (const line of ['-- ', 'Endgame was a movie', '"No."']) expect(isSeparator(line)).toBe(false);
  });
});

describe('endings', () => {
  it('reads END and TBC markers and not prose', () => {
    expect(matchEndMarker('END')?.status).toBe('complete');
    expect(matchEndMarker('~ fin ~')?.status).toBe('complete');
    expect(matchEndMarker('-fin-')?.status).toBe('complete');
    expect(matchEndMarker('TBC...')?.status).toBe('in-progress');
    expect(matchEndMarker('continued in part 2')?.status).toBe('in-progress');
    expect(matchEndMarker('[end part 2/5]')?.status).toBeNull();
    expect(matchEndMarker('Endgame was a movie')).toBeNull();
    expect(matchEndMarker('The end of the road was near.')).toBeNull();
  });

  it('moves notes and footers after the marker out of the story', () => {
    const ending = splitEnding(['Story one.', 'Story two.', 'END', 'A/N: thanks to my beta.', 'Feedback to writer@example.org please!']);
    expect(ending.paragraphs).toEqual(['Story one.', 'Story two.']);
    expect(ending.endNotes).toEqual(['A/N: thanks to my beta.']);
    expect(ending.footer).toEqual(['Feedback to writer@example.org please!']);
    expect(ending.status).toBe('complete');
  });

  it('cuts a signature and a Mailman banner', () => {
    const lines = ['Story.', '', '-- ', 'Writer | writer@example.org', '', '____________________', 'list mailing list', 'list@example.org'];
    expect(cutTrailer(lines).lines).toEqual(['Story.', '']);
  });
});

describe('chapters and drabbles', () => {
  it('splits at chapter headings and keeps the heading as the title', () => {
    const chapters = splitChapters(['Chapter One: Boston', 'First.', 'Chapter Two', 'Second.', 'Epilogue', 'Last.']);
    expect(chapters.map((c) => c.title)).toEqual(['Chapter One: Boston', 'Chapter Two', 'Epilogue']);
  });

  it('needs two numbered headings before "1. Frost" counts as one', () => {
    expect(splitChapters(['1. Frost', 'Text.']).map((c) => c.title)).toEqual([null]);
    expect(splitChapters(['1. Frost', 'Text.', '2. Thaw', 'More.']).map((c) => c.title)).toEqual(['1. Frost', '2. Thaw']);
  });

  it('splits a tower of drabbles at exact hundreds that fall on paragraph ends', () => {
    const fifty = Array(50).fill('word').join(' ');
    const pieces = splitAtHundreds([fifty, fifty, fifty, fifty, fifty, fifty]);
    expect(pieces?.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(splitAtHundreds([fifty, `${fifty} extra`, fifty])).toBeNull();
    const result = detectDrabbles([{ title: null, paragraphs: [fifty, fifty, fifty, fifty, fifty, fifty] }], false);
    expect(result.form).toBe('drabble-collection');
    expect(result.chapters).toHaveLength(3);
  });

  it('calls a single story of exactly 100 words a drabble', () => {
    const hundred = Array(100).fill('word').join(' ');
    expect(detectDrabbles([{ title: null, paragraphs: [hundred] }], false).form).toBe('drabble');
  });
});

describe('narrow wraps and titled drabbles', () => {
  it('joins a paragraph wrapped at 40 columns instead of keeping it as verse', () => {
    const block = ['The rain came down over the farm and', 'Clark watched it from the loft for', 'a long time before he went inside.'];
    expect(toParagraphs([block])).toEqual([block.join(' ')]);
  });

  it('splits drabbles that each open with a short title line', () => {
    const hundred = Array(100).fill('word').join(' ');
    const result = detectDrabbles([{ title: null, paragraphs: ['Spring', hundred, 'Summer', hundred] }], true);
    expect(result.form).toBe('drabble-collection');
    expect(result.chapters.map((c) => [c.title, c.paragraphs.length])).toEqual([['Spring', 1], ['Summer', 1]]);
  });
});

describe('footers are told from a story’s last lines', () => {
  it('keeps prose that merely mentions archives, comments or home', async () => {
    const { isFooterParagraph } = await import('./footer.ts');
    for (const prose of ['He closed the archive and went home.', '"No comments, please," he said.', 'Home.', 'She went back to the farm.']) {
      expect(isFooterParagraph(prose)).toBe(false);
    }
    for (const footer of ['Feedback makes Bramble very happy: bramble@example.org', 'Level Three Records Room', 'Back to Fiction | Home', 'Archived at the Bay City Archive.']) {
      expect(isFooterParagraph(footer)).toBe(true);
    }
  });
});

describe('headings without a blank line after them', () => {
  it('stand alone, with a short second line as their subtitle', () => {
    const isHeading = (line: string) => /^Chapter/.test(line);
    expect(toParagraphs([['Chapter One', 'Boston'], ['Text.']], isHeading)).toEqual(['Chapter One: Boston', 'Text.']);
    expect(toParagraphs([['Chapter Two:', 'Sunnydale was sunnier than advertised, and the girl', 'was shorter.']], isHeading)).toEqual([
      'Chapter Two',
      'Sunnydale was sunnier than advertised, and the girl was shorter.',
    ]);
  });
});

describe('separator lines', () => {
  it('always part blocks, even without blank lines around them', () => {
    expect(splitBlocks(['Title: X', 'Author: Y', '----------', 'Story starts here.'])).toEqual([['Title: X', 'Author: Y'], ['----------'], ['Story starts here.']]);
  });
});

describe('words broken at a line end', () => {
  it('joins a broken word without its hyphen when only the joined spelling is a word', () => {
    expect(joinLines(['The new stu-', 'dents waited by the door.'])).toBe('The new students waited by the door.');
  });

  it('keeps the hyphen of a compound, as one word', () => {
    expect(joinLines(['The truck stopped in mid-', 'air, or seemed to.'])).toBe('The truck stopped in mid-air, or seemed to.');
    expect(joinLines(['He had read every X-', 'Files report twice.'])).toBe('He had read every X-Files report twice.');
  });

  it('leaves dashes alone', () => {
    expect(joinLines(['She waited --', 'then left.'])).toBe('She waited -- then left.');
    expect(joinLines(['She waited -', 'then left.'])).toBe('She waited - then left.');
    expect(joinLines(['Number 4-', '7 was empty.'])).toBe('Number 4- 7 was empty.');
  });

  it('mends them in wrapped paragraphs', () => {
    const paragraphs = toParagraphs(splitBlocks([
      'The lights in the hangar went out one row at a time, and the anti-',
      'gravity test rig settled onto its blocks with a sigh that the stu-',
      'dents in the gallery could hear from the back row of the seats there.',
      '',
      'Nobody moved for a long moment after that, and then everyone did.',
    ]));
    expect(paragraphs[0]).toContain('the anti-gravity test rig');
    expect(paragraphs[0]).toContain('that the students in the gallery');
  });
});
