import { sql, type Transaction } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import type { Database, Tag } from '../db/schema.ts';
import { PARENTED_TAG_TYPES } from './tag.rules.ts';
import type { Queryable } from '../db/database.ts';

export type TagLink = Pick<Tag, 'id' | 'type' | 'name' | 'urlName'>;
const LINK = ['tags.id', 'tags.type', 'tags.name', 'tags.urlName'] as const;

export function findTagById(db: Queryable, id: number): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTagsByIds(db: Queryable, ids: readonly number[]): Promise<Tag[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').selectAll().where('id', 'in', ids).execute();
}

export function synonymsOf(db: Queryable, tagId: number, limit = 500): Promise<TagLink[]> {
  return db.selectFrom('tags').select(LINK).where('mergerId', '=', tagId).orderBy('nameKey').limit(limit).execute();
}

export function fandomsOf(db: Queryable, tagId: number): Promise<TagLink[]> {
  return db.selectFrom('tagParents').innerJoin('tags', 'tags.id', 'tagParents.parentId').select(LINK).where('tagParents.childId', '=', tagId).orderBy('tags.nameKey').execute();
}

/** Characters, relationships and additional tags filed under a fandom. */
export function childrenOf(db: Queryable, fandomId: number, limit = 300): Promise<TagLink[]> {
  return db
    .selectFrom('tagParents')
    .innerJoin('tags', 'tags.id', 'tagParents.childId')
    .select(LINK)
    .where('tagParents.parentId', '=', fandomId)
    .where('tags.isCanonical', '=', 1)
    .orderBy('tags.type')
    .orderBy('tags.nameKey')
    .limit(limit)
    .execute();
}

export function metaTagsOf(db: Queryable, tagId: number): Promise<TagLink[]> {
  return db.selectFrom('metaTags').innerJoin('tags', 'tags.id', 'metaTags.metaTagId').select(LINK).where('metaTags.subTagId', '=', tagId).orderBy('tags.nameKey').execute();
}

export function subTagsOf(db: Queryable, tagId: number, limit = 500): Promise<TagLink[]> {
  return db
    .selectFrom('metaTags')
    .innerJoin('tags', 'tags.id', 'metaTags.subTagId')
    .select(LINK)
    .where('metaTags.metaTagId', '=', tagId)
    .orderBy('tags.nameKey')
    .limit(limit)
    .execute();
}

/** Every subtag below the tag, however far down: the ids a cycle check needs. */
export async function subTagIdsBelow(db: Queryable, tagId: number): Promise<Set<number>> {
  const result = await sql<{ subId: number }>`
    with recursive down (sub_id) as (
      select sub_tag_id from meta_tags where meta_tag_id = ${tagId}
      union
      select m.sub_tag_id from down join meta_tags m on m.meta_tag_id = down.sub_id
    )
    select sub_id as "subId" from down`.execute(db);
  return new Set(result.rows.map((r) => r.subId));
}

export async function replaceFandoms(db: Queryable, childId: number, parentIds: readonly number[]): Promise<void> {
  await db.deleteFrom('tagParents').where('childId', '=', childId).execute();
  if (parentIds.length > 0) await db.insertInto('tagParents').values([...new Set(parentIds)].map((parentId) => ({ childId, parentId }))).execute();
}

export async function addFandom(db: Queryable, childIds: readonly number[], parentId: number): Promise<void> {
  if (childIds.length === 0) return;
  await db
    .insertInto('tagParents')
    .values(childIds.map((childId) => ({ childId, parentId })))
    .onConflict((oc) => oc.columns(['childId', 'parentId']).doNothing())
    .execute();
}

export async function replaceMetaTags(db: Queryable, subTagId: number, metaTagIds: readonly number[]): Promise<void> {
  await db.deleteFrom('metaTags').where('subTagId', '=', subTagId).execute();
  if (metaTagIds.length > 0) await db.insertInto('metaTags').values([...new Set(metaTagIds)].map((metaTagId) => ({ subTagId, metaTagId }))).execute();
}

export async function setTagWrangling(db: Queryable, tagId: number, values: { isCanonical: number; mergerId: number | null }): Promise<void> {
  await db.updateTable('tags').set(values).where('id', '=', tagId).execute();
}

/** Makes the synonyms of one tag synonyms of another. */
export async function moveSynonyms(db: Queryable, fromTagId: number, toTagId: number): Promise<void> {
  await db.updateTable('tags').set({ mergerId: toTagId }).where('mergerId', '=', fromTagId).execute();
}

