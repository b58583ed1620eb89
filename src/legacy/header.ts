import { collapseSpaces } from '../text/spaces.ts';
import { isSeparator } from './body.ts';
import type { OriginalLabel } from './legacy.types.ts';

// Label header blocks (research/legacy.md §2.1–2.3): "Title: …", "*Author:* …", "E-MAIL ADDRESS: …",
// in any order and case, with wrapped values. Unknown labels are kept as original labels.

export type HeaderField =
  | 'title' | 'author' | 'email' | 'url' | 'fandom' | 'rating' | 'pairing' | 'characters' | 'category'
  | 'warnings' | 'spoilers' | 'summary' | 'disclaimer' | 'feedback' | 'archive' | 'notes' | 'dedication'
  | 'beta' | 'series' | 'related' | 'challenge' | 'prompt' | 'wordcount' | 'status' | 'date' | 'part' | 'format';

const FIELD_LABELS: Record<HeaderField, string[]> = {
  title: ['title', 'story title', 'fic title', 'story name', 'name of story', 'story', 'fic', 'fic name'],
  author: ['author', 'authors', 'by', 'written by', 'writer', 'pen name', 'penname', 'pseud', 'author name', 'authoress'],
  email: ['email', 'e-mail', 'e-mail address', 'email address', 'mail', 'contact', 'author email', 'author e-mail', 'e-mail addy', 'email addy', 'addy'],
  url: ['url', 'website', 'homepage', 'home page', 'web page', 'webpage', 'site', 'web site', 'livejournal', 'lj'],
  fandom: ['fandom', 'fandoms', 'show', 'universe', 'crossover', 'xover', 'source', 'fandom(s)'],
  rating: ['rating', 'rated', 'ratings', 'content rating', 'content/rating', 'rating/warnings', 'rating/warning', 'ratings/warnings'],
  pairing: ['pairing', 'pairings', 'pairing(s)', 'relationship', 'relationships', 'relationship(s)', 'ship', 'ships', 'couple', 'couples', 'romance'],
  characters: ['characters', 'character', 'character(s)', 'chars', 'featuring', 'main characters', 'featured characters', 'cast'],
  category: ['category', 'categories', 'catagory', 'genre', 'genres', 'type', 'classification', 'keywords', 'keyword', 'codes', 'tags', 'category/genre'],
  warnings: ['warning', 'warnings', 'warning(s)', 'content warning', 'content warnings', 'squicks', 'squick', 'contains', 'triggers'],
  spoilers: ['spoilers', 'spoiler', 'spoiler warning', 'spoiler warnings', 'spoilage', 'timeline', 'set', 'season', 'setting', 'time frame', 'timeframe'],
  summary: ['summary', 'synopsis', 'description', 'blurb', 'abstract', 'teaser'],
  disclaimer: ['disclaimer', 'disclaimers', 'disclaim', 'disclaimer(s)'],
  feedback: ['feedback', 'comments', 'c&c', 'reviews', 'feedback to', 'feedback address'],
  archive: ['archive', 'archiving', 'distribution', 'archive permission', 'archive?', 'permission to archive', 'circuit archive', 'archived'],
  notes: ['notes', 'note', "author's notes", "author's note", 'authors notes', 'authors note', 'author note', 'author notes', 'a/n', 'an', 'a/ns', "author's comments"],
  dedication: ['dedication', 'dedications', 'dedicated to', 'gift for', 'recipient', 'for'],
  beta: ['beta', 'betas', 'beta reader', 'beta readers', 'betaed by', "beta'd by", 'beta-read by', 'thanks', 'thanks to', 'acknowledgements', 'acknowledgments'],
  series: ['series', 'part of', 'series name'],
  related: ['sequel to', 'prequel to', 'follows', 'sequel', 'prequel', 'companion to', 'companion piece to'],
  challenge: ['challenge', 'challenge response', 'written for', 'challenge/prompt', 'fest', 'exchange'],
  prompt: ['prompt', 'prompts', 'prompt word', 'prompt words'],
  wordcount: ['word count', 'words', 'length', 'size', 'wordcount', 'word-count'],
  status: ['status', 'complete', 'completed', 'wip'],
  date: ['date', 'posted', 'posted on', 'date posted', 'written', 'date written', 'first posted'],
  part: ['part', 'chapter', 'parts', 'chapters'],
  format: ['format', 'form'],
};

