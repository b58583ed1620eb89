import { describe, expect, it } from 'vitest';
import { addressInHead, creatorAddresses, type ContactCache } from '../../src/imports/source.heads.ts';
import { contentHash, plainToStoredHtml } from '../../src/imports/import.service.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';

function work(overrides: Partial<ImportedWork> = {}): ImportedWork {
  return {
    sources: ['a.txt'], title: 'Windows Facing North', creators: ['Marguerite Vale'], fandoms: [], rating: 'Not Rated', warnings: [],
    categories: [], relationships: [], characters: [], freeforms: [], summary: null, notes: null, endNotes: null, disclaimer: null,
    challenge: null, series: null, status: 'unknown', form: 'story', chapters: [{ title: null, text: 'One.\n\nTwo.', words: 2 }], words: 2,
    archiveConsent: null, provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
    ...overrides,
  };
}

describe('stored text of an imported chapter', () => {
  it('keeps paragraphs and line breaks', () => {
    expect(plainToStoredHtml('First line\nsecond line\n\nNew paragraph')).toBe('<p>First line<br />\nsecond line</p>\n<p>New paragraph</p>');
  });

  it('keeps words in angle brackets that look like tags', () => {
    const html = plainToStoredHtml('He grinned. <g>\n\nShe said <b>no</b> & left.');
    expect(html).toContain('&lt;g&gt;');
    expect(html).toContain('&lt;b&gt;no&lt;/b&gt; &amp; left.');
  });
});

describe('content hash', () => {
  it('ignores spacing and normalisation, not the words', () => {
    const base = contentHash(work());
    expect(contentHash(work({ chapters: [{ title: null, text: 'One.\n\n\nTwo. ', words: 2 }], sources: ['b.txt'] }))).toBe(base);
    expect(contentHash(work({ chapters: [{ title: null, text: 'One.\n\nThree.', words: 2 }] }))).not.toBe(base);
    expect(contentHash(work({ creators: ['Someone Else'] }))).not.toBe(base);
  });
});

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
});
