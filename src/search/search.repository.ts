import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Engine, Queryable } from '../db/database.ts';
import { engineOf } from '../db/dialect.ts';
import type { Database, Work } from '../db/schema.ts';
import { listingConditions, tagToGatherFrom } from '../works/listing.repository.ts';
import { listedWorks } from '../works/work.visibility.ts';
import { matchCondition, matchesNoneCondition, scoreExpression } from './search-match.repository.ts';
import { matchPattern, snippetHtml } from './search.snippet.ts';
import type { SearchQuery, SearchSort, TextSearch } from './search.types.ts';

// Offset pagination with a hard cap of 50 pages: ranking needs every match scored anyway, and
// nobody reads past the thousandth result of a search; they refine it.
export const MAX_PAGE = 50;

export interface SearchPage {
  works: Work[];
  /** Matching works, exact or (then `totalCapped`) counted up to MAX_PAGE pages' worth. */
  total: number;
  totalCapped: boolean;
  /** Per work id: HTML with the matches in <mark>, everything else escaped. */
  snippets: Map<number, string>;
}

type WorksQuery = SelectQueryBuilder<Database, 'works', object>;

/** The listings' rule (work.visibility.ts): restricted works for logged-in readers only. */
function visible(query: WorksQuery, audience: SearchQuery['audience']): WorksQuery {
  return query.where((eb) => listedWorks(eb, { loggedIn: audience === 'members' }));
}

function joinIndex(db: Kysely<Database>, engine: Engine): WorksQuery {
  return engine === 'sqlite'
    ? (db.selectFrom('works').innerJoin('workSearch', (join) => join.on(sql<boolean>`work_search.rowid = works.id`)) as unknown as WorksQuery)
    : (db.selectFrom('works').innerJoin('workSearch', 'workSearch.workId', 'works.id') as unknown as WorksQuery);
}

function ordered<O>(query: SelectQueryBuilder<Database, 'works', O>, engine: Engine, sort: SearchSort, text: TextSearch | null) {
  switch (sort === 'relevance' && text === null ? 'updated' : sort) {
    case 'relevance':
      return query.orderBy(sql`score`).orderBy('works.id', 'desc');
    case 'posted':
      return query.orderBy('works.publishedAt', 'desc').orderBy('works.id', 'desc');
    case 'words':
      return query.orderBy('works.wordCount', 'desc').orderBy('works.id', 'desc');
    case 'title':
      // Byte order of the lower-cased title on both engines: PostgreSQL would otherwise use
      // its locale's rules and the two engines would list titles differently.
      return query.orderBy(engine === 'postgres' ? sql`lower(works.title) collate "C"` : sql`lower(works.title)`).orderBy('works.id');
    default:
      return query.orderBy('works.updatedAt', 'desc').orderBy('works.id', 'desc');
  }
}

/**
 * Works to list by the filters alone (a search whose words were all tags): a small tag's
 * works are gathered from its filter rows, as listings do, instead of testing every work
 * for the tag (counting 1,000 of a 1,500-work tag that way read half the archive).
 */
async function listingBase(db: Kysely<Database>, filters: SearchQuery['filters']): Promise<WorksQuery> {
  const start = filters ? await tagToGatherFrom(db, filters) : null;
  if (start === null) return db.selectFrom('works');
  return db
    .selectFrom('workFilters as start')
    .crossJoin('works')
    .whereRef('works.id', '=', 'start.workId')
    .where('start.tagId', '=', start) as unknown as WorksQuery;
}

/**
 * Works whose index row matches the text, and (PostgreSQL, ranked) within the included tags. There the
 * planner takes any text to match about 100 works (the vectors have no statistics: migration
 * 007), so a tag checked against the works row made it merge-join the tag's filter rows with
 * every match, sorting them by id with their `ranking` vectors: the 19,925 works with
 * "lantern" of 20,000 went to disk (12 MB), and `tag:"Alternate Universe" lantern` took 100 ms.
 * Written as `work_search.work_id in (the tag's filter rows)` it planned the same. The tag is
 * checked here instead, against the ids the text matches, in a subquery of ids alone (OFFSET 0
 * keeps it so): whichever join the planner picks, it handles numbers (it hashes 19,925 ids),
 * and only the works under the tag are joined to their works row and ranked. SQLite's FTS5
 * drives the query and checks each match's filter row by its key: the listing conditions do.
 */
