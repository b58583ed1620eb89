import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { Database, Work } from '../db/schema.ts';
import type { Sort } from './listing.filters.ts';
import { listedWorks } from './work.visibility.ts';

/** Whose works a listing shows, before the reader's filters. */
export interface ListingScope {
  userId?: number;
  pseudId?: number;
  /** The creator's own drafts, instead of posted works. */
  draftsOnly?: boolean;
  /** Works in these collections (a collection and its sub-collections), both sides agreed. */
  collectionIds?: number[];
  /** The user a userId or pseudId scope belongs to, when the viewer is that user (set by resolveListingQuery). */
  viewerIsOwner?: boolean;
}

/** Filters with tag names already resolved to the tag ids works are filtered under. */
export interface ListingQuery {
  /** Restricted works are listed only to logged-in readers (work.visibility.ts). */
  loggedIn: boolean;
  scope: ListingScope;
  includeIds: number[];
  excludeIds: number[];
  /** Works by these users never appear (the reader's blocklist). */
  excludeUserIds?: number[];
  language?: string | null;
  complete?: boolean | null;
  crossover?: 'only' | 'exclude' | null;
  wordsFrom?: number | null;
  wordsTo?: number | null;
  updatedFrom?: string | null;
  updatedTo?: string | null;
  postedFrom?: string | null;
  postedTo?: string | null;
  sort: Sort;
  descending: boolean;
  cursor?: { value: string | number | null; id: number } | null;
}

export const SORT_COLUMNS = {
  updated: 'updatedAt',
  posted: 'publishedAt',
  words: 'wordCount',
  title: 'sortTitle',
  creator: 'creatorSort',
  kudos: 'kudosCount',
  comments: 'commentCount',
  bookmarks: 'bookmarkCount',
  hits: 'hitCount',
} as const satisfies Record<Sort, keyof Work>;

// Below this many works under the rarest included tag, a page starts from that tag's
// works and sorts them; above it, a page walks the sort's index and checks each work's
// filters, stopping after one page. Either way a page reads a bounded number of rows, at
// page 1 and page 5,000 alike (keyset pagination). SQLite follows the order given by a
// CROSS JOIN; PostgreSQL chooses for itself from its statistics.
const GATHER_BELOW = 20_000;

