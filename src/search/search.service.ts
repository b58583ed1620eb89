import { z } from 'zod';
import { ok, type Result } from '../context.ts';
import type { Db } from '../db/database.ts';
import { tagKey } from '../tags/tag.names.ts';
import { findTagsByKeys } from '../tags/tag.repository.ts';
import { parseSearch } from './search.parser.ts';
import { MAX_PAGE, searchWorks, type SearchPage } from './search.repository.ts';
import { SEARCH_SORTS, type SearchAudience, type SearchFilters, type SearchSort, type TextSearch } from './search.types.ts';

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

/** The page of results, or the message that says why the text cannot be searched for. */
export type SearchOutcome = Result<{ sort: SearchSort; page: number; notes: string[]; results: SearchPage; pageCount: number; pastCap: boolean }, string>;

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
    if (!parsed.ok) return parsed;
    text = parsed.value.search;
    notes = parsed.value.notes;
  }
  const page = Math.min(params.page, MAX_PAGE);
  const byTags = text ? await tagClausesAsFilters(db, text, filters, audience) : { text, filters };
  const results = await searchWorks(db.kysely, { ...byTags, sort, page, perPage: SEARCH_PER_PAGE, audience });
  const pageCount = Math.min(MAX_PAGE, Math.max(1, Math.ceil(results.total / SEARCH_PER_PAGE)));
  return ok({ sort, page, notes, results, pageCount, pastCap: params.page > MAX_PAGE });
}

/**
 * `tag:NAME` where NAME is a tag on the archive finds what that tag's page lists: the works
 * filtered under it (a synonym's canonical, with all its synonyms and subtags), from
 * work_filters, like the include and exclude filters. One lookup for the whole query; a name
 * that is no tag stays a search for those words in the tags.
 */
async function tagClausesAsFilters(db: Db, text: TextSearch, filters: SearchFilters, audience: SearchAudience): Promise<{ text: TextSearch | null; filters: SearchFilters }> {
  const named = text.clauses.filter((c) => c.tagName !== undefined);
  if (named.length === 0) return { text, filters };
  const tags = await findTagsByKeys(db.kysely, named.map((c) => tagKey(c.tagName!)));
  const filterIdByKey = new Map(tags.map((t) => [t.nameKey, t.mergerId ?? t.id]));
  const includeIds: number[] = [];
  const excludeIds: number[] = [];
  const rest = text.clauses.filter((clause) => {
    const id = clause.tagName === undefined ? undefined : filterIdByKey.get(tagKey(clause.tagName));
    if (id === undefined) return true;
    (clause.exclude ? excludeIds : includeIds).push(id);
    return false;
  });
  if (rest.length === text.clauses.length) return { text, filters };
  const base = filters ?? { loggedIn: audience === 'members', scope: {}, includeIds: [], excludeIds: [], sort: 'updated' as const, descending: true };
  return {
    text: rest.length > 0 ? { clauses: rest } : null,
    filters: { ...base, includeIds: [...new Set([...base.includeIds, ...includeIds])], excludeIds: [...new Set([...base.excludeIds, ...excludeIds])] },
  };
}
