import type { Result } from '../context.ts';
import type { ListingQuery } from '../works/listing.repository.ts';
// The typed form of a search: what the parser makes of the text box, and everything else a
// results page asks for. SQL is built from these types only, never from the raw text.

/** Fields a term can be limited to with `field:`; an unfielded term searches them all and the chapter text. */
export type SearchField = 'title' | 'creator' | 'tag' | 'summary';

/**
 * One word or a phrase: words that must follow each other. `prefix` makes the last word a
 * prefix (`kryp*`, `"green ro*"`). Words hold letters, digits and marks only, as the index's
 * tokenizer would cut them, so they can be quoted into FTS5 and tsquery syntax safely.
 */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

export interface SearchClause {
  term: SearchTerm;
  /** null: anywhere (title, summary and notes, tags, creators, chapter text). */
  field: SearchField | null;
  /** `-angst`: works matching this clause are left out. */
  exclude: boolean;
  /**
   * A `tag:` term's value as typed ("Clark Kent/Lex Luthor"): when it names a tag, the clause
   * means the works filtered under that tag, as its tag page lists them (synonyms included).
   */
  tagName?: string;
}

/** Implicit AND of every clause; at least one clause is not excluded. */
export interface TextSearch {
  clauses: SearchClause[];
}

/** The search, with notes on what was left out; or nothing to search for, with a message for the reader (never an exception). */
export type ParseResult = Result<{ search: TextSearch; notes: string[] }, string>;

export const SEARCH_SORTS = ['relevance', 'updated', 'posted', 'words', 'title'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * Who is asking decides what may be found: drafts never; restricted works for `members`
 * (logged-in readers) only. The JSON API always searches as `public`.
 */
export type SearchAudience = 'public' | 'members';

/**
 * The listing filters (include/exclude tags, language, completion, crossovers, words, dates,
 * the reader's blocklist), applied to the same `works` row the text search joins; null when
 * the page asked for none.
 */
export type SearchFilters = ListingQuery | null;

export interface SearchQuery {
  /** null: no text, so the page lists works by the filters and sort alone. */
  text: TextSearch | null;
  filters: SearchFilters;
  /** `relevance` falls back to `updated` when there is no text. */
  sort: SearchSort;
  page: number;
  perPage: number;
  audience: SearchAudience;
}
