import { describe, expect, it } from 'vitest';
import { splitBlocks } from './body.ts';
import { readDocument } from './document.ts';
import { readCard } from './titlecard.ts';
import { parseTopMatter } from './topmatter.ts';

// Titles read from the shape and place of their lines (issue 14), in invented posts shaped as
// 1990s plain-text fiction was: songs set to a tune, titles underlined, cards after a cold open.

const blocksOf = (text: string) => splitBlocks(text.split('\n'));
const top = (text: string) => parseTopMatter(blocksOf(text));
const prose =
  'Rain had been falling on the harbour since noon, and the ferry was late again. Wren counted the gulls on the rail while she waited for the lamps to come on along the pier.';

function workOf(text: string) {
  const result = readDocument({ source: 'mem', text, encoding: 'utf-8', addresses: [], repairs: [], htmlTitle: null } as never, {});
  if (result.kind !== 'work') throw new Error(`not a work: ${JSON.stringify(result)}`);
  return result.work;
}

describe('a song set to a tune', () => {
  it('reads "filked by:" as a byline, and a saved mail header as no title line', () => {
    expect(readCard(['Harbour Carol', '(Tune: an old sea shanty)', 'filked by: Ros Kell', 'ros@example.org'])).toMatchObject({ title: 'Harbour Carol', creators: ['Ros Kell'] });
    const verse = ['Lamps along the harbour wall,', 'burning low and burning small,', 'and every gull has gone to sleep', 'but one who keeps the watch for me.'].join('\n');
    const text = ['Subj:\tSongs of the harbour', '', 'Harbour Carol', '(Tune: an old sea shanty)', 'filked by: Ros Kell', '', verse, '', verse].join('\n');
    const result = top(text);
    expect(result.title).toBe('Harbour Carol');
    expect(result.creators).toEqual(['Ros Kell']);
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe('Lamps along the harbour wall,');
  });
});

describe('a quoted title signed with a dash', () => {
  it('splits "\'Title\'--Name" into the title and the writer', () => {
    expect(readCard(["              'Low Water'--Ottoline"])).toMatchObject({ title: "'Low Water'", creators: ['Ottoline'] });
    const poem = ['The tide goes out and takes the boats,', 'the gulls go with it, one by one,', 'and I stay on the quay alone', 'until the lamps are lit again.'].join('\n');
    const text = ['A few poems about the sea. The author is Ottoline; send her your comments.', '', "              'Low Water'--Ottoline", '', poem].join('\n');
    expect(top(text)).toMatchObject({ title: "'Low Water'", creators: ['Ottoline'] });
    expect(workOf(text)).toMatchObject({ title: 'Low Water', creators: ['Ottoline'] });
    // A dash inside a title, with no quotes, is the title's.
    expect(readCard(['          Low Water--High Tide'])?.creators).toEqual([]);
  });
});

describe('a byline that says what the piece is', () => {
  it('reads "A *SPOOF* by Name (address) Copyright …" flush under a centred title as the card\'s byline', () => {
    const text = [
      'Found this on the ferry. Read on....',
      '',
      '\t\t\t\tLow Water',
      '\t\t\t\t=========',
      '',
      'A *SPOOF* by Ros Kell (ros@example.org) Copyright (c) 1995.',
      '',
      '[May be distributed freely. All rights reserved. The characters belong to their owners.]',
      '',
      prose,
    ].join('\n');
    const result = top(text);
    expect(result).toMatchObject({ title: 'Low Water', creators: ['Ros Kell'] });
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
  });

  it('reads "An X / Y crossover story by Name - with help from …" under a centred title', () => {
    const text = ['', '                        GULL ISLAND', '', 'A Harbour Lights / Tidewater crossover story by Ros Kell - with help from Ilse', 'Varga.', '', prose, '', prose].join('\n');
    const result = top(text);
    expect(result).toMatchObject({ title: 'GULL ISLAND', creators: ['Ros Kell'] });
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
  });
});

describe('an underlined title', () => {
  it('is the card, flush and under a signed note', () => {
    const aside = 'There are some very obscure references in here, so do not be afraid to ask around about them. Some will be understood by two or three people anywhere.';
    const text = [aside, '', '\t\t\t\t-- J.', 'THE FERRY AT DUSK', '=================', '', prose].join('\n');
    const result = top(text);
    expect(result.title).toBe('THE FERRY AT DUSK');
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe(prose);
  });

  it('is no title when it is a chapter heading or the rule is not its length', () => {
    expect(top(['Prologue', '--------', '', prose].join('\n')).title).toBeNull();
    expect(top(['Some notes first, nothing to worry about.', '', 'Harbour Office', '----------------------------------------', '', prose].join('\n')).title).toBeNull();
  });
});

