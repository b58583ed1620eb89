import { describe, expect, it } from 'vitest';
import { joinParts, type FileEvent } from './parse.ts';
import { digestBoundaries, splitDigest } from './digest.split.ts';
import type { ImportedWork } from './legacy.types.ts';
import { readCard } from './titlecard.ts';

// Small posts written for these tests, in the layout of a 1994 list digest.
const POST_ONE = [
  'From: wren@example.org (Wren Adler)',
  'Date: Mon, 8 Aug 1994 10:00:00 GMT',
  '',
  'The Lighthouse Keeper, part one.',
  '',
  'Rain came over the point before noon.',
  '',
  '',
].join('\n');
const POST_TWO = [
  'From: wren@example.org (Wren Adler)',
  'Date: Mon, 8 Aug 1994 10:05:00 GMT',
  '',
  'The lamp was lit again by six.',
  '',
].join('\n');

describe('splitDigest', () => {
  it('opens a new post at each header block that follows text, without "From " lines', () => {
    expect(splitDigest(POST_ONE + POST_TWO)).toEqual([POST_ONE, POST_TWO]);
  });

  it('reads a post forwarded straight under the outer header as that message, not a second post', () => {
    const forwarded = ['From: keeper@example.org (Ada)', 'Subject: fwd: a story', '', 'Newsgroups: alt.test.creative', 'From: wren@example.org (Wren)', 'Subject: Harbour', '', 'Rain.'].join('\n');
    expect(digestBoundaries(forwarded)).toEqual([]);
  });

  it('leaves a memo inside a story alone: no address in From, no news field', () => {
    const memo = ['From: wren@example.org', 'Subject: Harbour', '', 'She read the note twice.', '', 'To: Director Hale', 'From: Agent Marsh', 'Subject: the lighthouse', '', 'Nothing found.'].join('\n');
    expect(splitDigest(memo)).toHaveLength(1);
  });
});

function work(source: string, title: string | null, creators: string[], text: string): ImportedWork {
  const words = text.split(' ').length;
  return {
    sources: [source], title, creators, fandoms: [], rating: 'Not Rated', warnings: ['Choose Not To Use Archive Warnings'],
    categories: [], relationships: [], characters: [], freeforms: [], summary: null, notes: null, endNotes: null, disclaimer: null,
    challenge: null, series: null, status: 'unknown', form: 'ficlet', chapters: [{ title: null, text, words }], words, archiveConsent: null,
    provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

async function joined(events: FileEvent[]): Promise<ImportedWork[]> {
  async function* source() {
    yield* events;
  }
  const works: ImportedWork[] = [];
  for await (const event of joinParts(source())) if (event.type === 'work') works.push(event.work);
  return works;
}

describe('posts of one file without part numbers', () => {
  const doc = (source: string, title: string | null, creators: string[], sender: string, text: string): FileEvent => ({
    type: 'document', path: 'saved', source, work: work(source, title, creators, text), part: null,
    groupKey: `${(title ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')}|${sender}`,
  });

  it('joins a later post by the same sender with the same title or none, in file order, under the first byline', async () => {
    const works = await joined([
      doc('saved#1', 'The Lighthouse Keeper', ['Wren Adler'], 'poster@example.org', 'Rain came.'),
      doc('saved#2', null, ['POSTER P'], 'poster@example.org', 'The lamp was lit.'),
      doc('saved#3', 'The Lighthouse Keeper', ['Wren Adler'], 'poster@example.org', 'Morning.'),
    ]);
    expect(works).toHaveLength(1);
    expect(works[0]?.chapters.map((c) => c.text)).toEqual(['Rain came.', 'The lamp was lit.', 'Morning.']);
    expect(works[0]?.creators).toEqual(['Wren Adler']);
  });

  it('keeps posts with other titles, or from another sender, apart', async () => {
    const works = await joined([
      doc('saved#1', 'Carol One', ['Wren'], 'wren@example.org', 'Sing.'),
      doc('saved#2', 'Carol Two', ['Wren'], 'wren@example.org', 'Sing again.'),
      doc('saved#3', null, ['Ada'], 'ada@example.org', 'Hush.'),
    ]);
    expect(works.map((w) => w.title)).toEqual(['Carol One', 'Carol Two', null]);
  });
});

describe('readCard', () => {
  it('reads a parenthesised line under the title as decoration, not title', () => {
    expect(readCard(['\t\tThe Lighthouse Keeper', '\t\t  (A Short Story)', '\t\t   by Wren Adler'])).toMatchObject({ title: 'The Lighthouse Keeper', creators: ['Wren Adler'] });
  });
});

describe('top matter beside a byline', () => {
  it('takes the title over a parenthesised kind line, and a signed poster line is no title', async () => {
    const { parseTopMatter } = await import('./topmatter.ts');
    const top = parseTopMatter([
      ['Posted for a friend without a newsfeed.  --jb'],
      ['\t\tHarbour Nights or "How I Lost One Boat"', '\t\t\t(A Harbour story)', '\t\t\tby Wren Adler'],
      ['The tide had turned before anyone on the pier noticed the boat was gone, and by then it was dark.'],
    ]);
    expect(top.title).toBe('Harbour Nights or "How I Lost One Boat"');
    expect(top.creators).toEqual(['Wren Adler']);
  });
});