// The expression builder is untyped here: the same conditions serve queries whose FROM
// differs (works alone, a tag's filter rows joined to works, or the search index).
export function listingConditions(q: ListingQuery) {
  return (eb: any): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [
      listedWorks(eb, {
        loggedIn: q.loggedIn,
        draftsOnly: q.scope.draftsOnly === true,
        anonymousHiddenFrom: (q.scope.userId !== undefined || q.scope.pseudId !== undefined) && q.scope.viewerIsOwner !== true,
      }),
    ];
    for (const tagId of q.includeIds) {
      all.push(eb.exists(eb.selectFrom('workFilters').select(sql`1`.as('one')).whereRef('workFilters.workId', '=', 'works.id').where('workFilters.tagId', '=', tagId)));
    }
    if (q.excludeIds.length > 0) {
      all.push(eb.not(eb.exists(eb.selectFrom('workFilters').select(sql`1`.as('one')).whereRef('workFilters.workId', '=', 'works.id').where('workFilters.tagId', 'in', q.excludeIds))));
    }
    if (q.scope.userId !== undefined || q.scope.pseudId !== undefined || (q.excludeUserIds?.length ?? 0) > 0) {
      const credits = () =>
        eb.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId').where('creatorships.isApproved', '=', 1);
      // One creator's works as a list the engine builds once from the creator's index: as a
      // correlated EXISTS, SQLite tested every work of the archive in turn (an author page
      // took 180 ms at 20,000 works, 7 ms this way).
      if (q.scope.userId !== undefined) all.push(eb('works.id', 'in', credits().select('creatorships.workId').where('pseuds.userId', '=', q.scope.userId)));
      if (q.scope.pseudId !== undefined) all.push(eb('works.id', 'in', credits().select('creatorships.workId').where('pseuds.id', '=', q.scope.pseudId)));
      if (q.excludeUserIds?.length) {
        all.push(eb.not(eb.exists(credits().select(sql`1`.as('one')).whereRef('creatorships.workId', '=', 'works.id').where('pseuds.userId', 'in', q.excludeUserIds))));
      }
    }
    if (q.scope.collectionIds !== undefined) {
      // As a list built once from the collection's index, like a creator's works above.
      all.push(
        eb(
          'works.id',
          'in',
          eb
            .selectFrom('collectionItems')
            .select('collectionItems.workId')
            .where('collectionItems.collectionId', 'in', q.scope.collectionIds.length > 0 ? q.scope.collectionIds : [0])
            .where('collectionItems.creatorStatus', '=', 'approved')
            .where('collectionItems.collectionStatus', '=', 'approved'),
        ),
      );
    }
    if (q.language) all.push(eb('works.language', '=', q.language));
    if (q.complete !== null && q.complete !== undefined) all.push(eb('works.isComplete', '=', q.complete ? 1 : 0));
    if (q.wordsFrom != null) all.push(eb('works.wordCount', '>=', q.wordsFrom));
    if (q.wordsTo != null) all.push(eb('works.wordCount', '<=', q.wordsTo));
    // Dates are ISO text: a day's upper bound is the start of the next day.
    if (q.updatedFrom) all.push(eb('works.updatedAt', '>=', q.updatedFrom));
    if (q.updatedTo) all.push(eb('works.updatedAt', '<', nextDay(q.updatedTo)));
    if (q.postedFrom) all.push(eb('works.publishedAt', '>=', q.postedFrom));
    if (q.postedTo) all.push(eb('works.publishedAt', '<', nextDay(q.postedTo)));
    if (q.crossover) {
      const fandoms = sql<number>`(select count(*) from work_filters cf join tags ct on ct.id = cf.tag_id
        where cf.work_id = works.id and cf.is_inherited = 0 and ct.type = 'Fandom')`;
      all.push(q.crossover === 'only' ? eb(fandoms, '>', 1) : eb(fandoms, '<=', 1));
    }
    if (q.cursor) {
      // A row-value comparison, (updated_at, id) < (?, ?): both engines turn it into one
      // range seek on the sort's index, where the equivalent OR would scan from the start.
      const column = `works.${SORT_COLUMNS[q.sort]}`;
      all.push(eb(eb.refTuple(column, 'works.id'), q.descending ? '<' : '>', eb.tuple(q.cursor.value, q.cursor.id)));
    }
    return eb.and(all);
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** How many works a filter tag has, counted no further than `cap`. */
async function cappedTagSize(db: Kysely<Database>, tagId: number, cap: number): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('workFilters').select('workId').where('tagId', '=', tagId).limit(cap).as('capped'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The included tag whose works a query should start from and sort (see GATHER_BELOW), or null
 * to walk the sort's index. PostgreSQL plans this itself from its statistics (and counting a
 * tag's rows there costs more than the page); SQLite's planner has none, so it is told.
 */
export async function tagToGatherFrom(db: Kysely<Database>, q: Pick<ListingQuery, 'includeIds'>): Promise<number | null> {
  if (q.includeIds.length === 0 || engineOf(db) !== 'sqlite') return null;
  const sizes = await Promise.all(q.includeIds.map(async (id) => ({ id, size: await cappedTagSize(db, id, GATHER_BELOW) })));
  const smallest = sizes.reduce((a, b) => (b.size < a.size ? b : a));
  return smallest.size < GATHER_BELOW ? smallest.id : null;
}

/** One page of works in the listing's order, and the cursor of the next page if any. */
export async function listWorks(db: Kysely<Database>, q: ListingQuery, limit: number): Promise<{ works: Work[]; hasMore: boolean }> {
  const rarest = await tagToGatherFrom(db, q);
  const column = SORT_COLUMNS[q.sort];
  const direction = q.descending ? 'desc' : 'asc';
  const base =
    rarest === null
      ? db.selectFrom('works')
      : db.selectFrom('workFilters as start').crossJoin('works').whereRef('works.id', '=', 'start.workId').where('start.tagId', '=', rarest);
  const rows = await base
    .selectAll('works')
    .where(listingConditions(q))
    .orderBy(`works.${column}`, direction)
    .orderBy('works.id', direction)
    .limit(limit + 1)
    .execute();
  return { works: rows.slice(0, limit) as Work[], hasMore: rows.length > limit };
}

/** How many works match, counted no further than `cap` (a listing says "more than …"). */
export async function countWorks(db: Kysely<Database>, q: ListingQuery, cap: number): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('works').select('works.id').where(listingConditions({ ...q, cursor: null })).limit(cap + 1).as('matching'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Tag counts for the sidebar, over the first `sample` works of the listing in its order
 * (exact whenever the listing is no longer than that). Counting a 100,000-work fandom's
 * tags on every page view would cost more than the page itself.
 */
export async function facetCounts(db: Kysely<Database>, q: ListingQuery, sample: number) {
  const matching = db
    .selectFrom('works')
    .select('works.id')
    .where(listingConditions({ ...q, cursor: null }))
    .orderBy(`works.${SORT_COLUMNS[q.sort]}`, q.descending ? 'desc' : 'asc')
    .orderBy('works.id', q.descending ? 'desc' : 'asc')
    .limit(sample);
  return db
    .selectFrom(matching.as('matching'))
    .innerJoin('workFilters', 'workFilters.workId', 'matching.id')
    .innerJoin('tags', 'tags.id', 'workFilters.tagId')
    .select(['tags.id', 'tags.type', 'tags.name', sql<number>`count(*)`.as('workCount')])
    .groupBy(['tags.id', 'tags.type', 'tags.name'])
    .orderBy('workCount', 'desc')
    .orderBy('tags.name')
    .limit(400)
    .execute();
}

/** Fandoms with how many listed works each has, most popular first. */
export function fandomCounts(db: Kysely<Database>, loggedIn: boolean, limit: number) {
  return db
    .selectFrom('workFilters')
    .innerJoin('works', 'works.id', 'workFilters.workId')
    .innerJoin('tags', 'tags.id', 'workFilters.tagId')
    .select(['tags.id', 'tags.name', 'tags.urlName', sql<number>`count(*)`.as('workCount')])
    .where('tags.type', '=', 'Fandom')
    .where((eb) => listedWorks(eb, { loggedIn }))
    .groupBy(['tags.id', 'tags.name', 'tags.urlName']).orderBy('workCount', 'desc').orderBy('tags.name').limit(limit).execute();
}
