import { describe, expect, it } from 'vitest';
import { addressInHead, creatorAddresses, type ContactCache } from '../../src/imports/source.heads.ts';
import { contentHash, plainToStoredHtml } from '../../src/imports/import.service.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { parsePaths } from '../../src/legacy/parse.ts';

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

  it('stores *emphasis* (how the parser writes <i> and <em> of a legacy page) as <em>', () => {
    expect(plainToStoredHtml('It was *never* wrong,\n*she said*.')).toBe('<p>It was <em>never</em> wrong,<br />\n<em>she said</em>.</p>');
    // Text with something tag-like goes through the sanitiser, which keeps <em>.
    expect(plainToStoredHtml('"*Now*," he said. <g> *Then*')).toBe('<p>"<em>Now</em>," he said. &lt;g&gt; <em>Then</em></p>');
  });

  it('leaves asterisks that are not emphasis as they are', () => {
    for (const text of ['* * *', '2*3*4 apples', 'A footnote* here.', '*a star alone', 'two **', 'across *one\n\nparagraph* no']) {
      expect(plainToStoredHtml(text), text).not.toContain('<em>');
    }
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
