import { describe, expect, it } from 'vitest';
import type { ImportedWork } from '../legacy/legacy.types.ts';
import { parsePaths } from '../legacy/parse.ts';
import { addressInHead, authorInHead, creatorAddresses, dateInHead, plausibleDate, senderIsCreator, type ContactCache } from './source.heads.ts';

function work(overrides: Partial<ImportedWork> = {}): ImportedWork {
  return {
    sources: ['a.txt'], title: 'Windows Facing North', creators: ['Marguerite Vale'], fandoms: [], rating: 'Not Rated', warnings: [],
    categories: [], relationships: [], characters: [], freeforms: [], summary: null, notes: null, endNotes: null, disclaimer: null,
    challenge: null, series: null, status: 'unknown', form: 'story', chapters: [{ title: null, text: 'One.\n\nTwo.', words: 2 }], words: 2,
    archiveConsent: null, provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
    ...overrides,
  };
}

describe('addresses of creators in a file head', () => {
  it('reads an E-mail label, a sender, or a mailto link, and skips list addresses', () => {
    expect(addressInHead('Title: X\nE-MAIL:   Writer@Example.org\n')).toBe('writer@example.org');
    expect(addressInHead('From: Willow Reed <willow@example.net>\nSubject: NEW: X\n')).toBe('willow@example.net');
    expect(addressInHead('<a href="mailto:anselm@example.com">Anselm</a>')).toBe('anselm@example.com');
    expect(addressInHead('From: fic-owner@example.com\n')).toBeNull();
    expect(addressInHead('Title: Nothing here\n')).toBeNull();
  });
});

describe('addresses of creators inside an mbox', () => {
  it('are read from their own message, and only when it names the creator', () => {
    const mbox = 'test/fixtures/imports/lists/prairie.mbox';
    const cache: ContactCache = { mbox: null };
    expect(creatorAddresses(work({ sources: [`${mbox}#2`], creators: ['Ignatius Wren'] }), cache)).toEqual(['ignatius@example.net']);
    expect(creatorAddresses(work({ sources: [`${mbox}#1`], creators: ['Rowena Marsh'] }), cache)).toEqual(['rowena@example.org']);
    // A work whose creator is not named in that message gets no address rather than a wrong one.
    expect(creatorAddresses(work({ sources: [`${mbox}#1`], creators: ['Ignatius Wren'] }), cache)).toEqual([null]);
    expect(creatorAddresses(work({ sources: [`${mbox}#9`], creators: ['Rowena Marsh'] }), cache)).toEqual([null]);
  });

  it('are numbered as the mbox adapter numbers the messages: a story line starting "From" opens none', async () => {
    const mbox = 'test/fixtures/mbox/body-from-line.mbox';
    const sources: string[] = [];
    for await (const event of parsePaths([mbox])) if (event.type === 'work') sources.push(...event.work.sources);
    expect(sources).toEqual([`${mbox}#1`, `${mbox}#2`]);
    const cache: ContactCache = { mbox: null };
    expect(creatorAddresses(work({ sources: [`${mbox}#1`], creators: ['Rowena Marsh'] }), cache)).toEqual(['rowena@example.org']);
    expect(creatorAddresses(work({ sources: [`${mbox}#2`], creators: ['Ignatius Wren'] }), cache)).toEqual(['ignatius@example.net']);
  });
});

describe('the right claimant', () => {
  it('reads addresses whole with a real address parser', () => {
    expect(addressInHead('E-mail: Monture_&_Wicks@magic.ca\n')).toBe('monture_&_wicks@magic.ca');
    expect(addressInHead('From: "Tara O\'Shea" <tara.oshea@example.org>\n')).toBe('tara.oshea@example.org');
    expect(addressInHead('From: Monture_&_Wicks@magic.ca (Monture and Wicks)\n')).toBe('monture_&_wicks@magic.ca');
  });

  it('takes the byline\'s address, or the sender\'s only when the sender is the author', () => {
    expect(authorInHead('From: Willow Reed <willow@example.net>\nSubject: Rain\n', 'Willow Reed')).toEqual({ address: 'willow@example.net', doubt: null });
    expect(authorInHead('From: wreed@example.net\nSubject: Rain\n', 'Willow Reed')).toEqual({ address: 'wreed@example.net', doubt: null });
    const forSomeone = 'From: Pat Poster <pat@example.net>\nSubject: Rain\n\nI am posting this for a friend who has no net access.\n\nRain\nby Willow Reed\n';
    expect(authorInHead(forSomeone, 'Willow Reed')).toEqual({ address: null, doubt: expect.stringMatching(/posted for someone else/) });
    // Even when the creator was taken from the sender's own line.
    expect(authorInHead(forSomeone, 'Pat Poster').address).toBeNull();
    expect(authorInHead('From: Pat Poster <pat@example.net>\n\nRain\nby Willow Reed\n', 'Willow Reed')).toEqual({ address: null, doubt: expect.stringMatching(/may not be the author/) });
    // An address given with the byline is the author's, whoever sent it.
    expect(authorInHead(`${forSomeone}E-mail: willow@example.org\n`, 'Willow Reed')).toEqual({ address: 'willow@example.org', doubt: null });
    expect(authorInHead('Title: Rain\n', 'Willow Reed')).toEqual({ address: null, doubt: null });
  });

  it('matches a sender to a creator by name or by the address\'s own part', () => {
    expect(senderIsCreator({ name: 'Tara O\'Shea', address: 'x@example.org' }, "Tara O'Shea")).toBe(true);
    expect(senderIsCreator({ name: '', address: 'toshea@example.org' }, "Tara O'Shea")).toBe(true);
    expect(senderIsCreator({ name: 'Pat Poster', address: 'pat@example.org' }, 'Willow Reed')).toBe(false);
  });
});

describe('the original date in a head', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads a Date: header or a Posted: label, as a real date between 1960 and now', () => {
    expect(dateInHead('From: A <a@example.org>\nDate: Sat, 14 Sep 2002 21:10:04 -0500\n', now)).toBe('2002-09-15T02:10:04.000Z');
    expect(dateInHead('Title: Rain\nPosted: March 3, 1995\n', now)).toBe(new Date('March 3, 1995').toISOString());
    expect(dateInHead('Date: Mon, 1 Jan 2035 00:00:00 +0000\n', now)).toBeNull();
    expect(dateInHead('Date: 1 Jan 1950\n', now)).toBeNull();
    expect(dateInHead('Date: someday\n', now)).toBeNull();
    expect(plausibleDate('1996-07-04', now)).toBe('1996-07-04T00:00:00.000Z');
  });
});
