import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { htmlToText, toStoredHtml } from '../text/html.ts';
import { countWords } from '../text/words.ts';
import { mapClassification, mapWarnings, ratingFromLabel } from '../legacy/labels.ts';
import type { ImportedWork, OriginalLabel, ReviewFlag } from '../legacy/legacy.types.ts';
import { workRows, type WorkRows } from './import.rows.ts';
import type { WorkWithContacts } from './source.heads.ts';
import type { EfictionAuthor, EfictionReference, EfictionStory } from './efiction.source.repository.ts';

// One eFiction story as the file importer's two shapes: the ImportedWork of the import contract
// (what is hashed, tagged and credited, exactly as a parsed file would be) and its WorkRows,
// made by import.rows' own workRows and then given what a database holds and a file does not:
// chapter HTML as the author wrote it (cleaned), chapter notes, and the original dates.
//  - categories are fandoms; characters are characters;
//  - classes of a type named like "warnings" go through the parser's warning rules (archive
//    warnings where they say one, the rest freeform; "None" alone is No Archive Warnings Apply);
//    classes of other types (genres …) are freeforms, orientation words categories;
//  - ratings are matched by their names (G, PG-13, NC-17 …) as labels in files are.

export interface SeriesPlace {
  title: string;
  position: number | null;
}

export interface StoryContext {
  reference: EfictionReference;
  authors: Map<number, EfictionAuthor>;
  /** The series the story is in, if any (the first, by the series' id). */
  series: SeriesPlace | null;
  /** For sites that kept chapters as files (store = files): the folder holding UID/CHAPID.txt. */
  storiesDir: string | null;
  /** e.g. "efiction:https://old.example.org" */
  source: string;
  archiveName: string;
}

export type MappedStory =
  | { kind: 'work'; work: WorkWithContacts; rows: WorkRows; chapterIds: number[]; chapterPositions: number[]; authorIds: number[] }
  | { kind: 'skipped'; reason: string };

const NO_WARNINGS = 'No Archive Warnings Apply';

