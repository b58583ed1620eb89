import { sql, type Kysely, type Transaction } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';

// A work's filter set (work_filters) is what listings filter on, as AO3's filter_taggings:
//   - for each of its tags, the tag it counts as: the canonical it is a synonym of
//     (merger_id), otherwise the tag itself. So a canonical tag counts as itself, and so does
//     an unwrangled tag: readers can filter on a new tag before anyone has wrangled it;
//   - plus every metatag above that tag, transitively (is_inherited = 1).
// The wrangling rules (tag.rules.ts) keep merger_id pointing at a canonical tag, and
// meta/sub links between canonical tags without cycles; UNION in the recursion stops even
// if bad data slipped in.

// SQLite allows 32,766 bound parameters per statement; 500 ids per statement also keeps
// each write transaction short, which matters with SQLite's single writer.
const CHUNK = 500;

/** Restricts a statement over work_tags (aliased wt) to some works; null means every work. */
function worksWhere(workIds: readonly number[] | null) {
  // "where true" also keeps SQLite from reading ON CONFLICT as a join's ON.
  return workIds === null ? sql`where true` : sql`where wt.work_id in (${sql.join(workIds)})`;
}

/**
 * Writes the filter rows of some works (null: every work) into an emptied work_filters, in
 * two statements: first what each tag counts as, then the metatags above those. A metatag a
 * work also has directly stays direct, because the direct row is there first (DO NOTHING).
 * That avoids a GROUP BY over every row, which dominated a full rebuild. Snake-case raw SQL:
 * the camel-case plugin does not rewrite `sql` templates.
 */
async function insertFilterRows(db: Queryable, workIds: readonly number[] | null): Promise<void> {
  const only = worksWhere(workIds);
  await sql`insert into work_filters (work_id, tag_id, is_inherited)
    select wt.work_id, coalesce(t.merger_id, t.id), 0 from work_tags wt join tags t on t.id = wt.tag_id ${only}
    on conflict do nothing`.execute(db);
  // The walk up starts from the tags these works filter on (all meta links for a full
  // rebuild): the meta graph of a large archive is big enough not to walk all of it per post.
  const seed = workIds === null
    ? sql`select sub_tag_id, meta_tag_id from meta_tags`
    : sql`select m.sub_tag_id, m.meta_tag_id from meta_tags m where m.sub_tag_id in (
        select coalesce(t.merger_id, t.id) from work_tags wt join tags t on t.id = wt.tag_id ${only})`;
  await sql`insert into work_filters (work_id, tag_id, is_inherited)
    with recursive ancestors (tag_id, meta_id) as (
      ${seed}
      union
      select a.tag_id, m.meta_tag_id from ancestors a join meta_tags m on m.sub_tag_id = a.meta_id
    )
    select wt.work_id, a.meta_id, 1
    from work_tags wt join tags t on t.id = wt.tag_id join ancestors a on a.tag_id = coalesce(t.merger_id, t.id)
    ${only}
    on conflict do nothing`.execute(db);
}

/**
 * Recomputes the filter sets of some works. Cheap enough to call inside the transaction
 * that posts or edits a work (about a millisecond), so the work is listed under its tags
 * the moment it is saved.
 */
export async function rebuildFiltersForWorks(db: Queryable, workIds: readonly number[]): Promise<void> {
  const ids = [...new Set(workIds)];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    await db.deleteFrom('workFilters').where('workId', 'in', chunk).execute();
    // DO NOTHING also covers a tag job rebuilding the same work at the same moment: both
    // compute the same rows from the same committed tags; the second has nothing to add.
    await insertFilterRows(db, chunk);
  }
}

/**
 * Recomputes every work's filter set with set-based statements (the generator and repairs
 * call it). The (tag_id, work_id) index is dropped and built again after the load, which
 * is several times faster than keeping it up to date row by row. One transaction: readers
 * see the old set until it commits, but on PostgreSQL TRUNCATE and DROP INDEX lock the
 * table against readers meanwhile, so run it offline or when quiet on a large archive.
 */
