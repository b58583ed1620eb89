import type { SeriesRequest } from '../series/series.types.ts';
import type { Rating } from '../tags/tag.types.ts';

/** AO3's limits, in characters. */
export const LIMITS = {
  title: 255,
  summary: 1250,
  notes: 5000,
  chapterText: 510_000,
  chapterTextMin: 1,
  chapterTitle: 255,
  expectedChapters: 9999,
} as const;

/** Languages offered on the posting form (BCP 47 code → name in that language). */
export const LANGUAGES: Record<string, string> = {
  en: 'English',
  ar: 'العربية',
  ca: 'Català',
  cs: 'Čeština',
  da: 'Dansk',
  de: 'Deutsch',
  el: 'Ελληνικά',
  es: 'Español',
  fi: 'Suomi',
  fr: 'Français',
  he: 'עברית',
  hu: 'Magyar',
  id: 'Bahasa Indonesia',
  it: 'Italiano',
  ja: '日本語',
  ko: '한국어',
  nl: 'Nederlands',
  no: 'Norsk',
  pl: 'Polski',
  'pt-BR': 'Português brasileiro',
  'pt-PT': 'Português europeu',
  ru: 'Русский',
  sv: 'Svenska',
  th: 'ไทย',
  tr: 'Türkçe',
  uk: 'Українська',
  vi: 'Tiếng Việt',
  zh: '中文',
};

export interface ChapterInput {
  title: string | null;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  /** What the author typed: plain text with blank-line paragraphs, or HTML. */
  text: string;
}

/** A work as the posting and editing forms send it, already validated for shape. */
export interface WorkInput {
  title: string;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  rating: Rating;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  language: string;
  /** The poster's own pseuds to credit (at least one). */
  pseudIds: number[];
  /** Other people's pseuds to invite as co-creators: "pseud" or "pseud (login)". */
  coCreators: string[];
  isRestricted: boolean;
  /** Chapters the author expects in all; null when unknown ("?"). */
  expectedChapters: number | null;
  /** Marks the work complete: the expected count becomes the posted count. */
  isComplete: boolean;
  /** A chosen publication day (YYYY-MM-DD, backdating); null: now for a new work, unchanged for an edit. */
  publishedOn?: string | null | undefined;
  /** "Add to series": one of the poster's series or a new one (src/series); null or absent: none. */
  series?: SeriesRequest | null | undefined;
  /** "Collections": names to add the work to (src/collections), as requests or invitations; absent: none. */
  collections?: string[] | undefined;
}

export interface NewWorkInput extends WorkInput {
  chapter: ChapterInput;
  /** Chapters after the first, saved in the same transaction (a story mailed whole: post by mail). */
  moreChapters?: ChapterInput[];
  /** Post now, or keep as a draft only the creators can see. */
  asDraft: boolean;
  /** A random key the form carries, so a second submit of the same form posts nothing new. */
  submissionKey: string | null;
}