describe('a card followed by speech', () => {
  it('is the card though the lines of speech under it are short', () => {
    const text = [
      'The harbour master is mine, the rest belong to their owners.',
      '',
      'Before anybody asks... no, and that is all I will say...',
      '',
      'Low Water Again',
      'by Ros Kell',
      '',
      '"The tide waits for nobody, they say..."',
      '',
      '"And for nobody else either..."',
      '',
      prose,
    ].join('\n');
    const result = top(text);
    expect(result).toMatchObject({ title: 'Low Water Again', creators: ['Ros Kell'] });
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe('"The tide waits for nobody, they say..."');
  });
});

describe('a title over a line that says what the piece is', () => {
  it('is the card under any note, centred or flush', () => {
    const note = 'You want to hear something odd? I sent an idea much like this to the producers last winter, and now look at the new season.';
    const centred = [note, '', 'Tell me what you think.', '', '                          The Kelp Man', '                    A Concept for the X-Files', '', prose].join('\n');
    const result = top(centred);
    expect(result.title).toBe('The Kelp Man');
    expect(result.notes).toHaveLength(2);
    expect(blocksOf(centred)[result.bodyStart]?.[0]).toBe(prose);
    expect(top(['The Kelp Man', 'An X-Files story', '', prose].join('\n')).title).toBe('The Kelp Man');
  });

  it('is no card when two title lines stand over it', () => {
    expect(readCard(['The Kelp Man', 'Returns', 'A Concept for the X-Files'])?.described).toBe(false);
  });
});

describe('a title over its writer\'s address and a date', () => {
  it('is the card, not a contact note, and the dateline under it is the story\'s', () => {
    const text = [
      "Author's Note: The harbour and its people are made up. This one is rated PG for language.",
      '',
      'Winter Harbour',
      'Ros Kell@example.org',
      '12/26/94',
      '',
      'Prologue',
      'Tidewater',
      '8:47 PM',
      '',
      prose,
    ].join('\n');
    const result = top(text);
    expect(result.title).toBe('Winter Harbour');
    expect(result.notes.join(' ')).not.toContain('Winter Harbour');
    expect(blocksOf(text)[result.bodyStart]?.[0]).toBe('Prologue');
  });

  it('names the writer the contact line shows, never an address alone', () => {
    expect(readCard(['Winter Harbour', 'Ros Kell@example.org', '12/26/94'])?.creators).toEqual(['Ros Kell']);
    expect(readCard(['Winter Harbour', 'Ros Kell (ros@example.org)'])?.creators).toEqual(['Ros Kell']);
    expect(readCard(['Winter Harbour', 'roskell@example.org', '12/26/94'])?.creators).toEqual([]);
    expect(readCard(['Winter Harbour', 'RosKell@example.org'])?.creators).toEqual([]);
    const text = ['A note: rated PG for language, and the harbour is made up.', '', 'Winter Harbour', 'Ros Kell@example.org', '12/26/94', '', prose].join('\n');
    expect(workOf(text).creators).toEqual(['Ros Kell']);
  });
});

describe('a byline alone over two names', () => {
  it('reads both writers, and the card leaves the text', () => {
    expect(readCard(['HARBOUR FILES', 'by', 'Wren Hollis & Ada Fenwick'])?.creators).toEqual(['Wren Hollis', 'Ada Fenwick']);
    expect(readCard(['HARBOUR FILES', 'by', 'Wren Hollis and the rest of us'])?.creators).toEqual([]);
    const text = ['                 HARBOUR FILES', '', '                       by', '', '           Wren Hollis & Ada Fenwick', '', prose, '', prose].join('\n');
    const work = workOf(text);
    expect(work.creators).toEqual(['Wren Hollis', 'Ada Fenwick']);
    expect(work.chapters[0]?.text.startsWith('Rain had been falling')).toBe(true);
  });
});

describe('a title and its byline on one line', () => {
  it('reads "The Title by Full Name and Full Name" in title case with nothing else around it', () => {
    const text = ['     The Harbour Files by Ros Kell and Ilse Varga', '', '     The Place:     THE PIER', '', prose].join('\n');
    expect(top(text)).toMatchObject({ title: 'The Harbour Files', creators: ['Ros Kell', 'Ilse Varga'] });
  });

  it('leaves prose, a single name and a lower-case line alone', () => {
    expect(top(['Mulder stood by the door', '', prose].join('\n')).creators).toEqual([]);
    expect(top(['Lost by Moonlight', '', prose].join('\n')).creators).toEqual([]);
    expect(top(['Saved by Me and You', '', prose].join('\n')).creators).toEqual([]);
  });
});

