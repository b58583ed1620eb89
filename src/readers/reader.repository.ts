import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The filter tags a reader's blocked tags stand for (a blocked synonym hides its canonical's works). */
export async function blockedFilterTagIds(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('blockedTags')
    .innerJoin('tags', 'tags.id', 'blockedTags.tagId')
    .select(['tags.id', 'tags.mergerId'])
    .where('blockedTags.userId', '=', userId)
    .execute();
  return [...new Set(rows.map((r) => r.mergerId ?? r.id))];
}

export async function blockedUserIds(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('blockedCreators').select('blockedUserId').where('userId', '=', userId).execute();
  return rows.map((r) => r.blockedUserId);
}

export function listBlockedTags(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('blockedTags')
    .innerJoin('tags', 'tags.id', 'blockedTags.tagId')
    .select(['tags.id', 'tags.name', 'tags.type'])
    .where('blockedTags.userId', '=', userId)
    .orderBy('tags.nameKey')
    .execute();
}

export function listBlockedCreators(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('blockedCreators')
    .innerJoin('users', 'users.id', 'blockedCreators.blockedUserId')
    .select(['users.id', 'users.login'])
    .where('blockedCreators.userId', '=', userId)
    .orderBy('users.loginKey')
    .execute();
}

export async function addBlockedTag(db: Kysely<Database>, userId: number, tagId: number, createdAt: string): Promise<void> {
  await db.insertInto('blockedTags').values({ userId, tagId, createdAt }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeBlockedTag(db: Kysely<Database>, userId: number, tagId: number): Promise<void> {
  await db.deleteFrom('blockedTags').where('userId', '=', userId).where('tagId', '=', tagId).execute();
}

export async function addBlockedCreator(db: Kysely<Database>, userId: number, blockedUserId: number, createdAt: string): Promise<void> {
  await db.insertInto('blockedCreators').values({ userId, blockedUserId, createdAt }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeBlockedCreator(db: Kysely<Database>, userId: number, blockedUserId: number): Promise<void> {
  await db.deleteFrom('blockedCreators').where('userId', '=', userId).where('blockedUserId', '=', blockedUserId).execute();
}

export function listSavedSearches(db: Kysely<Database>, userId: number) {
  return db.selectFrom('savedSearches').select(['id', 'name', 'path', 'createdAt']).where('userId', '=', userId).orderBy('id', 'desc').execute();
}

export async function insertSavedSearch(db: Kysely<Database>, row: { userId: number; name: string; path: string; createdAt: string }): Promise<void> {
  await db.insertInto('savedSearches').values(row).execute();
}

export async function deleteSavedSearch(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('savedSearches').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
