import { countWords } from '../text/words.ts';
import { MAIL_HEADER_ADDRESS_GLOBAL } from './addresses.ts';
import type { Ao3Chapter, Ao3Download } from './ao3.download.ts';
import { ao3Categories, ao3Rating, ao3Warnings, fieldKind, valuesOf } from './ao3.tags.ts';
import { htmlToText } from './html.flatten.ts';
import type { ImportedChapter, ImportedWork, OriginalLabel, Repair, WorkForm, WorkStatus } from './legacy.types.ts';
import { RepairLog } from './repair.log.ts';

// An AO3 download as a work of the import contract. Everything comes from the download's own
// fields, so nothing is guessed: the tags are AO3's, the title and creators the byline's, the
// dates those of its Stats line. Only the word count is made here, by our rule
// (src/text/words.ts), since AO3 counts otherwise. The message, the tag list as written and any
// chrome go to the labels, the work's provenance, and never to its text.

const NOTICE = '[email address removed]';
const PRIVACY: Repair = { rule: 'privacy', before: 'an e-mail address', after: NOTICE };

/** A fragment as plain text; addresses in it are taken out (contract: no address in any field). */
class TextMaker {
  readonly log = new RepairLog();

  text(html: string | null): string | null {
    if (html === null) return null;
    const flat = htmlToText(html);
    for (const repair of flat.repairs) this.log.add(repair.rule, repair.before, repair.after);
    const text = flat.text.includes('@')
      ? flat.text.replace(MAIL_HEADER_ADDRESS_GLOBAL, () => {
        this.log.add(PRIVACY.rule, PRIVACY.before, PRIVACY.after);
        return NOTICE;
      })
      : flat.text;
    return text.trim() || null;
  }

  /** A metadata value: an address is dropped with what held it ("(…)", "mailto:"). */
  value(value: string): string {
    if (!value.includes('@')) return value;
    return value.replace(MAIL_HEADER_ADDRESS_GLOBAL, '').replace(/\(\s*\)|<\s*>|\[\s*\]|mailto:/gi, '').replace(/\s{2,}/g, ' ').trim();
  }
}

/** "Chapter 2: Low Water" → "Low Water"; AO3's own "Chapter 2" is no title. */
export function chapterTitle(heading: string | null): string | null {
  if (!heading) return null;
  const numbered = /^chapter\s+\d+\s*(?::\s*(.*))?$/i.exec(heading.trim());
  if (!numbered) return heading.trim() || null;
  return numbered[1]?.trim() || null;
}

export interface Ao3Stats {
  published: string | null;
  updated: string | null;
  completed: string | null;
  /** Chapters posted and expected (null when "?"), when the line says. */
  chapters: { posted: number; expected: number | null } | null;
}

const DATE = (label: string) => new RegExp(`\\b${label}:\\s*(\\d{4}-\\d{2}-\\d{2})\\b`, 'i');

export function parseStats(text: string): Ao3Stats {
  const chapters = /\bChapters:\s*(\d+)\s*\/\s*(\d+|\?)/i.exec(text);
  return {
    published: DATE('Published').exec(text)?.[1] ?? null,
    updated: DATE('Updated').exec(text)?.[1] ?? null,
    completed: DATE('Completed').exec(text)?.[1] ?? null,
    chapters: chapters ? { posted: Number(chapters[1]), expected: chapters[2] === '?' ? null : Number(chapters[2]) } : null,
  };
}

function statusOf(stats: Ao3Stats): WorkStatus {
  if (stats.chapters) return stats.chapters.expected !== null && stats.chapters.posted >= stats.chapters.expected ? 'complete' : 'in-progress';
  if (stats.completed) return 'complete';
  if (stats.updated) return 'in-progress';
  // Downloads since 2020 leave the line out for a work of one chapter, expected one: complete.
  return 'complete';
}

function formOf(freeforms: string[], chapters: ImportedChapter[], words: number, status: WorkStatus): WorkForm {
  const tagged = (pattern: RegExp) => freeforms.some((tag) => pattern.test(tag));
  if (tagged(/\bdrabbles?\b/i)) return chapters.length > 1 ? 'drabble-collection' : 'drabble';
  if (tagged(/^(poem|poems|poetry|verse)\b/i)) return 'poem';
  if (words < 1000 && chapters.length === 1 && chapters[0]?.title === null && status !== 'in-progress') return 'ficlet';
  return 'story';
}

