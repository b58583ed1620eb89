import { describe, expect, it } from 'vitest';
import { splitChapters } from './chapters.ts';
import { mergeParts } from './assemble.ts';
import type { ImportedWork } from './legacy.types.ts';
import { isEndOfPart, isPartTitleLine, preambleNotes, withoutPartFurniture } from './parts.ts';

// Invented posts in the shapes of 1990s stories posted in parts and saved in one file.

describe('the furniture of a story in parts', () => {
  it('cuts the title before a part heading in the text, so that the heading splits the chapter', () => {
    const paragraphs = [
      'Part 1...Sunday, March 3rd', 'The lamp went out at nine.', 'End part one.',
      'The Salt Keeper  Part 2...Monday, March 4th', 'Rain came over the point.', 'End Part 2...',
      'A short scene in the boathouse.', 'The Salt Keeper Part 3...Friday', 'The boat was gone.',
    ];
    const { story } = withoutPartFurniture(paragraphs, 'The Salt Keeper');
    const chapters = splitChapters(story);
    expect(chapters.map((c) => c.paragraphs)).toEqual([
      ['The lamp went out at nine.'],
      ['Rain came over the point.', 'A short scene in the boathouse.'],
      ['The boat was gone.'],
    ]);
    expect(withoutPartFurniture(['The Salt Keeper Part 2 was his best.'], 'The Salt Keeper').story).toEqual(['The Salt Keeper Part 2 was his best.']);
  });

  it('knows the lines that close a part', () => {
    for (const line of ['End part 3.', 'End Part 4...', '[End Part 1]', 'Part 1 of 7 ends', '(Continued)', 'END OF PART 2/5']) expect(isEndOfPart(line)).toBe(true);
    for (const line of ['The end of the pier.', 'Part of him ends here.', 'Continued on the way home, she thought.']) expect(isEndOfPart(line)).toBe(false);
  });

  it('cuts a part’s repeated header up to the title line that numbers the part', () => {
    const note = 'This is my first story for the group, and I hope that you will all enjoy reading it as much as I did.';
    const disclaimer = 'The characters belong to their creators and the network; no infringement of copyright is intended.';
    const paragraphs = [note, disclaimer, 'The Salt Keeper ... A Lighthouse Tale (2 of 5 parts)', 'Chapter 1', 'The boat was gone.'];
    const { preamble, story } = withoutPartFurniture(paragraphs, 'The Salt Keeper');
    expect(story).toEqual(['Chapter 1', 'The boat was gone.']);
    expect(preambleNotes(preamble, 'The Salt Keeper')).toEqual([note, disclaimer]);
    expect(isPartTitleLine('A\nSALT KEEPER -- Part 1', 'Salt Keeper')).toBe(true);
    expect(isPartTitleLine('The Salt Keeper, Conclusion', 'The Salt Keeper')).toBe(true);
    expect(isPartTitleLine('He said it was part 2.', 'The Salt Keeper')).toBe(false);
  });

  it('cuts a recap and a warning above the part heading, and a short header block above it', () => {
    const recap = ['The Salt Keeper, part 2.', 'Synopsis of part 1: the keeper found a boat.', '***Some sexual content, PG\nPart 2', 'The boat was gone.'];
    expect(withoutPartFurniture(recap, 'The Salt Keeper').story).toEqual(['Part 2', 'The boat was gone.']);
    const joined = ['The Salt Keeper, part 3', 'Synopsis of parts 1 and 2: the keeper found a boat.', '***Some sexual content, PG Part 3', 'The boat was gone.'];
    expect(withoutPartFurniture(joined, 'The Salt Keeper').story).toEqual(['The boat was gone.']);
    const header = ['The Salt Keeper\nby.\nWren', 'Part 1', 'The lamp went out.'];
    expect(withoutPartFurniture(header, 'The Salt Keeper').story).toEqual(['Part 1', 'The lamp went out.']);
    // An untitled opening scene of the story is no header.
    const scene = ['The lamp went out at nine, and the keeper climbed the stair.', 'Chapter 1', 'Rain.'];
    expect(withoutPartFurniture(scene, 'The Salt Keeper').story).toEqual(scene);
  });
});

function post(title: string | null, text: string): ImportedWork {
  return {
    sources: ['f'], title: 'The Salt Keeper', creators: ['Wren'], fandoms: [], rating: 'Not Rated', warnings: [], categories: [],
    relationships: [], characters: [], freeforms: [], summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null,
    series: null, status: 'unknown', form: 'story', chapters: [{ title, text, words: text.split(' ').length }], words: 1,
    archiveConsent: null, provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
  };
}

describe('joining posted parts', () => {
  it('starts a new chapter for an untitled part after a part headed "Part N", but continues a real chapter', () => {
    expect(mergeParts([post('Part 1', 'one'), post(null, 'two')], 2, []).chapters.map((c) => c.text)).toEqual(['one', 'two']);
    expect(mergeParts([post('Chapter 1', 'one'), post(null, 'two')], 2, []).chapters.map((c) => c.text)).toEqual(['one\n\ntwo']);
  });
});
