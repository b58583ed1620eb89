import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

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

/**
 * The filter rows of the works `workIds` selects (`null`: every work), as one SELECT.
 * Snake-case raw SQL: the camel-case plugin does not rewrite `sql` templates.
 */
function filterRows(workIds: readonly number[] | null): RawBuilder<unknown> {
  const only = workIds === null ? sql`` : sql`where wt.work_id in (${sql.join(workIds)})`;
  return sql`
    with recursive direct (work_id, tag_id) as (
      select wt.work_id, coalesce(t.merger_id, t.id)
      from work_tags wt join tags t on t.id = wt.tag_id
      ${only}
    ),
    ancestors (tag_id, meta_id) as (
      select m.sub_tag_id, m.meta_tag_id from meta_tags m
      where m.sub_tag_id in (select tag_id from direct)
      union
      select a.tag_id, m.meta_tag_id from ancestors a join meta_tags m on m.sub_tag_id = a.meta_id
    )
    select work_id, tag_id, min(is_inherited) as is_inherited
    from (
      select work_id, tag_id, 0 as is_inherited from direct
      union all
      select d.work_id, a.meta_id, 1 from direct d join ancestors a on a.tag_id = d.tag_id
    ) as f
    where true
    group by work_id, tag_id`;
}

/**
 * Recomputes the filter sets of some works. Cheap enough to call inside the transaction
 * that posts or edits a work, so the work is listed under its tags the moment it is saved.
 */
export async function rebuildFiltersForWorks(db: Queryable, workIds: readonly number[]): Promise<void> {
  const ids = [...new Set(workIds)];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    await db.deleteFrom('workFilters').where('workId', 'in', chunk).execute();
    // DO NOTHING: a tag job rebuilding the same work at the same moment computes the same
    // rows from the same committed tags; whichever inserts second has nothing to add.
    await sql`insert into work_filters (work_id, tag_id, is_inherited) ${filterRows(chunk)} on conflict do nothing`.execute(db);
  }
}

/**
 * Recomputes every work's filter set in one set-based statement (the generator and repairs
 * call it). It runs in one transaction, so readers see the old set until it commits; on
 * PostgreSQL TRUNCATE locks the table for readers for that time, so run it offline or when
 * quiet on a large archive.
 */
export async function rebuildAllFilters(db: Kysely<Database>): Promise<void> {
  const engine = engineOf(db);
  await db.transaction().execute(async (trx) => {
    if (engine === 'postgres') await sql`truncate work_filters`.execute(trx);
    else await trx.deleteFrom('workFilters').execute();
    await sql`insert into work_filters (work_id, tag_id, is_inherited) ${filterRows(null)}`.execute(trx);
  });
  if (engine === 'postgres') await sql`analyze work_filters`.execute(db);
}

/**
 * The works whose filters a change to these tags can alter: those tagged with them, and
 * those filtered under them (through synonyms or subtags). One page at a time, by id,
 * so a job over a fandom with 100,000 works never holds them all.
 */
export async function worksUnderTags(db: Queryable, tagIds: readonly number[], afterWorkId: number, limit: number): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom('workTags')
    .select('workId')
    .where('tagId', 'in', tagIds)
    .where('workId', '>', afterWorkId)
    .union(db.selectFrom('workFilters').select('workId').where('tagId', 'in', tagIds).where('workId', '>', afterWorkId))
    .orderBy('workId')
    .limit(limit)
    .execute();
  return rows.map((r) => r.workId);
}

/** The filter set of one work (tests and the tag page's counts read it). */
export async function filtersOfWork(db: Queryable, workId: number): Promise<{ tagId: number; isInherited: number }[]> {
  return db.selectFrom('workFilters').select(['tagId', 'isInherited']).where('workId', '=', workId).orderBy('tagId').execute();
}
