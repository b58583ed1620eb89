import type { Insertable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Collection, CollectionItem, CollectionsTable } from '../db/schema.ts';
import { mysteryWorks } from '../works/work.visibility.ts';

// Plain queries of collections, their participants and their items (migration 028).

export type CollectionRole = 'owner' | 'moderator' | 'member' | 'invited';

export const collectionKey = (name: string) => name.toLowerCase();

export async function insertCollection(db: Queryable, row: Insertable<CollectionsTable>): Promise<number> {
  const { id } = await db.insertInto('collections').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findCollectionByName(db: Queryable, name: string): Promise<Collection | undefined> {
  return db.selectFrom('collections').selectAll().where('nameKey', '=', collectionKey(name)).executeTakeFirst();
}

export function findCollectionById(db: Queryable, id: number): Promise<Collection | undefined> {
  return db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function collectionRole(db: Queryable, collectionId: number, userId: number): Promise<CollectionRole | undefined> {
  const row = await db.selectFrom('collectionParticipants').select('role').where('collectionId', '=', collectionId).where('userId', '=', userId).executeTakeFirst();
  return row?.role as CollectionRole | undefined;
}

export async function insertParticipant(db: Queryable, collectionId: number, userId: number, role: CollectionRole, createdAt: string): Promise<void> {
  await db.insertInto('collectionParticipants').values({ collectionId, userId, role, createdAt }).execute();
}

export function findItem(db: Queryable, collectionId: number, workId: number): Promise<CollectionItem | undefined> {
  return db.selectFrom('collectionItems').selectAll().where('collectionId', '=', collectionId).where('workId', '=', workId).executeTakeFirst();
}

export function findItemById(db: Queryable, id: number): Promise<CollectionItem | undefined> {
  return db.selectFrom('collectionItems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertItem(db: Queryable, row: Omit<CollectionItem, 'id'>): Promise<number> {
  const { id } = await db.insertInto('collectionItems').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function setItemStatus(db: Queryable, id: number, side: 'creatorStatus' | 'collectionStatus', status: string, updatedAt: string): Promise<void> {
  await db.updateTable('collectionItems').set({ [side]: status, updatedAt }).where('id', '=', id).execute();
}

export interface WorkCollectionRow extends CollectionItem {
  name: string;
  title: string;
}

/** The collections a work is in or asked into, with each side's status, by title. */
export function itemsOfWork(db: Queryable, workId: number): Promise<WorkCollectionRow[]> {
  return db
    .selectFrom('collectionItems')
    .innerJoin('collections', 'collections.id', 'collectionItems.collectionId')
    .selectAll('collectionItems')
    .select(['collections.name', 'collections.title'])
    .where('collectionItems.workId', '=', workId)
    .orderBy('collections.title')
    .execute();
}

/** The collections the user owns or moderates that the work has no item in: where they may invite it. */
export function collectionsToInviteTo(db: Queryable, userId: number, workId: number): Promise<{ name: string; title: string }[]> {
  return db
    .selectFrom('collections')
    .innerJoin('collectionParticipants', 'collectionParticipants.collectionId', 'collections.id')
    .select(['collections.name', 'collections.title'])
    .where('collectionParticipants.userId', '=', userId)
    .where('collectionParticipants.role', 'in', ['owner', 'moderator'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('collectionItems').select('collectionItems.id').whereRef('collectionItems.collectionId', '=', 'collections.id').where('collectionItems.workId', '=', workId))))
    .orderBy('collections.title')
    .limit(200)
    .execute();
}

/** Every work with an item in the collection, whatever its statuses: what a change of its settings refreshes. */
export async function workIdsOfCollection(db: Queryable, collectionId: number): Promise<number[]> {
  const rows = await db.selectFrom('collectionItems').select('workId').where('collectionId', '=', collectionId).orderBy('workId').execute();
  return rows.map((r) => r.workId);
}

export async function setRevealed(db: Queryable, collectionId: number, what: 'works' | 'creators', updatedAt: string): Promise<void> {
  const changes = what === 'works' ? { isUnrevealed: 0, revealWorksAt: null, updatedAt } : { isAnonymous: 0, revealCreatorsAt: null, updatedAt };
  await db.updateTable('collections').set(changes).where('id', '=', collectionId).execute();
}

/** A work's chapters' word counts in reading order, and its own: what a word rule is checked against. */
export async function wordCountsOfWork(db: Queryable, workId: number): Promise<{ work: number; chapters: number[] }> {
  const chapters = await db.selectFrom('chapters').select('wordCount').where('workId', '=', workId).orderBy('position').execute();
  const words = chapters.map((c) => c.wordCount);
  return { work: words.reduce((a, b) => a + b, 0), chapters: words };
}

export async function updateCollectionRow(db: Queryable, id: number, changes: Partial<Insertable<CollectionsTable>>): Promise<void> {
  await db.updateTable('collections').set(changes).where('id', '=', id).execute();
}

/** One page of the index, by title; `count` for the page links. */
export async function collectionPage(db: Queryable, offset: number, limit: number): Promise<{ rows: Collection[]; count: number }> {
  const [rows, total] = await Promise.all([
    db.selectFrom('collections').selectAll().orderBy('title').orderBy('id').offset(offset).limit(limit).execute(),
    db.selectFrom('collections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}

export function childrenOf(db: Queryable, parentId: number): Promise<Collection[]> {
  return db.selectFrom('collections').selectAll().where('parentId', '=', parentId).orderBy('title').execute();
}

export interface ParticipantRow {
  userId: number;
  login: string;
  role: CollectionRole;
}

export async function participantsOf(db: Queryable, collectionId: number): Promise<ParticipantRow[]> {
  const rows = await db
    .selectFrom('collectionParticipants')
    .innerJoin('users', 'users.id', 'collectionParticipants.userId')
    .select(['collectionParticipants.userId', 'users.login', 'collectionParticipants.role'])
    .where('collectionParticipants.collectionId', '=', collectionId)
    .orderBy('users.login')
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as CollectionRole }));
}

export async function setParticipantRole(db: Queryable, collectionId: number, userId: number, role: CollectionRole): Promise<void> {
  await db.updateTable('collectionParticipants').set({ role }).where('collectionId', '=', collectionId).where('userId', '=', userId).execute();
}

export async function deleteParticipant(db: Queryable, collectionId: number, userId: number): Promise<void> {
  await db.deleteFrom('collectionParticipants').where('collectionId', '=', collectionId).where('userId', '=', userId).execute();
}

export async function deleteItem(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('collectionItems').where('id', '=', id).execute();
}

export interface ItemRow extends CollectionItem {
  name: string;
  title: string;
  workTitle: string;
  isAnonymous: number;
  isUnrevealed: number;
}

function itemRows(db: Queryable) {
  return db
    .selectFrom('collectionItems')
    .innerJoin('collections', 'collections.id', 'collectionItems.collectionId')
    .innerJoin('works', 'works.id', 'collectionItems.workId')
    .selectAll('collectionItems')
    .select(['collections.name', 'collections.title', 'works.title as workTitle', 'collections.isAnonymous', 'collections.isUnrevealed']);
}

/** The items of one collection, newest first, for its moderators. */
export function itemsOfCollection(db: Queryable, collectionId: number): Promise<ItemRow[]> {
  return itemRows(db).where('collectionItems.collectionId', '=', collectionId).orderBy('collectionItems.createdAt', 'desc').orderBy('collectionItems.id', 'desc').limit(500).execute();
}

/** The items of every work the user is an approved creator of, newest first. */
export function itemsOfCreator(db: Queryable, userId: number): Promise<ItemRow[]> {
  return itemRows(db)
    .where('collectionItems.workId', 'in', (eb) =>
      eb.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId').select('creatorships.workId').where('pseuds.userId', '=', userId).where('creatorships.isApproved', '=', 1),
    )
    .orderBy('collectionItems.createdAt', 'desc')
    .orderBy('collectionItems.id', 'desc')
    .limit(500)
    .execute();
}

/** Works both sides agreed to, with their first chapter: what a reveal announces. */
export async function approvedWorksWithFirstChapter(db: Queryable, collectionId: number): Promise<{ workId: number; chapterId: number }[]> {
  return db
    .selectFrom('collectionItems')
    .innerJoin('chapters', 'chapters.workId', 'collectionItems.workId')
    .select(['collectionItems.workId', 'chapters.id as chapterId'])
    .where('collectionItems.collectionId', '=', collectionId)
    .where('collectionItems.creatorStatus', '=', 'approved')
    .where('collectionItems.collectionStatus', '=', 'approved')
    .where('chapters.position', '=', 1)
    .execute();
}

/** Of these works, the posted ones no collection keeps anonymous or unrevealed now. */
export async function worksHiddenByNoCollection(db: Queryable, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('works')
    .select('id')
    .where('id', 'in', workIds)
    .where('inAnonCollection', '=', 0)
    .where('inUnrevealedCollection', '=', 0)
    .where('isDraft', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}

/** How many works the collection holds back until its reveal (both sides agreed): its placeholders. */
export async function countMysteryWorks(db: Queryable, collectionIds: number[]): Promise<number> {
  if (collectionIds.length === 0) return 0;
  const row = await db
    .selectFrom('collectionItems')
    .innerJoin('collections', 'collections.id', 'collectionItems.collectionId')
    .innerJoin('works', 'works.id', 'collectionItems.workId')
    .select((eb) => eb.fn.count<number>('collectionItems.workId').distinct().as('n'))
    .where('collectionItems.collectionId', 'in', collectionIds)
    .where('collections.isUnrevealed', '=', 1)
    .where('collectionItems.creatorStatus', '=', 'approved')
    .where('collectionItems.collectionStatus', '=', 'approved')
    .where((eb) => mysteryWorks(eb))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The unrevealed collections that hold the work back, by title: what its mystery page names. */
export function unrevealedCollectionsOfWork(db: Queryable, workId: number): Promise<Pick<Collection, 'name' | 'title' | 'revealWorksAt'>[]> {
  return db
    .selectFrom('collectionItems')
    .innerJoin('collections', 'collections.id', 'collectionItems.collectionId')
    .select(['collections.name', 'collections.title', 'collections.revealWorksAt'])
    .where('collectionItems.workId', '=', workId)
    .where('collections.isUnrevealed', '=', 1)
    .where('collectionItems.creatorStatus', '=', 'approved')
    .where('collectionItems.collectionStatus', '<>', 'rejected')
    .orderBy('collections.title')
    .execute();
}
