import { describe, expect, it } from 'vitest';
import type { ImportedWork } from './legacy.types.ts';
import { type FileEvent, joinParts } from './parse.ts';
import { consentFrom, consentInProse, factsFromFooter, hasDoNotArchive } from './provenance.ts';

describe('archive consent', () => {
  it('reads what the author allowed', () => {
    expect(consentFrom('yes')).toBe('yes');
    expect(consentFrom('Ask first, please')).toBe('ask');
    expect(consentFrom('SSA and L3 yes. Anyone else, please ask.')).toBe('ask');
    expect(consentFrom('Please do not archive')).toBe('no');
    expect(consentFrom('No')).toBe('no');
  });

  it('finds a DO NOT ARCHIVE notice but not dialogue', () => {
    expect(hasDoNotArchive(['DO NOT ARCHIVE', '', 'Title: Private'])).toBe(true);
    expect(hasDoNotArchive(['Title: X', 'Please do not archive.'])).toBe(true);
    expect(hasDoNotArchive(['"Do not archive these files, Mulder," Skinner said.'])).toBe(false);
  });
});

describe('archive consent written as a sentence', () => {
  const story = Array(150).fill('The lighthouse keeper counted the gulls again.');
  it('reads a notice at either end, across a hard wrap', () => {
    expect(consentInProse(['Harbour Lights, by Example Writer', 'This story may be freely', 'distributed, as long as my name stays on it.', ...story])).toBe('yes');
    expect(consentInProse([...story, 'Permission to distribute freely is given.'])).toBe('yes');
    expect(consentInProse(['Not for redistribution in any form.', ...story])).toBe('no');
    expect(consentInProse(['Please ask me before archiving this.', ...story])).toBe('ask');
  });

  it('says nothing when the ends say nothing, whatever the middle holds', () => {
    expect(consentInProse(story)).toBeNull();
    expect(consentInProse([...story.slice(0, 70), 'He said the files were not for redistribution.', ...story])).toBeNull();
  });
});

describe('footer facts', () => {
  it('names the archive, the list and where feedback went, never an address', () => {
    expect(factsFromFooter(['If you enjoyed this story, please send feedback to Aelita', 'Also, why not join Level Three, the Smallville all-fic list?', 'Level Three Records Room'])).toEqual({
      archive: 'Level Three Records Room',
      list: 'Level Three, the Smallville all-fic list',
      feedback: 'Aelita',
    });
    expect(factsFromFooter(['Feedback makes Bramble very happy: bramble@example.org']).feedback).toBe('email on file');
    expect(factsFromFooter(['bfic mailing list']).list).toBe('bfic');
    expect(factsFromFooter(['Archived at the Bay City Archive.']).archive).toBe('Bay City Archive');
  });
});

describe('a refusal written in the first of several posts', () => {
  const post = (n: number, consent: ImportedWork['archiveConsent']): FileEvent => {
    const text = `Night ${n} at the lighthouse.`;
    const work: ImportedWork = {
      sources: [`saved#${n}`], title: 'The Keeper', creators: ['Wren Adler'], fandoms: [], rating: 'Not Rated', warnings: [], categories: [],
      relationships: [], characters: [], freeforms: [], summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null,
      series: null, status: 'unknown', form: 'ficlet', chapters: [{ title: null, text, words: 5 }], words: 5, archiveConsent: consent,
      provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
    };
    return { type: 'document', path: 'saved', source: `saved#${n}`, work, part: null, groupKey: 'thekeeper|wren@example.org' };
  };

  it('keeps the whole story out, not only that post', async () => {
    async function* events() {
      yield* [post(1, 'no'), post(2, null), post(3, null)];
    }
    const out = [];
    for await (const event of joinParts(events())) out.push(event.type);
    expect(out).toEqual(['skipped']);
  });
});
