import type { Tag } from '../db/schema.ts';
import { tagKey, toUrlName } from './tag.names.ts';
import { listedWorks } from '../works/work.visibility.ts';
import type { Queryable } from '../db/database.ts';

// SQLite allows 32,766 bound parameters and PostgreSQL 65,535; tag lists are capped at 75
// per work, so one IN list per call stays far below either.
export function findTagsByKeys(db: Queryable, keys: string[]): Promise<Tag[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').selectAll().where('nameKey', 'in', keys).execute();
}

export function findTagsByTypeAndNames(db: Queryable, type: string, names: readonly string[]): Promise<Tag[]> {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('tags')
    .selectAll()
    .where('type', '=', type)
    .where('nameKey', 'in', names.map((n) => n.toLowerCase()))
    .execute();
}

export function findTagByUrlName(db: Queryable, urlName: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('urlName', '=', urlName).executeTakeFirst();
}

/** Inserts tags that do not exist yet; a name another writer created meanwhile is kept as theirs. */
export async function insertMissingTags(db: Queryable, tags: { type: string; name: string }[], createdAt: string): Promise<Tag[]> {
  if (tags.length === 0) return [];
  await db
    .insertInto('tags')
    .values(tags.map((t) => ({ type: t.type, name: t.name, nameKey: tagKey(t.name), urlName: toUrlName(t.name), createdAt })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return findTagsByKeys(db, tags.map((t) => tagKey(t.name)));
}

/** Sets a work's tags; the writer then refreshes its derived rows (filter set, index) in the same transaction. */
export async function replaceWorkTags(db: Queryable, workId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('workTags').where('workId', '=', workId).execute();
  if (tagIds.length > 0) {
    await db.insertInto('workTags').values([...new Set(tagIds)].map((tagId) => ({ workId, tagId }))).execute();
  }
}

/** All tags of a page of works in one query, for blurbs and work pages. */
export function tagsOfWorks(db: Queryable, workIds: number[]) {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('workTags')
    .innerJoin('tags', 'tags.id', 'workTags.tagId')
    .select(['workTags.workId', 'tags.id', 'tags.type', 'tags.name', 'tags.urlName'])
    .where('workTags.workId', 'in', workIds)
    .orderBy('tags.nameKey')
    .execute();
}

/**
 * The tag to filter on for a tag's works: its canonical when it is a synonym, otherwise
 * itself (an unwrangled tag filters as itself). Undefined when there is no such tag.
 */
export async function filterTagFor(db: Queryable, tagId: number): Promise<number | undefined> {
  const tag = await db.selectFrom('tags').select(['id', 'mergerId']).where('id', '=', tagId).executeTakeFirst();
  return tag ? (tag.mergerId ?? tag.id) : undefined;
}

/** Whether a work listed to this audience carries the tag itself (the first one found answers). */
export async function tagOnListedWork(db: Queryable, tagId: number, loggedIn: boolean): Promise<boolean> {
  const row = await db
    .selectFrom('workTags')
    .innerJoin('works', 'works.id', 'workTags.workId')
    .select('workTags.workId')
    .where('workTags.tagId', '=', tagId)
    .where((eb) => listedWorks(eb, { loggedIn }))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