function chapterText(story: EfictionStory, chapter: EfictionStory['chapters'][number], storiesDir: string | null): string | null {
  if (chapter.text) return chapter.text;
  if (!storiesDir) return null;
  const file = path.join(storiesDir, String(chapter.authorId || story.authorId), `${chapter.id}.txt`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function classNames(story: EfictionStory, reference: EfictionReference): { warnings: string[]; genres: string[]; labels: OriginalLabel[] } {
  const warnings: string[] = [];
  const genres: string[] = [];
  const labels = new Map<string, string[]>();
  for (const id of story.classIds) {
    const found = reference.classes.get(id);
    if (!found) continue;
    (/warn/i.test(`${found.typeName} ${found.typeTitle}`) ? warnings : genres).push(found.name);
    const label = found.typeTitle || found.typeName || 'Classes';
    labels.set(label, [...(labels.get(label) ?? []), found.name]);
  }
  return { warnings, genres, labels: [...labels].map(([label, names]) => ({ label, value: names.join(', ') })) };
}

const isoOf = (date: Date | null) => (date ? date.toISOString() : null);

/** The story as the importer stores it, or why it is not imported. */
export function mapStory(story: EfictionStory, context: StoryContext): MappedStory {
  const { reference, authors } = context;
  if (!story.isValidated) return { kind: 'skipped', reason: 'not validated on the old archive (it was never public there)' };
  const chapters = story.chapters
    .filter((chapter) => chapter.isValidated)
    .map((chapter) => ({ chapter, text: chapterText(story, chapter, context.storiesDir) }));
  const missing = chapters.filter((c) => c.text === null);
  const flags: ReviewFlag[] = missing.map(({ chapter }) => ({ code: 'chapter-missing', detail: `chapter ${chapter.position} (“${chapter.title}”) has no text in the database${context.storiesDir ? ' nor in the stories folder' : ': pass --stories DIR if the site kept chapters as files'}` }));
  const present = chapters.filter((c): c is { chapter: typeof c.chapter; text: string } => c.text !== null);
  if (present.length === 0) return { kind: 'skipped', reason: missing.length > 0 ? 'no chapter text (kept as files? pass --stories DIR)' : 'no chapters' };

  const creatorIds = [story.authorId, ...story.coauthorIds].filter((id) => (authors.get(id)?.penName.trim() ?? '') !== '');
  const creators = creatorIds.map((id) => authors.get(id)!.penName.trim());
  const contacts = creatorIds.flatMap((id) => {
    const author = authors.get(id)!;
    return author.email ? [{ name: author.penName, address: author.email }] : [];
  });
  const fandoms = story.categoryIds.map((id) => reference.categories.get(id)?.name).filter((n): n is string => Boolean(n));
  const characters = story.characterIds.map((id) => reference.characters.get(id)).filter((n): n is string => Boolean(n));
  const ratingName = reference.ratings.get(story.ratingId)?.name ?? '';
  const classes = classNames(story, reference);
  const warned = mapWarnings(classes.warnings);
  const saysNone = classes.warnings.length > 0 && classes.warnings.every((w) => /^none$/i.test(w.trim()));
  const classified = mapClassification(classes.genres);
  const challenges = story.challengeIds.map((id) => reference.challenges.get(id)?.title).filter((t): t is string => Boolean(t));

  const stored = present.map(({ chapter, text }) => {
    const body = toStoredHtml(text);
    const plain = htmlToText(body);
    return { chapter, body, plain, words: countWords(plain) };
  });
  const labels: OriginalLabel[] = [
    { label: 'Rating', value: ratingName },
    { label: 'Categories', value: fandoms.join(', ') },
    { label: 'Characters', value: characters.join(', ') },
    ...classes.labels,
    ...(challenges.length > 0 ? [{ label: 'Challenges', value: challenges.join(', ') }] : []),
  ].filter((label) => label.value !== '');
  const work: WorkWithContacts = {
    sources: [`${context.source}/viewstory.php?sid=${story.id}`],
    title: story.title.trim() || null,
    creators,
    fandoms,
    rating: ratingFromLabel(ratingName) ?? 'Not Rated',
    warnings: saysNone ? [NO_WARNINGS] : warned.warnings,
    categories: classified.categoryHints,
    relationships: [],
    characters,
    freeforms: [...classified.freeforms, ...warned.freeforms],
    summary: story.summary ? htmlToText(toStoredHtml(story.summary)) : null,
    notes: story.notes ? htmlToText(toStoredHtml(story.notes)) : null,
    endNotes: null,
    disclaimer: null,
    challenge: challenges.length > 0 ? challenges.join(', ') : null,
    series: context.series,
    status: story.isComplete ? 'complete' : 'in-progress',
    form: 'story',
    chapters: stored.map((c) => ({ title: c.chapter.title.trim() || null, text: c.plain, words: c.words })),
    words: stored.reduce((sum, c) => sum + c.words, 0),
    archiveConsent: null,
    provenance: { archive: context.archiveName, list: null, feedback: null, encoding: 'utf-8' },
    repairs: [],
    labels,
    flags,
    contacts,
  };
  const rows = workRows(work);
  // What a database holds that a parsed file does not: the HTML as written, each chapter's
  // notes, the story's own notes as HTML, and the dates the old archive kept.
  rows.chapters = stored.map((c, index) => ({
    title: rows.chapters[index]!.title,
    body: c.body,
    wordCount: c.words,
    notes: c.chapter.notes ? toStoredHtml(c.chapter.notes) : null,
    endNotes: c.chapter.endNotes ? toStoredHtml(c.chapter.endNotes) : null,
  }));
  if (story.summary) rows.summary = toStoredHtml(story.summary);
  rows.publishedAt = isoOf(story.publishedAt);
  rows.updatedAt = isoOf(story.updatedAt ?? story.publishedAt);
  return { kind: 'work', work, rows, chapterIds: stored.map((c) => c.chapter.id), chapterPositions: stored.map((c) => c.chapter.position), authorIds: creatorIds };
}
