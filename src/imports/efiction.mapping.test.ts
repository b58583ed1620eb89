import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from './import.rows.ts';
import { mapStory, type StoryContext } from './efiction.mapping.ts';
import type { EfictionReference, EfictionStory } from './efiction.source.repository.ts';

// One eFiction story to the importer's shapes, without a database on either side.

const reference: EfictionReference = {
  categories: new Map([[1, { id: 1, parentId: -1, name: 'Harbour Lights' }]]),
  characters: new Map([[4, 'Isolde Marsh']]),
  classes: new Map([
    [1, { id: 1, typeName: 'genres', typeTitle: 'Genres', name: 'Femslash' }],
    [2, { id: 2, typeName: 'genres', typeTitle: 'Genres', name: 'Angst' }],
    [3, { id: 3, typeName: 'warnings', typeTitle: 'Warnings', name: 'Character Death' }],
  ]),
  ratings: new Map([[2, { id: 2, name: 'R' }]]),
  challenges: new Map([[5, { id: 5, title: 'Lamps in Winter', challenger: 'A', authorId: 1, summary: '' }]]),
};

const folder = mkdtempSync(path.join(tmpdir(), 'rr-efiction-map-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function context(overrides: Partial<StoryContext> = {}): StoryContext {
  return {
    reference,
    authors: new Map([[1, { id: 1, penName: 'Wren Tallow', email: 'wren@example.invalid' }], [2, { id: 2, penName: 'Marrow Finch', email: null }]]),
    series: { title: 'Tidewater Cycle', position: 3 },
    storiesDir: null,
    source: 'efiction:test',
    archiveName: 'Test Archive',
    ...overrides,
  };
}

function story(overrides: Partial<EfictionStory> = {}): EfictionStory {
  return {
    id: 8, title: 'Tide Tables', summary: 'The <i>tide</i> turns.', notes: null, categoryIds: [1], classIds: [1, 2, 3], characterIds: [4], ratingId: 2,
    publishedAt: new Date('2003-04-05T06:07:08Z'), updatedAt: null, authorId: 1, coauthorIds: [2], isValidated: true, isComplete: false, challengeIds: [5],
    chapters: [
      { id: 81, title: 'Ebb', position: 1, notes: 'A note.', text: 'The water went out.\n\nIt came back.', endNotes: null, authorId: 1, isValidated: true },
      { id: 82, title: 'Flow', position: 2, notes: null, text: '<p>It came <b>back</b>.</p>', endNotes: null, authorId: 1, isValidated: true },
    ],
    ...overrides,
  };
}

describe('mapStory', () => {
  it('maps categories, characters, classes, the rating, creators and dates', () => {
    const mapped = mapStory(story(), context());
    if (mapped.kind !== 'work') throw new Error(mapped.reason);
    expect(mapped.work).toMatchObject({
      title: 'Tide Tables', creators: ['Wren Tallow', 'Marrow Finch'], fandoms: ['Harbour Lights'], characters: ['Isolde Marsh'], rating: 'Mature',
      warnings: ['Major Character Death'], categories: ['F/F'], freeforms: ['Angst'], challenge: 'Lamps in Winter', series: { title: 'Tidewater Cycle', position: 3 }, status: 'in-progress',
      contacts: [{ name: 'Wren Tallow', address: 'wren@example.invalid' }],
    });
    expect(mapped.rows.publishedAt).toBe('2003-04-05T06:07:08.000Z');
    expect(mapped.rows.updatedAt).toBe('2003-04-05T06:07:08.000Z');
    expect(mapped.rows.summary).toBe('<p>The <i>tide</i> turns.</p>');
    expect(mapped.rows.chapters.map((c) => c.body)).toEqual(['<p>The water went out.</p>\n<p>It came back.</p>', '<p>It came <b>back</b>.</p>']);
    expect(mapped.rows.chapters[0]!.notes).toBe('<p>A note.</p>');
    expect(mapped.chapterIds).toEqual([81, 82]);
    expect(mapped.authorIds).toEqual([1, 2]);
    // Addresses never reach the work's printed fields.
    expect(JSON.stringify({ ...mapped.work, contacts: undefined })).not.toContain('wren@example.invalid');
  });

  it('gives the same content hash to the same story read twice', () => {
    const first = mapStory(story(), context());
    const second = mapStory(story(), context());
    if (first.kind !== 'work' || second.kind !== 'work') throw new Error('not mapped');
    expect(contentHash(first.work)).toBe(contentHash(second.work));
    expect(first.rows.contentHash).toBe(contentHash(first.work));
  });

  it('skips a story never validated, and one without any chapter text', () => {
    expect(mapStory(story({ isValidated: false }), context())).toEqual({ kind: 'skipped', reason: expect.stringMatching(/not validated/) });
    const empty = story({ chapters: [{ id: 90, title: 'Gone', position: 1, notes: null, text: null, endNotes: null, authorId: 1, isValidated: true }] });
    expect(mapStory(empty, context())).toEqual({ kind: 'skipped', reason: expect.stringMatching(/--stories DIR/) });
  });

  it('reads chapters kept as files, and flags one that is missing', () => {
    mkdirSync(path.join(folder, '1'), { recursive: true });
    writeFileSync(path.join(folder, '1', '90.txt'), 'Kept in a file.');
    const chapters = [
      { id: 90, title: 'Filed', position: 1, notes: null, text: null, endNotes: null, authorId: 1, isValidated: true },
      { id: 91, title: 'Lost', position: 2, notes: null, text: null, endNotes: null, authorId: 1, isValidated: true },
    ];
    const mapped = mapStory(story({ chapters }), context({ storiesDir: folder }));
    if (mapped.kind !== 'work') throw new Error(mapped.reason);
    expect(mapped.rows.chapters.map((c) => c.body)).toEqual(['<p>Kept in a file.</p>']);
    expect(mapped.chapterIds).toEqual([90]);
    expect(mapped.work.flags).toEqual([{ code: 'chapter-missing', detail: expect.stringContaining('chapter 2 (“Lost”)') }]);
  });

  it('reads a warning class of "None" as No Archive Warnings Apply', () => {
    const none = { ...reference, classes: new Map([[3, { id: 3, typeName: 'warnings', typeTitle: 'Warnings', name: 'None' }]]) };
    const mapped = mapStory(story({ classIds: [3] }), context({ reference: none }));
    expect(mapped.kind === 'work' && mapped.work.warnings).toEqual(['No Archive Warnings Apply']);
  });
});