function matchingWorks(db: Kysely<Database>, engine: Engine, text: TextSearch, tagIds: number[]): WorksQuery {
  const joined = joinIndex(db, engine);
  if (tagIds.length === 0) return joined.where(matchCondition(engine, text));
  // The subquery's own work_search is the one matchCondition's column names find.
  let matched = db.selectFrom('workSearch').select('workSearch.workId').where(matchCondition(engine, text));
  for (const tagId of tagIds) {
    matched = matched.where('workSearch.workId', 'in', db.selectFrom('workFilters').select('workFilters.workId').where('workFilters.tagId', '=', tagId));
  }
  return joined.where(sql<boolean>`work_search.work_id in (${matched.offset(0)})`);
}

/** One page of works matching the query, in its order, with snippets of the matching text. */
export async function searchWorks(db: Queryable, query: SearchQuery): Promise<SearchPage> {
  const engine = engineOf(db);
  // Only exclusions are left when every wanted term was a tag (now a filter): no text to rank by.
  const text = query.text?.clauses.some((c) => !c.exclude) ? query.text : null;
  // Scores cost a pass over every match: only computed when they order the page.
  const byRelevance = text !== null && query.sort === 'relevance';
  // On PostgreSQL, ranked: the included tags (tag: terms among them) checked with the text, on
  // ids alone. Other orders carry no vector through the join, and the planner's merge join
  // sorts ids in memory (about 20 ms of server CPU at 20,000 works; the id subquery took 45).
  const tagsWithText = byRelevance && engine === 'postgres' ? (query.filters?.includeIds ?? []) : [];
  let base = text ? matchingWorks(db, engine, text, tagsWithText) : await listingBase(db, query.filters);
  if (query.text && !text) base = base.where(matchesNoneCondition(engine, query.text.clauses));
  base = visible(base, query.audience);
  if (query.filters) {
    const includeIds = query.filters.includeIds.filter((id) => !tagsWithText.includes(id));
    base = base.where(listingConditions({ ...query.filters, includeIds, cursor: null }));
  }

  const page = Math.min(Math.max(1, query.page), MAX_PAGE);
  // Only ids travel through the sort: carrying whole works rows for thousands of matches cost
  // a fifth of the query; the page's twenty rows are loaded afterwards.
  const rows = base.select('works.id').select(byRelevance ? scoreExpression(engine, text).as('score') : sql<number>`0`.as('score'));
  const { ids, total, totalCapped } = await pageOfIds(db, engine, base, ordered(rows, engine, query.sort, text), {
    hasText: text !== null,
    byRelevance,
    skip: (page - 1) * query.perPage,
    perPage: query.perPage,
  });
  const loaded = ids.length === 0 ? [] : await db.selectFrom('works').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(loaded.map((work) => [work.id, work]));
  const works = ids.map((id) => byId.get(id)).filter((work): work is Work => work !== undefined);
  const snippets = text ? await snippetsOf(db, text, works.map((w) => w.id)) : new Map<number, string>();
  return { works, total, totalCapped, snippets };
}

type IdsQuery = SelectQueryBuilder<Database, 'works', { id: number; score: number }>;

/**
 * The page's ids and the count of all matches. A text search reads every match before it can
 * order them (FTS5 drives the query; PostgreSQL takes the GIN indexes), so it counts them in
 * the same query: PostgreSQL in a window, SQLite, whose bm25() cannot run under one, by taking
 * the first 1,001 ordered ids and cutting the page from them. A second query for the count
 * matched the phrase all over again: for "green rock" newest first over 100 million words, two
 * queries took 22 ms on SQLite and 15 on PostgreSQL, one takes 12 and 8. A listing without
 * text walks the works in order and stops at the page, so its count is a separate query that
 * stops at the cap.
 */
