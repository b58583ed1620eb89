import { createHash } from 'node:crypto';
import { checkPseudName } from '../accounts/pseud.names.ts';
import { escapeHtml, looksLikeHtml, toStoredHtml } from '../text/html.ts';
import { composed } from '../text/unicode.ts';
import { sortTitle } from '../works/work.titles.ts';
import { LANGUAGES } from '../works/work.types.ts';
import { tagRequests } from './import.tags.ts';
import type { TagRequest } from '../tags/tag.service.ts';
import { redactAddresses } from '../legacy/addresses.ts';
import { preparedOf, type PrepareModule } from '../legacy/prepared.ts';
import type { ImportedWork, ReviewFlag } from '../legacy/legacy.types.ts';

// A parsed work turned into what it is stored as: stored HTML, content hash, pseud names, tag
// requests, review flags. None of it needs the database, so the worker threads that parse the
// files (import.workers.ts) do it too, and the one thread that writes only writes.

/** The archivist's pseud for works whose creator is unknown or whose name cannot be a pseud. */
export const FALLBACK_PSEUD = 'imported';

export interface StoredChapter {
  title: string | null;
  body: string;
  wordCount: number;
  /** Stored HTML of the chapter's own summary and notes, where the source kept them apart (eFiction, AO3). */
  summary?: string | null;
  notes?: string | null;
  endNotes?: string | null;
}

export interface WorkRows {
  contentHash: string;
  title: string;
  sortTitle: string;
  /** Stored HTML, or null. */
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  isComplete: boolean;
  chapters: StoredChapter[];
  wordCount: number;
  /** One per creator (the fallback when there is none), as the archivist's pseud is named. */
  pseudNames: string[];
  /** Usable tag names, before they are compared with the archive's own tags. */
  tags: TagRequest[];
  /** Names left out because they cannot be tags. */
  tagFlags: ReviewFlag[];
  /** The parser's flags, its repairs, and what the work lacks. */
  flags: ReviewFlag[];
  /** JSON of the sources and of the original header (addresses removed). */
  sources: string;
  originalHeader: string;
  /** The source's own dates (ISO), where it kept them; the import's time otherwise. */
  publishedAt?: string | null;
  updatedAt?: string | null;
  /** A code of the posting form's languages (LANGUAGES), where the source named one we have. */
  language?: string | null;
  /** Chapters the source says are planned, for a work in progress (AO3's "Chapters: 3/5"). */
  expectedChapters?: number | null;
}

// Each run of white space becomes one space. Only runs that are not one space already are
// replaced: the same result as /\s+/g, four times faster on prose, where most runs are one space.
const collapse = (text: string | null) => composed(text ?? '').replace(/\s{2,}|[^\S ]/g, ' ').trim();
// What JSON.stringify escapes in a string; a part without any is hashed as it stands, in quotes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The identity of a work's text: SHA-256 of the JSON array of its title, creators and chapters
 * (titles and text), white space collapsed. The JSON is fed to the hash part by part, so the
 * whole text is never copied into one string.
 */
export function contentHash(work: ImportedWork): string {
  const parts = [collapse(work.title), ...work.creators.map(collapse), ...work.chapters.flatMap((c) => [collapse(c.title), collapse(c.text)])];
  const hash = createHash('sha256').update('[');
  parts.forEach((part, index) => {
    if (index > 0) hash.update(',');
    if (NEEDS_ESCAPE.test(part)) hash.update(JSON.stringify(part));
    else hash.update('"').update(part).update('"');
  });
  return hash.update(']').digest('hex');
}

// The parser writes <i> and <em> of a legacy page as *emphasis* (its plain-text contract), as
// authors of plain-text posts wrote it too; stored HTML carries it as <em> again. A "*" opens
// only before a word and after a space or an opening mark, closes only after one and before
// a space or a mark, and never across a paragraph, so "* * *", "2*3" and a footnote's lone "*"
// stay as they are. Each opener's search stops at the next "*": linear in the paragraph.
const EMPHASIS = /(^|[^\p{L}\p{N}*])\*(?=[^\s*])([^*]*?[^\s*])\*(?![\p{L}\p{N}*])/gu;

function paragraphHtml(block: string): string {
  const escaped = escapeHtml(block);
  const emphasised = escaped.includes('*') ? escaped.replace(EMPHASIS, '$1<em>$2</em>') : escaped;
  return `<p>${emphasised.replace(/\n/g, '<br />\n')}</p>`;
}

/**
 * Plain text to stored HTML: blank lines make paragraphs, single line breaks stay line breaks,
 * *emphasis* becomes <em>. Text with a "<g>" or "<grin>" (common in 1998) is escaped into
 * paragraphs too, then sanitised, so those words are kept instead of dropped as unknown tags.
 */
export function plainToStoredHtml(text: string): string {
  const html = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)
    .split(/\n[ \t]*\n+/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map(paragraphHtml)
    .join('\n');
  return html && looksLikeHtml(text) ? toStoredHtml(html) : html;
}

