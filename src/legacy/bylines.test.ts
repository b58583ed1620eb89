import { describe, expect, it } from 'vitest';
import { readDocument } from './document.ts';
import { parseMessage } from './email.ts';
import { bylineWithTitle, copyrightHolder, kindBy, postedFor, postedForAnother, signatureName, withCoAuthor, writtenBy } from './bylines.ts';

const lines = (text: string) => text.split('\n');

describe('posted for someone else', () => {
  it('names the author a poster posts for, across a wrapped line', () => {
    expect(postedFor(lines("NOTE: I'm posting this story for Wren Hollis, who would love\nto hear from you."))).toBe('Wren Hollis');
    expect(postedFor(lines('I am just posting it for Example Writer. Enjoy!'))).toBe('Example Writer');
    expect(postedFor(lines('Ada Fenwick was kind enough to let me post this here.'))).toBe('Ada Fenwick');
    expect(postedFor(lines('A collection of poems. The author is\nWren. Please e-mail her.'))).toBe('Wren');
  });

  it('never names the poster, nor a friend without a name', () => {
    expect(postedFor(lines('THANKS to: Marla, who was kind enough to post this for me;'))).toBeNull();
    expect(postedFor(lines("I didn't write this, I'm just posting it for a friend."))).toBeNull();
    expect(postedFor(lines('She was posting letters for the whole street.'))).toBeNull();
    expect(postedFor(lines('The author is Not Responsible for typos'))).toBeNull();
  });
});

describe('a byline on the title line', () => {
  it('reads the name between the title and an address or a date', () => {
    expect(bylineWithTitle(lines('\nHARVEST MOON      by Example Writer (ew@example.org)   3-9-94\n\nStory.'), 'Harvest Moon')).toBe('Example Writer');
    expect(bylineWithTitle(lines('"Harvest Moon" by Wren Hollis'), 'Harvest Moon')).toBe('Wren Hollis');
    expect(bylineWithTitle(lines('Here follows "Harvest Moon," by Wren Hollis, 9/2/94.  Enjoy!'), 'Harvest Moon')).toBe('Wren Hollis');
  });

  it('needs the title of the work and nothing but a name after "by"', () => {
    expect(bylineWithTitle(lines('Harvest Moon by Example Writer'), 'Porch Light')).toBeNull();
    expect(bylineWithTitle(lines('Harvest Moon by the sea was quiet that year.'), 'Harvest Moon')).toBeNull();
    expect(bylineWithTitle(lines('Harvest Moon by Example Writer'), null)).toBeNull();
    expect(bylineWithTitle(lines('She read "Harvest Moon" by Lamplight Street before bed.'), 'Harvest Moon')).toBeNull();
  });
});

describe('a co-author on the line under the byline', () => {
  it('joins the second name to the first', () => {
    expect(withCoAuthor(lines('Harvest Moon\nby Wren Hollis\nand Ada B. Fenwick\n\nStory.'), ['Wren Hollis'])).toEqual(['Wren Hollis', 'Ada B. Fenwick']);
  });

  it('reads the co-author when each name carries its address', () => {
    const card = 'Harvest Moon\nby Wren Hollis (wren@example.org)\nand Ada Fenwick <ada@example.net>\n\nStory.';
    expect(withCoAuthor(lines(card), ['Wren Hollis'])).toEqual(['Wren Hollis', 'Ada Fenwick']);
    expect(withCoAuthor(lines('by Wren Hollis\nand Ada Fenwick (who read it first)'), ['Wren Hollis'])).toEqual(['Wren Hollis']);
  });

  it('leaves a byline alone when the next line is story', () => {
    expect(withCoAuthor(lines('by Wren Hollis\nand then the rain came.'), ['Wren Hollis'])).toEqual(['Wren Hollis']);
    expect(withCoAuthor(lines('by Wren Hollis\n\nand Ada Fenwick'), ['Wren Hollis'])).toEqual(['Wren Hollis']);
  });
});

describe('a credits card', () => {
  it('reads "written by NAME" alone on its line, an address after it', () => {
    expect(writtenBy(lines('A Story\nstarring\nSomeone as Someone\nwritten by Wren Hollis (wh@example.org)\n'))).toBe('Wren Hollis');
  });

  it('leaves "written by" inside a sentence alone', () => {
    expect(writtenBy(lines('The note was written by Wren Hollis before she left.'))).toBeNull();
    expect(writtenBy(lines('written by hand'))).toBeNull();
  });
});