async function pageOfIds(
  db: Kysely<Database>,
  engine: Engine,
  base: WorksQuery,
  ordered: IdsQuery,
  options: { hasText: boolean; byRelevance: boolean; skip: number; perPage: number },
): Promise<{ ids: number[]; total: number; totalCapped: boolean }> {
  const { skip, perPage } = options;
  const cap = MAX_PAGE * perPage;
  if (options.hasText && engine === 'postgres') {
    const found = options.byRelevance
      ? await rankedWithCount(db, ordered.clearOrderBy()).limit(perPage).offset(skip).execute()
      : await ordered.select(sql<number>`count(*) over ()`.as('matches')).limit(perPage).offset(skip).execute();
    // A page past the last has no row to carry the count.
    if (found.length === 0) return { ids: [], ...(await countCapped(db, base, perPage)) };
    // Capped like the other counts, so both engines tell the reader the same.
    const matches = Number(found[0]!.matches);
    return { ids: found.map((row) => row.id), total: Math.min(matches, cap), totalCapped: matches > cap };
  }
  if (options.hasText) {
    const ranked = await ordered.limit(cap + 1).execute();
    return { ids: ranked.slice(skip, skip + perPage).map((row) => row.id), total: Math.min(ranked.length, cap), totalCapped: ranked.length > cap };
  }
  const found = await ordered.limit(perPage).offset(skip).execute();
  return { ids: found.map((row) => row.id), ...(await countCapped(db, base, perPage)) };
}

/**
 * PostgreSQL's best match: scores computed below the count, then ordered. Left to itself the
 * planner computes ts_rank after the window, so the window stores every match's `ranking`
 * vector and spills to disk past work_mem (19,000 matches of two common words: 102 ms, 89 ms
 * fenced). OFFSET 0 keeps the subquery from being flattened into the outer query.
 */
function rankedWithCount(db: Kysely<Database>, rows: IdsQuery) {
  return db
    .selectFrom(rows.offset(0).as('scored'))
    .select(['scored.id', 'scored.score', sql<number>`count(*) over ()`.as('matches')])
    .orderBy('scored.score')
    .orderBy('scored.id', 'desc');
}

/** Counts up to the last page's worth and no further: a listing of a million works stops at 1,001. */
async function countCapped(db: Kysely<Database>, base: WorksQuery, perPage: number): Promise<{ total: number; totalCapped: boolean }> {
  const cap = MAX_PAGE * perPage;
  const row = await db
    .selectFrom(base.select(sql`1`.as('one')).limit(cap + 1).as('hits'))
    .select(sql<number>`count(*)`.as('total'))
    .executeTakeFirstOrThrow();
  return { total: Math.min(Number(row.total), cap), totalCapped: Number(row.total) > cap };
}

// Snippets read at most this much of a work's text: a match further in still gets the work
// listed, but a regular expression over megabytes is not worth a line of context.
const SNIPPET_TEXT_CHARS = 300_000;

/**
 * Snippets for one page of works (see search.snippet.ts): the chapter text's first match,
 * else the summary's; none when only the title, tags or creators matched, which the blurb
 * shows already.
 */
async function snippetsOf(db: Queryable, text: TextSearch, workIds: number[]): Promise<Map<number, string>> {
  const snippets = new Map<number, string>();
  if (workIds.length === 0) return snippets;
  const id = engineOf(db) === 'sqlite' ? sql`rowid` : sql`work_id`;
  // Cut here, not with substr(): PostgreSQL counts characters through the whole text to do it,
  // which cost more than sending the text.
  const { rows } = await sql<{ id: number; body: string; summary: string }>`select ${id} as id, body, summary
    from work_search where ${id} in (${sql.join(workIds)})`.execute(db);
  const inBody = matchPattern(text.clauses.filter((c) => c.field === null));
  const inSummary = matchPattern(text.clauses.filter((c) => c.field === null || c.field === 'summary'));
  for (const row of rows) {
    const snippet = snippetHtml(row.body.slice(0, SNIPPET_TEXT_CHARS), inBody) ?? snippetHtml(row.summary, inSummary);
    if (snippet) snippets.set(Number(row.id), snippet);
  }
  return snippets;
}
