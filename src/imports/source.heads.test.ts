import { describe, expect, it } from 'vitest';
import type { ImportedWork } from '../legacy/legacy.types.ts';
import { parsePaths } from '../legacy/parse.ts';
import { addressInHead, creatorAddresses, type ContactCache } from './source.heads.ts';

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
