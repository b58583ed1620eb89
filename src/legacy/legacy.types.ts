// The shapes of the import contract (docs/import-contract.md). The keys of ImportedWork are
// the contract's, exactly; `labels` and `flags` are extra keys, which the contract allows, and
// so are the optional dates, language and planned chapters (and a chapter's own summary and
// notes) of sources that state them (AO3 downloads).

export type Rating = 'General Audiences' | 'Teen And Up Audiences' | 'Mature' | 'Explicit' | 'Not Rated';
export type Category = 'Gen' | 'F/M' | 'M/M' | 'F/F' | 'Multi' | 'Other';
export type WorkStatus = 'complete' | 'in-progress' | 'unknown';
export type WorkForm = 'story' | 'drabble' | 'drabble-collection' | 'ficlet' | 'poem';
export type ArchiveConsent = 'yes' | 'ask' | 'no';

export interface Repair {
  rule: string;
  before: string;
  after: string;
  count?: number;
}

export interface ImportedChapter {
  title: string | null;
  text: string;
  words: number;
  /** A chapter's own summary and notes, where the source keeps them apart (AO3): plain text. */
  summary?: string;
  notes?: string;
  endNotes?: string;
}

export interface Provenance {
  archive: string | null;
  list: string | null;
  feedback: string | null;
  encoding: string;
}

/** An original label as the source wrote it, kept so the author's own words survive mapping. */
export interface OriginalLabel {
  label: string;
  value: string;
}

export interface ReviewFlag {
  code: string;
  detail: string;
}

export interface ImportedWork {
  sources: string[];
  title: string | null;
  creators: string[];
  fandoms: string[];
  rating: Rating;
  warnings: string[];
  categories: Category[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  disclaimer: string | null;
  challenge: string | null;
  series: { title: string; position: number | null } | null;
  status: WorkStatus;
  form: WorkForm;
  chapters: ImportedChapter[];
  words: number;
  archiveConsent: ArchiveConsent | null;
  provenance: Provenance;
  repairs: Repair[];
  labels: OriginalLabel[];
  flags: ReviewFlag[];
  /** Extra keys, where the source states them (AO3): ISO 8601 dates, the language as written, the chapters planned. */
  publishedAt?: string | null;
  updatedAt?: string | null;
  language?: string | null;
  expectedChapters?: number | null;
}

/** A creator's private address, for claim invitations only: never a field of the printed work. */
export interface Contact {
  name: string | null;
  address: string;
}

export interface ImportOptions {
  archive?: string;
  list?: string;
  fandom?: string;
  /** Seconds one file may take to read before it is skipped (default DEFAULT_FILE_SECONDS, file.budget.ts). */
  fileSeconds?: number;
}

/** Facts from a mail or news message around the story text. */
export interface MailInfo {
  subject: string | null;
  fromName: string | null;
  /** Used only to group the parts of one story; never printed. */
  fromAddress: string | null;
  date: string | null;
  messageId: string | null;
  listName: string | null;
  newsgroups: string | null;
  isReply: boolean;
}

/**
 * One readable document that a source adapter found in a file: the whole file for text and
 * HTML, one message for e-mail and mbox. Its text is decoded, repaired and NFC.
 */
export interface SourceDocument {
  source: string;
  text: string;
  encoding: string;
  repairs: Repair[];
  mail: MailInfo | null;
  htmlTitle: string | null;
  /** Addresses seen in mail headers: they must not reach any field of the work. */
  addresses: string[];
}

/** Why a file or message gave no work. */
export interface Skipped {
  source: string;
  reason: string;
}

/** What one document is, once read: a work (or a part of one), or a reason to skip it. */
export type DocumentResult =
  | { kind: 'work'; work: ImportedWork; part: PartMarker | null; groupKey: string }
  | { kind: 'skipped'; skipped: Skipped };

export interface PartMarker {
  number: number;
  total: number | null;
}
