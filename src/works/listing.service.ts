import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import { tagKey } from '../tags/tag.names.ts';
import { filterTagFor, findTagsByKeys } from '../tags/tag.repository.ts';
import { tagVisibleTo } from '../tags/tag.service.ts';
import { decodeCursor, encodeCursor, parseFilters, type ListingFilters } from './listing.filters.ts';
import { countWorks, facetCounts, listWorks, SORT_COLUMNS, type ListingQuery, type ListingScope } from './listing.repository.ts';
import { blockedFilterTagIds, blockedUserIds } from '../readers/reader.repository.ts';
import { Memo } from '../web/memo.ts';
import { presentWorks, type WorkSummaryView } from './work.presenter.ts';

export interface Facet {
  name: string;
  workCount: number;
}

export interface ListingResult {
  works: WorkSummaryView[];
  nextCursor: string | null;
  /** Matching works, counted up to COUNT_CAP. */
  total: number;
  totalIsCapped: boolean;
  /** Tag counts by tag type, over the first FACET_SAMPLE works. */
  facets: Record<string, Facet[]>;
  facetsAreSampled: boolean;
  /** Names in the filters that are no tag on the archive. */
  unknownTags: string[];
  /** Of those, the ones works were to have: nothing can match. */
  unknownInclude: string[];
  /** Nothing is listed, and only because of the reader's blocklist. */
  hiddenByBlocklist: boolean;
}

const COUNT_CAP = 5_000;
const FACET_SAMPLE = 1_000;
const FACETS_PER_TYPE = 10;
// The total and the sidebar's counts cost far more than the page itself on a large tag (up
// to half a second for a 150,000-work fandom with excludes: every candidate work is probed
// for its filters). They are the same for every page of one listing, so each process keeps
// them for two minutes per filter set; the works themselves are always read fresh.
const SUMMARY_SECONDS = 120;

type Summary = { total: number; facetRows: Awaited<ReturnType<typeof facetCounts>> };
const summaries = new WeakMap<AppContext, Memo<Summary>>();

function summaryOf(ctx: AppContext, query: ListingQuery, withFacets: boolean): Promise<Summary> {
  let memo = summaries.get(ctx);
  if (!memo) summaries.set(ctx, (memo = new Memo<Summary>(SUMMARY_SECONDS * 1000)));
  return memo.get(JSON.stringify({ ...query, cursor: null, withFacets }), async () => {
    const [total, facetRows] = await Promise.all([
      countWorks(ctx.db.kysely, query, COUNT_CAP),
      withFacets ? facetCounts(ctx.db.kysely, query, FACET_SAMPLE) : Promise.resolve([]),
    ]);
    return { total, facetRows };
  });
}

/**
 * The tag a name is filtered under: its canonical when it is a synonym, else itself. A tag
 * the viewer may not know of (on drafts or restricted works alone) counts as unknown.
 */
async function filterIdsFor(ctx: AppContext, viewer: Viewer | null, names: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (names.length === 0) return { ids: [], unknown: [] };
  const tags = await findTagsByKeys(ctx.db.kysely, names.map(tagKey));
  const visible = await Promise.all(tags.map((t) => tagVisibleTo(ctx.db.kysely, viewer, t)));
  const byKey = new Map(tags.filter((_, i) => visible[i]).map((t) => [t.nameKey, t.mergerId ?? t.id]));
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const id = byKey.get(tagKey(name));
    if (id === undefined) unknown.push(name);
    else ids.push(id);
  }
  return { ids: [...new Set(ids)], unknown };
}

/**
 * The listing query for filters read from a URL: tag names become the ids works are filtered
 * under. `unknownInclude` names a tag no work can have (so nothing matches). `unblocked` is
 * the same query without the reader's blocklist, to tell them when it hides everything.
 */
