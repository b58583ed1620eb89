import { sql, type Insertable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Bookmark, BookmarksTable, Work } from '../db/schema.ts';
import { listedActs, listedWorks } from '../works/work.visibility.ts';

/** A bookmark with what its work is now (all null for an off-site story or a deleted work). */
export interface BookmarkRow extends Bookmark {
  ownerLogin: string;
  workIsDraft: number | null;
  workIsRestricted: number | null;
  workHiddenAt: string | null;
  workInUnrevealedCollection: number | null;
  workInAnonCollection: number | null;
  /** 1 when the bookmarker is an approved creator of the bookmarked work. */
  bookmarkerIsCreator: number;
  /** A bookmarked series' parts listed to guests and to logged-in readers (listedWorks); 0 for other bookmarks. */
  seriesPartsForGuests: number;
  seriesPartsForMembers: number;
}

/**
 * Whether the series of `bookmarks.series_id` has a part listed to the audience. The parts are
 * joined as `works` in the subquery's own scope (shadowing the bookmarked work's), as
 * listedWorks reads `works.…`. Untyped: the outer FROM is any bookmarks query.
 */
function seriesListed(eb: any, loggedIn: boolean) {
  return eb.exists(
    eb
      .selectFrom('serialWorks')
      .innerJoin('works', 'works.id', 'serialWorks.workId')
      .select('serialWorks.workId')
      .whereRef('serialWorks.seriesId', '=', 'bookmarks.seriesId')
      .where((inner: any) => listedWorks(inner, { loggedIn })),
  );
}

/** Whether the bookmarker is an approved creator of the bookmarked work (`works`). */
function bookmarkerIsCreator(eb: any) {
  return eb.exists(
    eb
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
      .select('creatorships.workId')
      .whereRef('creatorships.workId', '=', 'works.id')
      .whereRef('pseuds.userId', '=', 'bookmarks.userId')
      .where('creatorships.isApproved', '=', 1),
  );
}

const flag = (eb: any, condition: unknown) => eb.case().when(condition).then(1).else(0).end();

function withWork(db: Queryable) {
  return db
    .selectFrom('bookmarks')
    .innerJoin('users', 'users.id', 'bookmarks.userId')
    .leftJoin('works', 'works.id', 'bookmarks.workId')
    .selectAll('bookmarks')
    .select(['users.login as ownerLogin', 'works.isDraft as workIsDraft', 'works.isRestricted as workIsRestricted', 'works.hiddenAt as workHiddenAt', 'works.inUnrevealedCollection as workInUnrevealedCollection', 'works.inAnonCollection as workInAnonCollection'])
    .select((eb) => [
      sql<number>`${flag(eb, seriesListed(eb, false))}`.as('seriesPartsForGuests'),
      sql<number>`${flag(eb, seriesListed(eb, true))}`.as('seriesPartsForMembers'),
      sql<number>`${flag(eb, bookmarkerIsCreator(eb))}`.as('bookmarkerIsCreator'),
    ]);
}

export function findBookmark(db: Queryable, id: number): Promise<BookmarkRow | undefined> {
  return withWork(db).where('bookmarks.id', '=', id).executeTakeFirst();
}

/** The reader's bookmark of this work, this series, or this address. */
export function findOwnBookmark(db: Queryable, userId: number, target: { workId: number } | { seriesId: number } | { url: string }): Promise<Bookmark | undefined> {
  const query = db.selectFrom('bookmarks').selectAll().where('userId', '=', userId);
  if ('workId' in target) return query.where('workId', '=', target.workId).executeTakeFirst();
  if ('seriesId' in target) return query.where('seriesId', '=', target.seriesId).executeTakeFirst();
  return query.where('url', '=', target.url).executeTakeFirst();
}

/** The new bookmark's id, or null when the reader already has one of it (a unique key, on both engines). */
export async function insertBookmark(db: Queryable, values: Insertable<BookmarksTable>): Promise<number | null> {
  const row = await db
    .insertInto('bookmarks')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function updateBookmarkRow(db: Queryable, id: number, values: Partial<Insertable<BookmarksTable>>): Promise<void> {
  await db.updateTable('bookmarks').set(values).where('id', '=', id).execute();
}

export async function deleteBookmarkRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('bookmarks').where('id', '=', id).execute();
}

