import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash, plainToStoredHtml, rowsOf } from './import.rows.ts';
import type { ImportedWork } from '../legacy/legacy.types.ts';

// The content hash is how a re-import knows a work it stored before, so its value must never
// move: it is SHA-256 of the JSON array of the title, creators and chapters, each with its white
// space collapsed and composed (NFC). The definition is written out here the plain way.
const definition = (work: ImportedWork) => {
  const collapse = (text: string | null) => (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  const parts = [collapse(work.title), ...work.creators.map(collapse), ...work.chapters.flatMap((c) => [collapse(c.title), collapse(c.text)])];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
};

function work(title: string | null, creators: string[], chapters: [string | null, string][]): ImportedWork {
  return {
    sources: ['a.txt'], title, creators, fandoms: [], rating: 'Not Rated', warnings: [], categories: [], relationships: [], characters: [], freeforms: [],
    summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null, series: null, status: 'complete', form: 'story',
    chapters: chapters.map(([t, text]) => ({ title: t, text, words: 1 })), words: 1, archiveConsent: null,
    provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

describe('content hash', () => {
  it.each([
    ['plain ASCII prose', work('Evening Field', ['Ash Reed'], [[null, 'The rain came down.\n\nClark listened.']])],
    ['quotes, backslashes and control characters', work('"Quoted" \\ title', ['A "B"'], [['One', 'He said "no".\u0001\tThen\u000b left.']])],
    ['decomposed accents (NFD) and other scripts', work('Cafe\u0301', ['Zoë'], [[null, 'fac\u0327ade  東京\u00a0and\u2003more']])],
    ['astral characters and a lone surrogate', work(null, [], [[null, 'emoji 😀 and \ud800 alone'], ['Two', '  padded  ']])],
  ])('is the SHA-256 of the JSON of its collapsed parts: %s', (_, subject) => {
    expect(contentHash(subject)).toBe(definition(subject));
  });

  it('ignores how the white space ran, and nothing else', () => {
    const a = work('T', ['X'], [[null, 'one two\n\nthree']]);
    expect(contentHash(work('T', ['X'], [[null, '  one  two three ']]))).toBe(contentHash(a));
    expect(contentHash(work('T', ['X'], [[null, 'one two three.']]))).not.toBe(contentHash(a));
  });

  it('ignores which files the work came from, not its creators', () => {
    const a = work('Windows Facing North', ['Marguerite Vale'], [[null, 'One.\n\nTwo.']]);
    expect(contentHash({ ...a, sources: ['b.txt'] })).toBe(contentHash(a));
    expect(contentHash(work('Windows Facing North', ['Someone Else'], [[null, 'One.\n\nTwo.']]))).not.toBe(contentHash(a));
  });
});

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

describe('pseuds of imported creators', () => {
  it('keep the punctuation of their names', () => {
    expect(rowsOf(work('X', ["Tara O'Shea", 'Monture & Wicks', 'Smith, J.', 'Ann <b>Bold</b>'], [[null, 'One.']])).pseudNames).toEqual(["Tara O'Shea", 'Monture & Wicks', 'Smith, J.', 'Ann b Bold b']);
  });
});

describe('completion of an imported work', () => {
  it('reads a drabble tower as complete unless it says more is coming', () => {
    const tower = { ...work('Tower', ['A'], [[null, 'One.'], [null, 'Two.']]), form: 'drabble-collection' as const };
    expect(rowsOf({ ...tower, status: 'unknown' }).isComplete).toBe(true);
    expect(rowsOf({ ...tower, status: 'in-progress' }).isComplete).toBe(false);
    expect(rowsOf({ ...tower, form: 'story', status: 'unknown' }).isComplete).toBe(false);
  });
});