export async function resolveListingQuery(
  ctx: AppContext,
  viewer: Viewer | null,
  filters: ListingFilters,
  scope: ListingScope = {},
  scopeTagId?: number,
): Promise<{ query: ListingQuery; unblocked: ListingQuery | null; unknownInclude: string[]; unknownExclude: string[] }> {
  const db = ctx.db.kysely;
  const [include, exclude] = await Promise.all([filterIdsFor(ctx, viewer, filters.include), filterIdsFor(ctx, viewer, filters.exclude)]);
  let scopeFilterId: number | undefined;
  if (scopeTagId !== undefined) {
    scopeFilterId = await filterTagFor(db, scopeTagId);
  }
  // The reader's blocklist is one more set of excludes, so totals and tag counts agree with it.
  const [blockedTags, blockedUsers] = viewer ? await Promise.all([blockedFilterTagIds(db, viewer.id), blockedUserIds(db, viewer.id)]) : [[], []];
  const unblocked: ListingQuery = {
    loggedIn: viewer !== null,
    scope,
    includeIds: [...new Set([...(scopeFilterId !== undefined ? [scopeFilterId] : []), ...include.ids])],
    excludeIds: exclude.ids,
    language: filters.language,
    complete: filters.complete,
    crossover: filters.crossover,
    wordsFrom: filters.wordsFrom,
    wordsTo: filters.wordsTo,
    updatedFrom: filters.updatedFrom,
    updatedTo: filters.updatedTo,
    postedFrom: filters.postedFrom,
    postedTo: filters.postedTo,
    sort: filters.sort,
    descending: filters.descending,
    cursor: filters.after ? decodeCursor(filters.after) : null,
  };
  if (blockedTags.length === 0 && blockedUsers.length === 0) return { query: unblocked, unblocked: null, unknownInclude: include.unknown, unknownExclude: exclude.unknown };
  const query: ListingQuery = {
    ...unblocked,
    excludeIds: [...new Set([...exclude.ids, ...blockedTags])],
    ...(blockedUsers.length > 0 ? { excludeUserIds: blockedUsers } : {}),
  };
  return { query, unblocked, unknownInclude: include.unknown, unknownExclude: exclude.unknown };
}

/** Whether an empty page is empty only because of the reader's blocklist. */
async function hiddenByBlocklist(ctx: AppContext, unblocked: ListingQuery | null, pageIsEmpty: boolean): Promise<boolean> {
  if (!pageIsEmpty || unblocked === null) return false;
  return (await countWorks(ctx.db.kysely, { ...unblocked, cursor: null }, 1)) > 0;
}

/**
 * The home page's newest works, with the reader's blocklist like every listing.
 * `blockedTagIds` lets the page leave blocked fandoms out of its list.
 */
export async function recentWorks(ctx: AppContext, viewer: Viewer | null, limit: number) {
  const { query, unblocked } = await resolveListingQuery(ctx, viewer, parseFilters(new URLSearchParams()).filters);
  const page = await listWorks(ctx.db.kysely, query, limit);
  return {
    works: await presentWorks(ctx.db.kysely, page.works, viewer),
    hiddenByBlocklist: await hiddenByBlocklist(ctx, unblocked, page.works.length === 0),
    blockedTagIds: new Set(unblocked ? query.excludeIds : []),
  };
}

/**
 * One page of a listing with everything its page shows: the blurbs, the next-page cursor,
 * a bounded total and the sidebar's tag counts. `scopeTagId` is the tag of a tag page.
 */
export async function runListing(
  ctx: AppContext,
  viewer: Viewer | null,
  input: { scope: ListingScope; scopeTagId?: number; filters: ListingFilters; pageSize: number; withFacets?: boolean },
): Promise<ListingResult> {
  const db = ctx.db.kysely;
  const { filters } = input;
  const { query, unblocked, unknownInclude, unknownExclude } = await resolveListingQuery(ctx, viewer, filters, input.scope, input.scopeTagId);
  // A tag nobody uses cannot be on any work: nothing matches, and the page says why.
  if (unknownInclude.length > 0) {
    const unknownTags = [...unknownInclude, ...unknownExclude];
    return { works: [], nextCursor: null, total: 0, totalIsCapped: false, facets: {}, facetsAreSampled: false, unknownTags, unknownInclude, hiddenByBlocklist: false };
  }
  const [page, { total, facetRows }] = await Promise.all([listWorks(db, query, input.pageSize), summaryOf(ctx, query, input.withFacets !== false)]);
  const last = page.works[page.works.length - 1];
  const facets: Record<string, Facet[]> = {};
  for (const row of facetRows) {
    const list = (facets[row.type] ??= []);
    if (list.length < FACETS_PER_TYPE) list.push({ name: row.name, workCount: Number(row.workCount) });
  }
  return {
    works: await presentWorks(db, page.works, viewer),
    nextCursor: page.hasMore && last ? encodeCursor(last[SORT_COLUMNS[filters.sort]], last.id) : null,
    total: Math.min(total, COUNT_CAP),
    totalIsCapped: total > COUNT_CAP,
    facets,
    facetsAreSampled: total > FACET_SAMPLE,
    unknownTags: unknownExclude,
    unknownInclude: [],
    hiddenByBlocklist: await hiddenByBlocklist(ctx, unblocked, page.works.length === 0 && filters.after === null),
  };
}
