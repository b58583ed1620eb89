import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { rebuildSearchIndex, reindexWorks } from '../search/search-index.repository.ts';
import { rebuildAllFilters, rebuildFiltersForWorks } from '../tags/filter.repository.ts';
import type { Queryable } from '../db/database.ts';
import { engineOf } from '../db/dialect.ts';
import { chunks } from '../arrays.ts';

// Rows derived from a work's own rows, and the one function that brings them up to date.
// Whatever writes a work (its row, chapters, tags, creatorships, pseud names, external
// creators) calls refreshDerivedRows with the work's id inside its own transaction; nothing
// else writes these rows, so they cannot drift apart:
//   - on works: word_count and chapter_count (sums of its chapters), is_complete (expected
//     chapters reached), creator_sort (the first approved creator's name, what the listing's
//     "creator" sort reads; 'anonymous' while the work is anonymous), in_anon_collection and in_unrevealed_collection (an item its
//     creator agreed to and its collection has not rejected, in a collection anonymous or
//     unrevealed now: migration 028; a collection's reveal refreshes its works);
//   - work_filters: the tags a work is filtered under (src/tags/filter.repository.ts);
//   - work_search: its full-text index row (src/search/search-index.repository.ts).
// A work's published and updated dates are not derived: they record when it was posted and
// when its text last changed, which no other row remembers.
//
// Everything is set-based over the ids given, a few statements for a group of works, so the
// importer calls it once per group of 100 works exactly as a use case does for one.

/** What changed, when a caller knows that only some derived rows can follow from it. */
export type DerivedChange =
  /** Anything about the works themselves. */
  | 'works'
  /**
   * Tags were wrangled (synonyms, merges, metatags): only filter sets read those links. The
   * index holds the names of a work's own tags, and the works row nothing of its tags.
   */
  | 'wrangling';

// SQLite allows 32,766 bound parameters per statement; the filter sets and the index page
// their own work in smaller batches still.
const CHUNK = 500;

function inCollectionThat(condition: ReturnType<typeof sql>) {
  return sql<number>`case when exists (select 1 from collection_items i join collections k on k.id = i.collection_id
    where i.work_id = works.id and i.creator_status = 'approved' and i.collection_status <> 'rejected' and ${condition}) then 1 else 0 end`;
}

/** The works columns computed from other rows, as SQL over `works` (raw SQL: snake_case). */
const chapterCount = sql<number>`(select count(*) from chapters c where c.work_id = works.id)`;
const workColumns = {
  wordCount: sql<number>`coalesce((select sum(c.word_count) from chapters c where c.work_id = works.id), 0)`,
  chapterCount,
  // An UPDATE's right-hand sides read the row as it was, so the new count is computed again here.
  isComplete: sql<number>`case when works.expected_chapters is not null and ${chapterCount} >= works.expected_chapters then 1 else 0 end`,
  // An anonymous work sorts as what the reader sees ("Anonymous"), never by its creator's name.
  creatorSort: sql<string>`case when ${inCollectionThat(sql`k.is_anonymous = 1`)} = 1 then 'anonymous' else coalesce((select lower(p.name) from creatorships c join pseuds p on p.id = c.pseud_id
    where c.work_id = works.id and c.is_approved = 1 order by c.position, p.name_key limit 1), '') end`,
  inAnonCollection: inCollectionThat(sql`k.is_anonymous = 1`),
  inUnrevealedCollection: inCollectionThat(sql`k.is_unrevealed = 1`),
};

/**
 * Brings every derived row of these works up to date; ids of works that no longer exist
 * lose theirs. Call it inside the transaction that wrote the works.
 */
export async function refreshDerivedRows(db: Queryable, workIds: readonly number[], change: DerivedChange = 'works'): Promise<void> {
  const ids = [...new Set(workIds)];
  if (ids.length === 0) return;
  if (change === 'wrangling') {
    await rebuildFiltersForWorks(db, ids);
    return;
  }
  for (const chunk of chunks(ids, CHUNK)) await db.updateTable('works').set(workColumns).where('id', 'in', chunk).execute();
  await rebuildFiltersForWorks(db, ids);
  await reindexWorks(db, ids);
}

/**
 * Works per transaction for a caller that refreshes many works in turns. A work costs about a
 * millisecond; on SQLite, where one writer holds up every other write (the web's included),
 * 100 keeps each hold near 0.1 s.
 */
export function worksPerRefresh(db: Queryable): number {
  return engineOf(db) === 'sqlite' ? 100 : 500;
}

/** The works a pseud is credited on (approved or invited): after it is renamed or its works move. */
export async function worksOfPseud(db: Queryable, pseudId: number): Promise<number[]> {
  const rows = await db.selectFrom('creatorships').select('workId').where('pseudId', '=', pseudId).execute();
  return rows.map((r) => r.workId);
}

/**
 * Computes every derived row of the archive again from scratch: the works columns, every
 * filter set, and an emptied search index filled again. A repair for rows written behind the
 * use cases' back, and the yardstick the tests hold refreshDerivedRows to. Each part commits
 * on its own (the filters and the index in batches), so run it when the archive is quiet.
 */
export async function rebuildAllDerivedRows(db: Kysely<Database>): Promise<void> {
  await db.updateTable('works').set(workColumns).execute();
  await rebuildAllFilters(db);
  await db.transaction().execute(async (trx) => {
    // FTS5 has no TRUNCATE; a delete without WHERE empties it in one step.
    await sql`delete from work_search`.execute(trx);
  });
  await rebuildSearchIndex(db);
}
