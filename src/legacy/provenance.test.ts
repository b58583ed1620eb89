import { describe, expect, it } from 'vitest';
import { consentFrom, factsFromFooter, hasDoNotArchive } from './provenance.ts';

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