export async function replaceBookmarkTags(db: Queryable, bookmarkId: number, tags: { name: string; nameKey: string }[]): Promise<void> {
  await db.deleteFrom('bookmarkTags').where('bookmarkId', '=', bookmarkId).execute();
  if (tags.length > 0) await db.insertInto('bookmarkTags').values(tags.map((t) => ({ bookmarkId, ...t }))).execute();
}

export function tagsOfBookmarks(db: Queryable, bookmarkIds: number[]) {
  if (bookmarkIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('bookmarkTags').select(['bookmarkId', 'name', 'nameKey']).where('bookmarkId', 'in', bookmarkIds).orderBy('name').execute();
}

/** works.bookmark_count is its public bookmarks, counted again after every write to them. */
export async function recountBookmarks(db: Queryable, workId: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ bookmarkCount: sql<number>`(select count(*) from bookmarks b where b.work_id = works.id and b.is_private = 0)` })
    .where('id', '=', workId)
    .execute();
}

export interface BookmarkQuery {
  /** Whose bookmarks, or every public bookmark of one work. */
  scope: { userId: number } | { workId: number };
  /** The owner sees all their own bookmarks, whatever became of the work; others see public ones of listed works. */
  owner: boolean;
  loggedIn: boolean;
  /** Only bookmarks of works filed under this tag (its filter set, as listings use). */
  workTagId?: number | undefined;
  /** Only bookmarks the bookmarker tagged so. */
  bookmarkTagKey?: string | undefined;
}

function conditions(db: Queryable, q: BookmarkQuery) {
  let query = withWork(db);
  query = 'userId' in q.scope ? query.where('bookmarks.userId', '=', q.scope.userId) : query.where('bookmarks.workId', '=', q.scope.workId);
  if (!q.owner) {
    query = query.where((eb) =>
      eb.and([
        eb('bookmarks.isPrivate', '=', 0),
        eb.or([
          eb('bookmarks.url', 'is not', null),
          eb.and([eb('bookmarks.workId', 'is not', null), listedWorks(eb, { loggedIn: q.loggedIn }), listedActs(eb, bookmarkerIsCreator(eb))]),
          eb.and([eb('bookmarks.seriesId', 'is not', null), seriesListed(eb, q.loggedIn)]),
        ]),
      ]),
    );
  }
  if (q.workTagId !== undefined) {
    const tagId = q.workTagId;
    query = query.where((eb) => eb.exists(eb.selectFrom('workFilters').select('workFilters.workId').whereRef('workFilters.workId', '=', 'bookmarks.workId').where('workFilters.tagId', '=', tagId)));
  }
  if (q.bookmarkTagKey !== undefined) {
    const key = q.bookmarkTagKey;
    query = query.where((eb) => eb.exists(eb.selectFrom('bookmarkTags').select('bookmarkTags.bookmarkId').whereRef('bookmarkTags.bookmarkId', '=', 'bookmarks.id').where('bookmarkTags.nameKey', '=', key)));
  }
  return query;
}

/** A page of bookmarks, newest first, and how many there are in all. */
export async function listBookmarks(db: Queryable, q: BookmarkQuery, limit: number, offset: number): Promise<{ rows: BookmarkRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    conditions(db, q).orderBy('bookmarks.id', 'desc').limit(limit).offset(offset).execute(),
    conditions(db, q)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function worksByIds(db: Queryable, ids: number[]): Promise<Work[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('works').selectAll().where('id', 'in', ids).execute();
}

export async function findTagIdByKey(db: Queryable, key: string): Promise<number | undefined> {
  const row = await db.selectFrom('tags').select(['id', 'mergerId']).where('nameKey', '=', key).executeTakeFirst();
  return row ? (row.mergerId ?? row.id) : undefined;
}

/** Which of a page of works this reader bookmarked, in one query (src/readers/viewer.state.ts). */
export async function bookmarkedAmong(db: Queryable, userId: number, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const rows = await db.selectFrom('bookmarks').select('workId').where('userId', '=', userId).where('workId', 'in', workIds).execute();
  return rows.flatMap((r) => (r.workId === null ? [] : [r.workId]));
}
