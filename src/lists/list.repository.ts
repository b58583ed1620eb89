import type { Queryable } from '../db/database.ts';
import type { List, ListMember, ListPost } from '../db/schema.ts';

// Plain queries of announcement lists, their members and their posts (migration 027).

export interface ListRow extends List {
  tagName: string | null;
  tagUrlName: string | null;
}

function listsWithTags(db: Queryable) {
  return db.selectFrom('lists').leftJoin('tags', 'tags.id', 'lists.tagId').selectAll('lists').select(['tags.name as tagName', 'tags.urlName as tagUrlName']);
}

export function findListBySlug(db: Queryable, slug: string): Promise<ListRow | undefined> {
  return listsWithTags(db).where('lists.slug', '=', slug).executeTakeFirst();
}

export function findListById(db: Queryable, id: number): Promise<ListRow | undefined> {
  return listsWithTags(db).where('lists.id', '=', id).executeTakeFirst();
}

/** Every list, by name: an archive runs a handful, not thousands. */
export function allLists(db: Queryable): Promise<ListRow[]> {
  return listsWithTags(db).orderBy('lists.name').orderBy('lists.id').execute();
}

export async function insertList(db: Queryable, values: { name: string; slug: string; description: string | null; tagId: number | null; createdBy: number; createdAt: string }): Promise<number | undefined> {
  // A slug taken meanwhile is no row, not an error: the service says the name is taken.
  const row = await db.insertInto('lists').values(values).onConflict((oc) => oc.column('slug').doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/**
 * The lists a posted work goes to: the archive-wide ones, and those whose tag the work counts
 * under. A list's tag made a synonym since the list began stands for its canonical, which is
 * what work_filters holds.
 */
export function listsForWork(db: Queryable, workId: number): Promise<List[]> {
  return db
    .selectFrom('lists')
    .leftJoin('tags', 'tags.id', 'lists.tagId')
    .selectAll('lists')
    .where((eb) =>
      eb.or([
        eb('lists.tagId', 'is', null),
        eb(eb.fn.coalesce('tags.mergerId', 'lists.tagId'), 'in', eb.selectFrom('workFilters').select('workFilters.tagId').where('workFilters.workId', '=', workId)),
      ]),
    )
    .orderBy('lists.id')
    .execute();
}

export function setDigestedThrough(db: Queryable, listId: number, through: string) {
  return db.updateTable('lists').set({ digestedThrough: through }).where('id', '=', listId).execute();
}

// Members.

export function findMember(db: Queryable, listId: number, addressKey: string): Promise<ListMember | undefined> {
  return db.selectFrom('listMembers').selectAll().where('listId', '=', listId).where('addressKey', '=', addressKey).executeTakeFirst();
}

export function findMemberById(db: Queryable, id: number): Promise<ListMember | undefined> {
  return db.selectFrom('listMembers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMemberByToken(db: Queryable, tokenHash: string): Promise<ListMember | undefined> {
  return db.selectFrom('listMembers').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

export interface PendingValues {
  address: string;
  digest: number;
  tokenHash: string;
  tokenExpiresAt: string;
  tokenSentAt: string;
}

/** A new pending member; undefined when the address joined meanwhile (the caller reads it again). */
export async function insertPendingMember(db: Queryable, listId: number, addressKey: string, values: PendingValues & { createdAt: string }): Promise<number | undefined> {
  const row = await db
    .insertInto('listMembers')
    .values({ listId, addressKey, status: 'pending', ...values })
    .onConflict((oc) => oc.columns(['listId', 'addressKey']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Asks again: a fresh link for a pending member or one who left; an older link stops working. */
export async function renewPendingMember(db: Queryable, id: number, values: PendingValues): Promise<void> {
  await db.updateTable('listMembers').set({ ...values, status: 'pending', tokenUsedAt: null }).where('id', '=', id).execute();
}

/** Uses a confirmation link; false when another request used it first (the update is the lock). */
export async function activateMember(db: Queryable, id: number, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('listMembers')
    .set({ status: 'active', joinedAt: now, tokenUsedAt: now, leftAt: null })
    .where('id', '=', id)
    .where('tokenHash', '=', tokenHash)
    .where('tokenUsedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends an active membership; false when it had ended already. */
export async function endMembership(db: Queryable, id: number, now: string): Promise<boolean> {
  const result = await db.updateTable('listMembers').set({ status: 'left', leftAt: now }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setMemberDigest(db: Queryable, id: number, digest: boolean): Promise<void> {
  await db.updateTable('listMembers').set({ digest: digest ? 1 : 0 }).where('id', '=', id).where('status', '=', 'active').execute();
}

export interface MemberPageQuery {
  digest: boolean;
  /** Members who joined after this have not had the posts up to it. */
  joinedBy: string;
  afterId: number;
  limit: number;
}

/** One keyset page of a list's active members, by id: the sending jobs walk these, never the whole list. */
export function activeMemberPage(db: Queryable, listId: number, query: MemberPageQuery) {
  return db
    .selectFrom('listMembers')
    .select(['id', 'address', 'mimeDigest'])
    .where('listId', '=', listId)
    .where('status', '=', 'active')
    .where('digest', '=', query.digest ? 1 : 0)
    .where('id', '>', query.afterId)
    .where('joinedAt', '<=', query.joinedBy)
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

// Posts.

export async function insertListPost(db: Queryable, values: Omit<ListPost, 'id'>): Promise<number | undefined> {
  // A second telling of the same chapter's news is no row: an event posts once.
  const row = await db
    .insertInto('listPosts')
    .values(values)
    .onConflict((oc) => oc.columns(['listId', 'chapterId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Posts that may still be shown: announcements, and posts of works that are posted and in
 * sight. A work deleted, hidden or made a draft again takes its posts out of the archive,
 * the digests and the sending.
 */
function shownPosts(db: Queryable) {
  return db
    .selectFrom('listPosts')
    .leftJoin('works', 'works.id', 'listPosts.workId')
    .selectAll('listPosts')
    .where((eb) => eb.or([eb('listPosts.kind', '=', 'announcement'), eb.and([eb('works.id', 'is not', null), eb('works.isDraft', '=', 0), eb('works.hiddenAt', 'is', null)])]));
}

export function findShownPost(db: Queryable, listId: number, postId: number): Promise<ListPost | undefined> {
  return shownPosts(db).where('listPosts.listId', '=', listId).where('listPosts.id', '=', postId).executeTakeFirst();
}

export function findShownPostById(db: Queryable, postId: number): Promise<ListPost | undefined> {
  return shownPosts(db).where('listPosts.id', '=', postId).executeTakeFirst();
}

/** A page of a list's archive, newest first, from the keyset cursor (the last post shown). */
export function archivePage(db: Queryable, listId: number, limit: number, before: { postedAt: string; id: number } | null): Promise<ListPost[]> {
  let query = shownPosts(db).where('listPosts.listId', '=', listId);
  if (before) {
    query = query.where((eb) => eb.or([eb('listPosts.postedAt', '<', before.postedAt), eb.and([eb('listPosts.postedAt', '=', before.postedAt), eb('listPosts.id', '<', before.id)])]));
  }
  return query.orderBy('listPosts.postedAt', 'desc').orderBy('listPosts.id', 'desc').limit(limit).execute();
}

/** The posts of a digest's window (after `from`, up to and with `through`), oldest first. */
export function postsBetween(db: Queryable, listId: number, from: string, through: string): Promise<ListPost[]> {
  return shownPosts(db)
    .where('listPosts.listId', '=', listId)
    .where('listPosts.postedAt', '>', from)
    .where('listPosts.postedAt', '<=', through)
    .orderBy('listPosts.postedAt')
    .orderBy('listPosts.id')
    .execute();
}

export async function hasPostsBetween(db: Queryable, listId: number, from: string, through: string): Promise<boolean> {
  const row = await db.selectFrom('listPosts').select('id').where('listId', '=', listId).where('postedAt', '>', from).where('postedAt', '<=', through).limit(1).executeTakeFirst();
  return row !== undefined;
}