describe('a title set flush over indented paragraphs without a blank line', () => {
  const story = [
    '    Wren waited on the quay until the lamps were lit, counting',
    'the gulls on the rail and the boats that did not come in.',
    '    The ferry was late again. It was always late in winter,',
    'when the fog sat on the water like a lid.',
  ];

  it('is the title, and the story starts under it', () => {
    const work = workOf(['Harbour Tales #2', ...story, '', prose].join('\n'));
    expect(work.title).toBe('Harbour Tales #2');
    expect(work.chapters[0]?.text.startsWith('Wren waited on the quay')).toBe(true);
  });

  it('is the story\'s first line when it ends a sentence or the text does not indent its paragraphs', () => {
    expect(workOf(['It was late.', ...story].join('\n')).title).toBeNull();
    expect(workOf(['Harbour Tales', 'Wren waited on the quay until the lamps were lit, counting', 'the gulls on the rail and the boats that did not come in.', 'The ferry was late again.'].join('\n')).title).toBeNull();
  });
});

describe('a title a later part\'s note names', () => {
  it('reads "This is Part 2/2 of my little story, "Title"" as the title', () => {
    const text = ['Hi, all', '', 'This is Part 2/2 of my little story, "Low Water".  For the rest, see Part 1.', '', '-----------------------------------------', '', prose].join('\n');
    expect(top(text).title).toBe('Low Water');
    expect(top(['Here is my new story, "High Water," for the list.', '', '-----------------------------------------', '', prose].join('\n')).title).toBe('High Water');
  });

  it('does not take the story a sequel follows for its title', () => {
    const text = ['Hi, all', '', 'This is the sequel to my story "Low Water". Enjoy.', '', '-----------------------------------------', '', prose].join('\n');
    expect(top(text).title).toBeNull();
  });
});

describe('a title in capitals under a header that names none', () => {
  it('is the title; a line in mixed case there is the story\'s', () => {
    const disclaimer = 'Disclaimer: The harbour and its people belong to nobody but me. Do not mail me about it.';
    const capitals = top([disclaimer, '', 'Here goes nothing..........', '', 'THE LONG CROSSING', '', prose].join('\n'));
    expect(capitals.title).toBe('THE LONG CROSSING');
    const mixed = [disclaimer, '', 'Harbour Office', '', prose].join('\n');
    expect(top(mixed).title).toBeNull();
    expect(blocksOf(mixed)[top(mixed).bodyStart]?.[0]).toBe('Harbour Office');
  });
});

describe('a title card after a cold open', () => {
  const teaser = [prose, '', 'The lamp on the pier went out, and nobody saw who put it out.'];
  const story = 'Two days later the agents stood on the same pier, with the same rain coming down, and neither of them said what they were both thinking about the lamp.';

  it('takes the title over a credits card, and the card leaves the text', () => {
    const text = [
      ...teaser,
      '',
      'LAMPLIGHT',
      '------------------------------------------',
      'A Harbour Lights Story',
      'starring',
      'Someone as the Harbour Master',
      '',
      'written by Ros Kell (ros@example.org)',
      'THE LAMPS ARE WATCHING',
      '------------------------------------------',
      '',
      story,
    ].join('\n');
    const work = workOf(text);
    expect(work.title).toBe('LAMPLIGHT');
    expect(work.creators).toEqual(['Ros Kell']);
    expect(work.chapters).toHaveLength(1);
    const body = work.chapters[0]?.text ?? '';
    expect(body).toContain('nobody saw who put it out.\n\n* * *\n\nTwo days later');
    expect(body).not.toContain('starring');
    expect(body).not.toContain('LAMPLIGHT');
  });

  it('ends a teaser under its own heading where the title stands alone after a scene break', () => {
    const text = ['Lamplight', '', 'By Ros Kell', '', 'Prologue:', '', ...teaser, '', '* * *', '', 'LAMPLIGHT', '', story, '', story].join('\n');
    const work = workOf(text);
    expect(work.chapters.map((chapter) => chapter.title)).toEqual(['Prologue', null]);
    expect(work.chapters[1]?.text.startsWith('Two days later')).toBe(true);
    expect(work.chapters.map((chapter) => chapter.text).join(' ')).not.toContain('LAMPLIGHT');
  });

  it('keeps a line that only happens to be the title inside a scene', () => {
    const text = ['Run', '', 'By Ros Kell', '', prose, '', 'Run.', '', '* * *', '', story].join('\n');
    expect(workOf(text).chapters[0]?.text).toContain('Run.');
  });
});

describe('a line in capitals under a header of the story\'s facts', () => {
  it('is the story\'s dateline, not a title', () => {
    const text = ['Rating: PG', 'Disclaimer: The harbour belongs to nobody but me.', '', 'FBI HEADQUARTERS', '', prose].join('\n');
    expect(top(text).title).toBeNull();
  });
});