describe('a line naming the kind of work and its writer', () => {
  it('reads the name up to a dash, a parenthesis or the line end', () => {
    expect(kindBy(lines('\nAn Example / Other crossover story by Wren Hollis - with help from Ada\nFenwick.'))).toBe('Wren Hollis');
    expect(kindBy(lines('A *PARODY* by Ada Fenwick (af@example.org) Copyright (c) 1994.'))).toBe('Ada Fenwick');
  });

  it('leaves a story that mentions a book alone', () => {
    expect(kindBy(lines('He told the story by the fire.'))).toBeNull();
    expect(kindBy(lines('She said, "That story by Wren Hollis was dull."'))).toBeNull();
  });
});

describe('a signature under the story', () => {
  it('names the writer beside the address, a quote in the other column', () => {
    const boxed = ['-- ', 'wren@example.org            /  "The tide waits', 'NightHeron, Keeper of Lamps   \\     for no one."', 'and Old Charts.            /     - a sailor'];
    expect(signatureName(boxed)).toBe('NightHeron');
    expect(signatureName(['-- ', 'Wren Hollis - wren@example.org - finger me for my key'])).toBe('Wren Hollis');
    expect(signatureName(['-- ', 'Wren Hollis//wren@example.org   Member: HSS, LBC'])).toBe('Wren Hollis');
    expect(signatureName(['-- ', 'Cheers, Wren Hollis', 'wren@example.org'])).toBe('Wren Hollis');
  });

  it('names no one from an address alone or a tagline', () => {
    expect(signatureName(['-- ', 'wren@example.org', '"Insert witty quote here."'])).toBeNull();
    expect(signatureName(['-- ', 'wh@example.org', 'the harbour never sleeps'])).toBeNull();
    expect(signatureName(['-- ', 'Wren Hollis'])).toBeNull();
  });

  it('gives the creator of a text that names no sender, unless it is posted for another', () => {
    const creatorsOf = (text: string) => {
      const result = readDocument({ source: 'mem', text, encoding: 'utf-8', addresses: [], repairs: [], htmlTitle: null, mail: null } as never, {});
      return result.kind === 'work' ? result.work.creators : null;
    };
    const story = 'The lamps came on along the pier one by one, and the ferry was late again. Wren counted gulls on the rail and waited for the horn.';
    const signature = ['-- ', 'wren@example.org          /  "The tide waits', 'NightHeron, Keeper of Lamps  \\   for no one."'];
    expect(creatorsOf(['Low Water', '', story, '', story, '', ...signature].join('\n'))).toEqual(['NightHeron']);
    expect(creatorsOf(["I'm posting this story for a friend.", '', 'Low Water', '', story, '', story, '', ...signature].join('\n'))).toEqual([]);
  });

  it('is not the author when the poster says the story is another\'s', () => {
    expect(postedForAnother(lines("I'm posting this for a friend who has no account."))).toBe(true);
    expect(postedForAnother(lines("I didn't write this one, but I loved it."))).toBe(true);
    expect(postedForAnother(lines('Here is my new story. Comments welcome.'))).toBe(false);
  });
});

describe('a copyright notice in the notes', () => {
  it('names the writer, with a year, at the start of its sentence', () => {
    expect(copyrightHolder(['Send comments to me. Copyright 1994 W. H. Hollis. Characters belong to whoever owns them.'])).toBe('W. H. Hollis');
    expect(copyrightHolder(['(C) 1995 Wren "Jay" Hollis'])).toBe('Wren "Jay" Hollis');
    expect(copyrightHolder(['(c) copyright 1994, by Wren Hollis and Ada Fenwick'])).toBe('Wren Hollis and Ada Fenwick');
  });

  it('names no owner of the characters, no company and no notice without a year', () => {
    expect(copyrightHolder(['The Harbour Files is copyright 1994 Wren Hollis.'])).toBeNull();
    expect(copyrightHolder(['Copyright 1994 Gullwing Broadcasting Company.'])).toBeNull();
    expect(copyrightHolder(['The lamps were created by Ada Fenwick. Copyright 1994 Ada Fenwick.'])).toBeNull();
    expect(copyrightHolder(['Copyright Ada Fenwick.', '(c) August 1994'])).toBeNull();
  });

  it('names the writer over the account that sent the post', () => {
    const raw = 'From: gull99@example.org (Gull99)\nSubject: Harbour Songs\nNewsgroups: rec.example\n\nThese are a few songs I wrote one night. Send comments to me. Copyright 1994 W. H. Hollis. The characters belong to their owners.\n\nThe lamps are lit along the pier, the ferry horn is blowing clear, and every gull has gone to sleep but one who keeps the watch for me.\n';
    const result = readDocument(parseMessage(Buffer.from(raw), 'x.eml'), {});
    expect(result.kind === 'work' ? result.work.creators : null).toEqual(['W. H. Hollis']);
  });
});
