import type { Queryable } from '../db/database.ts';
import type { Subscription } from '../db/schema.ts';

// Subscriptions (migration 026): one's own list, and "who subscribes to X" for announcing a
// post. The announcing queries are set queries over the (target_type, target_id) index, so a
// tag with 10,000 subscribers is one statement, not 10,000.

export const TARGET_TYPES = ['work', 'creator', 'tag', 'series'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface Target {
  type: TargetType;
  id: number;
}

/** Inserts the subscription; null when the user already has it (the unique key). */
export async function insertSubscription(db: Queryable, userId: number, target: Target, createdAt: string): Promise<number | null> {
  const row = await db
    .insertInto('subscriptions')
    .values({ userId, targetType: target.type, targetId: target.id, createdAt })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function findSubscription(db: Queryable, id: number): Promise<Subscription | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOwnSubscription(db: Queryable, userId: number, target: Target): Promise<Subscription | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('userId', '=', userId).where('targetType', '=', target.type).where('targetId', '=', target.id).executeTakeFirst();
}

/** Ends one of the user's subscriptions; false when it was not there (already ended, or someone else's). */
export async function deleteOwnSubscription(db: Queryable, userId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('subscriptions').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A subscription with what its target is called; the target's columns are null when it is gone. */
export interface SubscriptionRow {
  id: number;
  userId: number;
  targetType: string;
  targetId: number;
  createdAt: string;
  workTitle: string | null;
  workIsDraft: number | null;
  workHiddenAt: string | null;
  workIsRestricted: number | null;
  creatorLogin: string | null;
  tagName: string | null;
  tagUrlName: string | null;
  seriesTitle: string | null;
}

function withTargets(db: Queryable) {
  return db
    .selectFrom('subscriptions')
    .leftJoin('works', (join) => join.onRef('works.id', '=', 'subscriptions.targetId').on('subscriptions.targetType', '=', 'work'))
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'subscriptions.targetId').on('subscriptions.targetType', '=', 'creator'))
    .leftJoin('tags', (join) => join.onRef('tags.id', '=', 'subscriptions.targetId').on('subscriptions.targetType', '=', 'tag'))
    .leftJoin('series', (join) => join.onRef('series.id', '=', 'subscriptions.targetId').on('subscriptions.targetType', '=', 'series'))
    .select([
      'subscriptions.id',
      'subscriptions.userId',
      'subscriptions.targetType',
      'subscriptions.targetId',
      'subscriptions.createdAt',
      'works.title as workTitle',
      'works.isDraft as workIsDraft',
      'works.hiddenAt as workHiddenAt',
      'works.isRestricted as workIsRestricted',
      'users.login as creatorLogin',
      'tags.name as tagName',
      'tags.urlName as tagUrlName',
      'series.title as seriesTitle',
    ]);
}

export function findSubscriptionWithTarget(db: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  return withTargets(db).where('subscriptions.id', '=', id).executeTakeFirst();
}

/** One page of a user's subscriptions, newest first, and how many there are. */
export async function listSubscriptions(db: Queryable, userId: number, type: TargetType | null, limit: number, offset: number): Promise<{ rows: SubscriptionRow[]; total: number }> {
  let list = withTargets(db).where('subscriptions.userId', '=', userId);
  let count = db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('total')).where('userId', '=', userId);
  if (type !== null) {
    list = list.where('subscriptions.targetType', '=', type);
    count = count.where('targetType', '=', type);
  }
  const [rows, counted] = await Promise.all([list.orderBy('subscriptions.id', 'desc').limit(limit).offset(offset).execute(), count.executeTakeFirstOrThrow()]);
  return { rows, total: Number(counted.total) };
}

/** Who is subscribed to a person or thing: one row per subscription. */
export interface Subscriber {
  subscriptionId: number;
  userId: number;
  targetId: number;
}

export function subscribersOf(db: Queryable, type: TargetType, targetIds: readonly number[]): Promise<Subscriber[]> {
  if (targetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('subscriptions')
    .select(['id as subscriptionId', 'userId', 'targetId'])
    .where('targetType', '=', type)
    .where('targetId', 'in', [...targetIds])
    .orderBy('id')
    .execute();
}

/**
 * The subscribers of every tag a work counts under: its filter set (work_filters) holds the
 * canonical of each of its tags and every metatag above them, so a subscription to a canonical
 * tag is reached by works under its synonyms and subtags. A subscription to a synonym counts as
 * one to its canonical (as the synonym's page lists the canonical's works).
 */
export async function tagSubscribersOfWork(db: Queryable, workId: number): Promise<(Subscriber & { tagName: string })[]> {
  // From the work's few filter tags to the tags that count as them (themselves and their
  // synonyms, both indexed), then into the subscriptions' target index: never a scan of every
  // tag subscription in the archive.
  const filters = db.selectFrom('workFilters').select('workFilters.tagId').where('workFilters.workId', '=', workId);
  return db
    .selectFrom('tags')
    .innerJoin('subscriptions', (join) => join.onRef('subscriptions.targetId', '=', 'tags.id').on('subscriptions.targetType', '=', 'tag'))
    .select(['subscriptions.id as subscriptionId', 'subscriptions.userId', 'subscriptions.targetId', 'tags.name as tagName'])
    .where((eb) => eb.or([eb('tags.id', 'in', filters), eb('tags.mergerId', 'in', filters)]))
    .orderBy('subscriptions.id')
    .execute();
}