function pseudNameFor(creator: string): string {
  const cleaned = creator.normalize('NFC').replace(/[^\p{L}\p{M}\p{N} _.'’&,!()-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 40).trim();
  return checkPseudName(cleaned) === null ? cleaned : FALLBACK_PSEUD;
}

const LANGUAGE_CODES = new Map(Object.entries(LANGUAGES).flatMap(([code, name]) => [[code.toLowerCase(), code], [name.toLowerCase(), code]]));

/**
 * The code of a language as a source names it: a code ("fr"), or its name in itself as AO3 and
 * our form write it ("Français"), or a longer name of AO3's that starts with ours ("中文-普通话 國語").
 */
export function languageCode(name: string | null | undefined): string | null {
  const key = name?.normalize('NFC').trim().toLowerCase();
  if (!key) return null;
  const exact = LANGUAGE_CODES.get(key);
  if (exact) return exact;
  for (const [known, code] of LANGUAGE_CODES) {
    if (known.length > 1 && key.startsWith(known) && /^[\s\-(–]/.test(key.slice(known.length))) return code;
  }
  return null;
}

/** A source's date as stored (ISO 8601 UTC); a bare day is that day's start. Null when unreadable. */
export function storedDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function notesOf(work: ImportedWork): string | null {
  const parts = [
    work.notes,
    work.disclaimer ? `Disclaimer: ${work.disclaimer}` : null,
    work.challenge ? `Challenge: ${work.challenge}` : null,
    work.series ? `Series: ${work.series.title}${work.series.position ? `, part ${work.series.position}` : ''}` : null,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/** The review flags of one work that storing does not add: the parser's, its repairs, what it lacks. */
function reviewFlags(work: ImportedWork): ReviewFlag[] {
  // The parser flags each restored word as well as listing it as a repair: listed once, as a repair.
  const flags = work.flags.filter((flag) => flag.code !== 'repaired-word');
  for (const repair of work.repairs) {
    const detail = repair.rule === 'privacy' ? 'an e-mail address in the text was removed' : `${repair.before} → ${repair.after}`;
    flags.push({ code: `repair:${repair.rule}`, detail: repair.count && repair.count > 1 ? `${detail} (×${repair.count})` : detail });
  }
  if (!work.title) flags.push({ code: 'no-title', detail: 'no title in the source; shown as "Untitled"' });
  if (work.fandoms.length === 0) flags.push({ code: 'no-fandom', detail: 'no fandom found; pass --fandom or add one' });
  if (work.creators.length === 0) flags.push({ code: 'no-creator', detail: 'no creator name found; held by the archivist' });
  if (work.archiveConsent === 'ask') flags.push({ code: 'consent-ask', detail: 'the author asked to be asked first: check permission before it is made public' });
  if (work.language && !languageCode(work.language)) flags.push({ code: 'language-unknown', detail: `the source's language "${work.language}" is not one this archive offers; stored as English` });
  return flags;
}

export function workRows(work: ImportedWork): WorkRows {
  // The parser counted each chapter's plain text by the archive's own rule (src/text/words.ts);
  // the stored HTML holds the same words, so they are not counted again.
  const chapters: StoredChapter[] = work.chapters.map((chapter) => {
    const stored: StoredChapter = { title: chapter.title, body: plainToStoredHtml(chapter.text), wordCount: chapter.words };
    if (chapter.summary) stored.summary = plainToStoredHtml(chapter.summary);
    if (chapter.notes) stored.notes = plainToStoredHtml(chapter.notes);
    if (chapter.endNotes) stored.endNotes = plainToStoredHtml(chapter.endNotes);
    return stored;
  });
  const title = work.title ?? 'Untitled';
  const notes = notesOf(work);
  const tags = tagRequests(work);
  return {
    contentHash: contentHash(work),
    title,
    sortTitle: sortTitle(title),
    summary: work.summary ? plainToStoredHtml(work.summary) : null,
    notes: notes ? plainToStoredHtml(notes) : null,
    endNotes: work.endNotes ? plainToStoredHtml(work.endNotes) : null,
    // A drabble tower is posted whole: unless the source says more is coming, it is complete
    // (4/4, not 4/?), though no THE END closes it.
    isComplete: work.status === 'complete' || (work.form === 'drabble-collection' && work.status === 'unknown'),
    chapters,
    wordCount: chapters.reduce((sum, c) => sum + c.wordCount, 0),
    pseudNames: (work.creators.length > 0 ? work.creators : [FALLBACK_PSEUD]).map(pseudNameFor),
    tags: tags.requests,
    tagFlags: tags.flags,
    flags: reviewFlags(work),
    sources: JSON.stringify(work.sources),
    // A second guard: the provenance block is public, so no address may reach it.
    originalHeader: JSON.stringify(work.labels.filter((l) => l.label !== 'fandom evidence').map((l) => ({ label: l.label, value: redactAddresses(l.value) }))),
    publishedAt: storedDate(work.publishedAt),
    updatedAt: storedDate(work.updatedAt),
    language: languageCode(work.language),
    expectedChapters: work.expectedChapters ?? null,
  };
}

/** This module, for the parser's worker threads to load (src/legacy/prepared.ts). */
export const PREPARE_ROWS = import.meta.url;

/** What a parsing worker runs on each whole work: its rows, made beside the parsing. */
export const prepareWork: PrepareModule['prepareWork'] = workRows;

/** The rows a worker made, or (a work joined from parts, or read here) made now. */
export function rowsOf(work: ImportedWork): WorkRows {
  return (preparedOf(work) as WorkRows | undefined) ?? workRows(work);
}