/** Makes the tags non-canonical synonyms of the canonical one. */
export async function makeSynonyms(db: Queryable, tagIds: readonly number[], canonicalId: number): Promise<void> {
  await db.updateTable('tags').set({ mergerId: canonicalId, isCanonical: 0 }).where('id', 'in', tagIds).execute();
}

export async function makeCanonical(db: Queryable, tagIds: readonly number[]): Promise<void> {
  await db.updateTable('tags').set({ isCanonical: 1 }).where('id', 'in', tagIds).execute();
}

export function sameIds(a: readonly { id: number }[], b: readonly number[]): boolean {
  const left = new Set(a.map((t) => t.id));
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/**
 * Serialises wrangling writes on PostgreSQL, so two wranglers cannot each pass the cycle
 * check and together close a loop. SQLite runs one write transaction at a time already.
 */
export async function lockWrangling(trx: Transaction<Database>): Promise<void> {
  if (engineOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(7420001)`.execute(trx);
}

// "Unwrangled": neither canonical nor a synonym, and (for characters, relationships and
// additional tags) not filed under a fandom either. The partial index on tags covers the
// first two conditions, so these queries start from the (few) unwrangled tags, not from works.
function unwrangled(db: Queryable) {
  return db
    .selectFrom('tags')
    .where('tags.isCanonical', '=', 0)
    .where('tags.mergerId', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('tagParents').select(sql`1`.as('one')).whereRef('tagParents.childId', '=', 'tags.id'))));
}

export interface FandomBin extends TagLink {
  tagCount: number;
}

/**
 * Fandoms (as works are filtered, directly) with how many unwrangled tags their works carry.
 * Written out so the join starts from the unwrangled tags: SQLite otherwise started from the
 * fandoms and walked every work (27 s at a million works with 3,000 unwrangled tags; 0.3 s this way). SQLite keeps the
 * order of CROSS JOIN as written; PostgreSQL plans it like any inner join.
 */
export async function unwrangledBins(db: Queryable, limit = 300): Promise<FandomBin[]> {
  const result = await sql<FandomBin>`
    select fandom.id, fandom.type, fandom.name, fandom.url_name as "urlName", count(distinct t.id) as "tagCount"
    from tags t
    cross join work_tags wt
    cross join work_filters wf
    cross join tags fandom
    where t.is_canonical = 0 and t.merger_id is null
      and t.type in (${sql.join(PARENTED_TAG_TYPES)})
      and not exists (select 1 from tag_parents p where p.child_id = t.id)
      and wt.tag_id = t.id
      and wf.work_id = wt.work_id and wf.is_inherited = 0
      and fandom.id = wf.tag_id and fandom.type = 'Fandom'
    group by fandom.id, fandom.type, fandom.name, fandom.url_name
    order by count(distinct t.id) desc, fandom.name
    limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ ...row, tagCount: Number(row.tagCount) }));
}

/** Unwrangled tags used on works filed directly under the fandom, by type and name. */
export function unwrangledInFandom(db: Queryable, fandomId: number, limit = 500): Promise<TagLink[]> {
  return unwrangled(db)
    .select(LINK)
    .where('tags.type', 'in', PARENTED_TAG_TYPES)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('workTags')
          .innerJoin('workFilters', 'workFilters.workId', 'workTags.workId')
          .select(sql`1`.as('one'))
          .whereRef('workTags.tagId', '=', 'tags.id')
          .where('workFilters.tagId', '=', fandomId)
          .where('workFilters.isInherited', '=', 0),
      ),
    )
    .orderBy('tags.type')
    .orderBy('tags.nameKey')
    .limit(limit)
    .execute();
}

/** Fandom tags nobody has wrangled yet. */
export function unwrangledFandoms(db: Queryable, limit = 500): Promise<TagLink[]> {
  return unwrangled(db).select(LINK).where('tags.type', '=', 'Fandom').orderBy('tags.nameKey').limit(limit).execute();
}

/**
 * Canonical tags of one type whose name starts with `term` (already a tag key: trimmed,
 * lower case). Both forms read the partial index tags_canonical_prefix_idx.
 */
export async function canonicalNamesStartingWith(db: Queryable, type: string, key: string, limit: number): Promise<string[]> {
  let query = db.selectFrom('tags').select('name').where('type', '=', type).where('isCanonical', '=', 1);
  if (engineOf(db) === 'postgres') {
    query = query.where('nameKey', 'like', `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  } else {
    // Byte order: every key that starts with `key` sorts before `key` + the last code point.
    query = query.where('nameKey', '>=', key).where('nameKey', '<', `${key}\u{10FFFF}`);
  }
  const rows = await query.orderBy('nameKey').limit(limit).execute();
  return rows.map((r) => r.name);
}