export async function rebuildAllFilters(db: Kysely<Database>): Promise<void> {
  const engine = engineOf(db);
  const rebuild = async (trx: Transaction<Database>) => {
    if (engine === 'postgres') {
      // Per-row foreign-key checks made the load several times slower (over 5 minutes at a
      // million works); the keys are added back after it, checked in one set-based pass.
      // The names are PostgreSQL's defaults for the keys 003_wrangling declares.
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      await sql`alter table work_filters drop constraint if exists work_filters_work_id_fkey, drop constraint if exists work_filters_tag_id_fkey`.execute(trx);
    }
    await trx.schema.dropIndex('work_filters_tag_idx').ifExists().execute();
    if (engine === 'postgres') await sql`truncate work_filters`.execute(trx);
    else await trx.deleteFrom('workFilters').execute();
    await insertFilterRows(trx, null);
    await trx.schema.createIndex('work_filters_tag_idx').on('work_filters').columns(['tag_id', 'work_id']).execute();
    if (engine === 'postgres') {
      await sql`alter table work_filters
        add constraint work_filters_work_id_fkey foreign key (work_id) references works (id) on delete cascade,
        add constraint work_filters_tag_id_fkey foreign key (tag_id) references tags (id) on delete cascade`.execute(trx);
    }
  };
  if (engine === 'postgres') {
    await db.transaction().execute(rebuild);
    await sql`analyze work_filters`.execute(db);
    return;
  }
  // SQLite, measured at 1,000,000 works (11 million rows): foreign-key checks cost a third
  // of the load and turn the DELETE into a row-by-row one. Every row comes from work_tags,
  // whose own keys already hold, so checks are off for this one transaction. The pragma
  // cannot change inside a transaction, and it belongs to the connection: holding the
  // (single) connection keeps every other query out until it is back on.
  await db.connection().execute(async (connection) => {
    const cache = await sql<{ cacheSize: number }>`pragma cache_size`.execute(connection);
    await sql`pragma foreign_keys = off`.execute(connection);
    // A larger page cache for the load only (128 MB), back to the usual size after.
    await sql`pragma cache_size = -131072`.execute(connection);
    try {
      await connection.transaction().execute(rebuild);
    } finally {
      await sql`pragma foreign_keys = on`.execute(connection);
      await sql.raw(`pragma cache_size = ${Number(cache.rows[0]?.cacheSize ?? -2000)}`).execute(connection);
    }
  });
}

/**
 * The works whose filters a change to this tag can alter: those tagged with it, and those
 * filtered under it (through synonyms or subtags). One page at a time, by id, so a job over
 * a fandom with 100,000 works never holds them all. Each table is paged on its own
 * (tag_id, work_id) index and the two pages merged: a LIMIT after a UNION would make every
 * page read the rest of the tag again.
 */
export async function worksUnderTag(db: Queryable, tagId: number, afterWorkId: number, limit: number): Promise<number[]> {
  const [tagged, filtered] = await Promise.all([
    db.selectFrom('workTags').select('workId').where('tagId', '=', tagId).where('workId', '>', afterWorkId).orderBy('workId').limit(limit).execute(),
    db.selectFrom('workFilters').select('workId').where('tagId', '=', tagId).where('workId', '>', afterWorkId).orderBy('workId').limit(limit).execute(),
  ]);
  const ids = new Set([...tagged, ...filtered].map((r) => r.workId));
  return [...ids].sort((a, b) => a - b).slice(0, limit);
}

/** The filter set of one work (tests and the tag page's counts read it). */
export async function filtersOfWork(db: Queryable, workId: number): Promise<{ tagId: number; isInherited: number }[]> {
  return db.selectFrom('workFilters').select(['tagId', 'isInherited']).where('workId', '=', workId).orderBy('tagId').execute();
}
