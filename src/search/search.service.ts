import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { parseSearch } from './search.parser.ts';
import { MAX_PAGE, searchWorks, type SearchPage } from './search.repository.ts';
import { SEARCH_SORTS, type SearchAudience, type SearchFilters, type SearchSort } from './search.types.ts';

export const SEARCH_PER_PAGE = 20;

// The query string, forgiving: an unknown sort or an odd page number falls back to the
// default rather than failing; only the text itself can be refused, with a message. The
// length is checked by the parser so the reader gets its message with the form.
export const searchParamsSchema = z.object({
  q: z.string().optional().transform((q) => q?.trim() ?? ''),
  sort: z.string().optional().transform((s) => (SEARCH_SORTS as readonly string[]).includes(s ?? '') ? (s as SearchSort) : null),
  page: z.string().optional().transform((p) => (p && /^\d{1,6}$/.test(p) ? Math.max(1, Number(p)) : 1)),
});
export type SearchParams = z.output<typeof searchParamsSchema>;

export type SearchOutcome =
  | { ok: true; sort: SearchSort; page: number; notes: string[]; results: SearchPage; pageCount: number; pastCap: boolean }
  | { ok: false; sort: SearchSort; message: string };

/** Best match first when there is text to match, newest update first otherwise. */
export function effectiveSort(params: SearchParams): SearchSort {
  if (params.sort && !(params.sort === 'relevance' && params.q === '')) return params.sort;
  return params.q === '' ? 'updated' : 'relevance';
}

/** Parses the text and runs the search for this audience, within the listing filters if any. */
export async function searchArchive(db: Db, params: SearchParams, audience: SearchAudience, filters: SearchFilters = null): Promise<SearchOutcome> {
  const sort = effectiveSort(params);
  let text = null;
  let notes: string[] = [];
  if (params.q !== '') {
    const parsed = parseSearch(params.q);
    if (!parsed.ok) return { ok: false, sort, message: parsed.message };
    text = parsed.search;
    notes = parsed.notes;
  }
  const page = Math.min(params.page, MAX_PAGE);
  const results = await searchWorks(db, { text, filters, sort, page, perPage: SEARCH_PER_PAGE, audience });
  const pageCount = Math.min(MAX_PAGE, Math.max(1, Math.ceil(results.total / SEARCH_PER_PAGE)));
  return { ok: true, sort, page, notes, results, pageCount, pastCap: params.page > MAX_PAGE };
}
