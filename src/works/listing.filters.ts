import { LANGUAGES } from './work.types.ts';

// The filters and sorts every listing takes (tag pages, author pages, /works, search),
// read from and written back to the URL so a page can be shared and bookmarked.

export const SORTS = ['updated', 'posted', 'words', 'title', 'creator', 'kudos', 'comments', 'bookmarks', 'hits'] as const;
export type Sort = (typeof SORTS)[number];

export const SORT_LABELS: Record<Sort, string> = {
  updated: 'Date updated',
  posted: 'Date posted',
  words: 'Word count',
  title: 'Title',
  creator: 'Creator',
  kudos: 'Kudos',
  comments: 'Comments',
  bookmarks: 'Bookmarks',
  hits: 'Hits',
};

/** Sorts that read best A→Z; the rest put the largest or newest first. */
const ASCENDING_BY_DEFAULT: ReadonlySet<Sort> = new Set(['title', 'creator']);

export interface ListingFilters {
  /** Tag names every work must have (after synonyms and metatags). */
  include: string[];
  /** Tag names no work may have. */
  exclude: string[];
  language: string | null;
  /** true: complete works only; false: works in progress only. */
  complete: boolean | null;
  /** 'only': crossovers only; 'exclude': single-fandom works only. */
  crossover: 'only' | 'exclude' | null;
  wordsFrom: number | null;
  wordsTo: number | null;
  updatedFrom: string | null;
  updatedTo: string | null;
  postedFrom: string | null;
  postedTo: string | null;
  sort: Sort;
  descending: boolean;
  /** Keyset cursor: where the previous page ended. */
  after: string | null;
}

export interface ParsedFilters {
  filters: ListingFilters;
  /** Problems with what the URL asked for; those filters are left out and the page says so. */
  errors: Record<string, string>;
}

const MAX_TAGS = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function tagList(params: URLSearchParams, name: string): string[] {
  const names = params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return [...new Set(names.map((n) => n.slice(0, 150)))].slice(0, MAX_TAGS);
}

function count(params: URLSearchParams, name: string, errors: Record<string, string>): number | null {
  const raw = params.get(name)?.replace(/[ ,_]/g, '').trim();
  if (!raw) return null;
  if (!/^\d{1,9}$/.test(raw)) {
    errors[name] = 'Use a whole number of words, such as 1000.';
    return null;
  }
  return Number(raw);
}

function date(params: URLSearchParams, name: string, errors: Record<string, string>): string | null {
  const raw = params.get(name)?.trim();
  if (!raw) return null;
  if (!DATE.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    errors[name] = 'Use a date such as 2004-01-31.';
    return null;
  }
  return raw;
}

export function parseFilters(params: URLSearchParams, defaultSort: Sort = 'updated'): ParsedFilters {
  const errors: Record<string, string> = {};
  const sortParam = params.get('sort');
  const sort = (SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as Sort) : defaultSort;
  if (sortParam && sort !== sortParam) errors.sort = 'Choose a sort from the list.';
  const order = params.get('order');
  const language = params.get('language')?.trim() || null;
  if (language && !(language in LANGUAGES)) errors.language = 'Choose a language from the list.';
  const complete = params.get('complete');
  const crossover = params.get('crossover');
  const filters: ListingFilters = {
    include: tagList(params, 'include'),
    exclude: tagList(params, 'exclude'),
    language: language && language in LANGUAGES ? language : null,
    complete: complete === 'true' ? true : complete === 'false' ? false : null,
    crossover: crossover === 'only' || crossover === 'exclude' ? crossover : null,
    wordsFrom: count(params, 'words_from', errors),
    wordsTo: count(params, 'words_to', errors),
    updatedFrom: date(params, 'updated_from', errors),
    updatedTo: date(params, 'updated_to', errors),
    postedFrom: date(params, 'posted_from', errors),
    postedTo: date(params, 'posted_to', errors),
    sort,
    descending: order === 'asc' ? false : order === 'desc' ? true : !ASCENDING_BY_DEFAULT.has(sort),
    after: params.get('after')?.slice(0, 300) || null,
  };
  if (filters.wordsFrom !== null && filters.wordsTo !== null && filters.wordsFrom > filters.wordsTo) {
    errors.words_to = 'The largest word count must not be below the smallest.';
    filters.wordsTo = null;
  }
  return { filters, errors };
}

/** The query string for these filters (without the cursor unless given), for links and forms. */
export function filtersToParams(filters: ListingFilters, defaultSort: Sort = 'updated'): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of filters.include) params.append('include', name);
  for (const name of filters.exclude) params.append('exclude', name);
  if (filters.language) params.set('language', filters.language);
  if (filters.complete !== null) params.set('complete', String(filters.complete));
  if (filters.crossover) params.set('crossover', filters.crossover);
  if (filters.wordsFrom !== null) params.set('words_from', String(filters.wordsFrom));
  if (filters.wordsTo !== null) params.set('words_to', String(filters.wordsTo));
  if (filters.updatedFrom) params.set('updated_from', filters.updatedFrom);
  if (filters.updatedTo) params.set('updated_to', filters.updatedTo);
  if (filters.postedFrom) params.set('posted_from', filters.postedFrom);
  if (filters.postedTo) params.set('posted_to', filters.postedTo);
  if (filters.sort !== defaultSort) params.set('sort', filters.sort);
  if (filters.descending === ASCENDING_BY_DEFAULT.has(filters.sort)) params.set('order', filters.descending ? 'desc' : 'asc');
  if (filters.after) params.set('after', filters.after);
  return params;
}

/** A cursor names the last row of a page: its sort value and id. Opaque to readers. */
export function encodeCursor(value: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: string | number | null; id: number } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, id] = parsed as [unknown, unknown];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return null;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') return null;
    return { value, id };
  } catch {
    return null;
  }
}