const LABEL_TO_FIELD = new Map<string, HeaderField>();
for (const [field, labels] of Object.entries(FIELD_LABELS) as Array<[HeaderField, string[]]>) {
  for (const label of labels) LABEL_TO_FIELD.set(label, field);
}

// "*Title:* x", "TITLE:   x", "[Rating] x", "Title - x" (dash only after a known label).
// Each `\s*[*_]*\s*` is written `\s*(?:[*_]+\s*)?` (the same lines): the first form split a long
// run of spaces in every possible way, quadratic in its length. The value's trailing marks are
// searched only where their leftmost match can start (not after a space, nor inside the marks).
const LABEL_LINE = /^\s*(?:[*_>[]+\s*)?([A-Za-z][A-Za-z '’/&()?.-]{0,30}?)\s*(?:[*_\]]+\s*)?(:|=|\]| - | -- )\s*(?:[*_]+\s*)?(.*)$/;

export interface LabelLine {
  field: HeaderField;
  label: string;
  value: string;
}

// The top lines of a post are asked again and again (a block's first label, whether it is a label
// block, then read twice as one): answers are kept by line, bounded, cleared when full. The
// answers are shared, so no caller may change one.
const answers = new Map<string, Readonly<LabelLine> | null>();
const MAX_ANSWERS = 10_000;

export function matchLabelLine(line: string): Readonly<LabelLine> | null {
  let answer = answers.get(line);
  if (answer === undefined) {
    answer = readLabelLine(line);
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(line, answer);
  }
  return answer;
}

function readLabelLine(line: string): LabelLine | null {
  const match = LABEL_LINE.exec(line);
  if (!match) return null;
  const label = (match[1] ?? '').trim();
  const key = collapseSpaces(label.toLowerCase().replace(/’/g, "'")).replace(/\.$/, '');
  const field = LABEL_TO_FIELD.get(key);
  if (!field) return null;
  // "For" and "By" are labels only with a colon; "for the …" prose is not a header.
  if ((field === 'dedication' || field === 'author') && match[2] !== ':') return null;
  const value = (match[3] ?? '').replace(/(?<!\s)(?!(?<=[*_])[*_])\s*[*_]+\s*$/, '').trim();
  return { field, label, value };
}

/** Fields whose values wrap onto unlabelled lines below them. */
const LONG_FIELDS = new Set<HeaderField>([
  'summary', 'notes', 'disclaimer', 'warnings', 'dedication', 'beta', 'feedback', 'spoilers', 'category', 'pairing',
  'characters', 'archive', 'challenge', 'prompt', 'series', 'related', 'fandom',
]);

export interface HeaderBlock {
  fields: Map<HeaderField, string[]>;
  labels: OriginalLabel[];
  /** Unlabelled lines inside the block that belong to no field ("Headers in part 1."). */
  loose: string[];
}

export function emptyHeader(): HeaderBlock {
  return { fields: new Map(), labels: [], loose: [] };
}

/** True when a paragraph is (mostly) a label block. */
export function isLabelBlock(lines: string[]): boolean {
  const first = lines[0] ?? '';
  if (matchLabelLine(first)) return true;
  const labelled = lines.filter((line) => matchLabelLine(line)).length;
  return labelled >= 2 && labelled * 2 >= lines.length;
}

/** Adds a paragraph of label lines to the header, joining wrapped values. */
export function readLabelBlock(lines: string[], header: HeaderBlock): void {
  let current: { field: HeaderField; label: string; parts: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const value = collapseSpaces(current.parts.join(' ')).trim();
    header.labels.push({ label: current.label, value });
    const values = header.fields.get(current.field) ?? [];
    if (value) values.push(value);
    header.fields.set(current.field, values);
    current = null;
  };
  for (const line of lines) {
    if (isSeparator(line)) {
      flush();
      continue;
    }
    const label = matchLabelLine(line);
    if (label) {
      flush();
      current = { field: label.field, label: label.label, parts: [label.value] };
    } else if (current && (LONG_FIELDS.has(current.field) || /^\s+\S/.test(line) || current.parts.join('') === '')) {
      current.parts.push(line.trim());
    } else {
      flush();
      header.loose.push(line.trim());
      header.labels.push({ label: '', value: line.trim() });
    }
  }
  flush();
}

export function first(header: HeaderBlock, field: HeaderField): string | null {
  return header.fields.get(field)?.[0] ?? null;
}

export function all(header: HeaderBlock, field: HeaderField): string[] {
  return header.fields.get(field) ?? [];
}