/** "Part 2 of Keepers of the Light" (the first series, when the work is in several). */
function seriesOf(values: string[], text: string): ImportedWork['series'] {
  const part = /^part\s+(\d+)\s+of\s+(.+?)$/i.exec(text.split(/,\s*(?=part\s+\d+\s+of\b)/i)[0]?.trim() ?? '');
  if (part?.[2]) return { title: part[2].trim(), position: Number(part[1]) };
  const title = values[0]?.trim();
  return title ? { title, position: null } : null;
}

function chaptersOf(chapters: Ao3Chapter[], maker: TextMaker): ImportedChapter[] {
  const result: ImportedChapter[] = [];
  for (const chapter of chapters) {
    const text = maker.text(chapter.body) ?? '';
    const summary = maker.text(chapter.summary);
    const notes = maker.text(chapter.notes);
    const endNotes = maker.text(chapter.endNotes);
    if (!text && !summary && !notes && !endNotes) continue;
    // The chapter's own parts are keys the contract does not name, so they ride along only when present.
    const imported: ImportedChapter = { title: chapterTitle(chapter.heading), text, words: countWords(text) };
    if (summary) imported.summary = summary;
    if (notes) imported.notes = notes;
    if (endNotes) imported.endNotes = endNotes;
    result.push(imported);
  }
  return result;
}

function labelsOf(download: Ao3Download, maker: TextMaker): OriginalLabel[] {
  const labels: OriginalLabel[] = [];
  for (const chrome of download.chrome) labels.push({ label: 'page notice', value: maker.value(chrome) });
  if (download.postedLine) labels.push({ label: 'Posted originally', value: download.postedLine.replace(/^posted originally\s*/i, '') });
  for (const field of download.fields) labels.push({ label: field.label, value: maker.value(field.text) });
  if (download.byline) labels.push({ label: 'byline', value: maker.value(download.byline) });
  download.chapters.forEach((chapter, index) => {
    if (chapter.byline) labels.push({ label: `chapter ${index + 1} byline`, value: maker.value(chapter.byline) });
  });
  return labels.filter((label) => label.value);
}

/** The title from the h1, the message's bold title, or the page's "Title - Creator - Fandom". */
function titleOf(download: Ao3Download): string | null {
  if (download.title) return download.title;
  if (download.messageTitle) return download.messageTitle;
  const page = download.pageTitle?.split(' - ')[0]?.trim();
  return page || null;
}

/** A work of the contract from a download read by readDownload. */
export function ao3Work(download: Ao3Download, source: string, encoding: string, repairs: Repair[]): ImportedWork {
  const maker = new TextMaker();
  maker.log.addAll(repairs);
  const fields = download.fields;
  const warned = ao3Warnings(valuesOf(fields, 'warnings'));
  const freeforms = [...valuesOf(fields, 'freeforms'), ...warned.freeforms.filter((tag) => !valuesOf(fields, 'freeforms').includes(tag))];
  const stats = parseStats(fields.filter((field) => fieldKind(field.label) === 'stats').map((field) => field.text).join(' '));
  const status = statusOf(stats);
  const chapters = chaptersOf(download.chapters, maker);
  const words = chapters.reduce((sum, chapter) => sum + chapter.words, 0);
  const seriesField = fields.find((field) => fieldKind(field.label) === 'series');
  const notes = [maker.text(download.notes), ...download.related.map((line) => maker.value(line))].filter(Boolean).join('\n\n');
  const work: ImportedWork = {
    sources: [source],
    title: titleOf(download),
    creators: download.creators.map((creator) => maker.value(creator)).filter(Boolean),
    fandoms: valuesOf(fields, 'fandoms'),
    rating: ao3Rating(valuesOf(fields, 'rating')),
    warnings: warned.warnings,
    categories: ao3Categories(valuesOf(fields, 'categories')),
    relationships: valuesOf(fields, 'relationships'),
    characters: valuesOf(fields, 'characters'),
    freeforms,
    summary: maker.text(download.summary),
    notes: notes || null,
    endNotes: maker.text(download.endNotes),
    disclaimer: null,
    challenge: null,
    series: seriesField ? seriesOf(seriesField.values, seriesField.text) : null,
    status,
    form: formOf(freeforms, chapters, words, status),
    chapters,
    words,
    archiveConsent: null,
    provenance: { archive: download.archive ?? 'Archive of Our Own', list: null, feedback: null, encoding },
    repairs: maker.log.list(),
    labels: labelsOf(download, maker),
    flags: [],
    publishedAt: stats.published,
    updatedAt: stats.completed ?? stats.updated ?? stats.published,
    language: valuesOf(fields, 'language')[0] ?? null,
    expectedChapters: stats.chapters ? stats.chapters.expected : 1,
  };
  return work;
}
