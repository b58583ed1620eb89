import { sql, type Kysely } from 'kysely';
import type { Database, Work } from '../db/schema.ts';

export interface ListingQuery {
  /** Restricted works are listed only to logged-in readers. */
  loggedIn: boolean;
  tagId?: number;
  userId?: number;
  pseudId?: number;
  /** The creator's own drafts, instead of posted works. */
  draftsOnly?: boolean;
  page: number;
  perPage: number;
}

// Offset pagination, newest update first. The filtering issue replaces this with keyset
// pagination over precomputed filters; here lists are small.
export async function listWorks(db: Kysely<Database>, q: ListingQuery): Promise<{ works: Work[]; total: number }> {
  let base = db.selectFrom('works').where('works.isDraft', '=', q.draftsOnly ? 1 : 0);
  if (!q.loggedIn) base = base.where('works.isRestricted', '=', 0);
  if (q.tagId !== undefined) {
    const tagId = q.tagId;
    base = base.where(({ exists, selectFrom }) =>
      exists(selectFrom('workTags').select(sql`1`.as('one')).whereRef('workTags.workId', '=', 'works.id').where('workTags.tagId', '=', tagId)),
    );
  }
  if (q.userId !== undefined || q.pseudId !== undefined) {
    base = base.where(({ exists, selectFrom }) => {
      let creators = selectFrom('creatorships')
        .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
        .select(sql`1`.as('one'))
        .whereRef('creatorships.workId', '=', 'works.id')
        .where('creatorships.isApproved', '=', 1);
      if (q.userId !== undefined) creators = creators.where('pseuds.userId', '=', q.userId);
      if (q.pseudId !== undefined) creators = creators.where('pseuds.id', '=', q.pseudId);
      return exists(creators);
    });
  }
  const [works, count] = await Promise.all([
    base
      .selectAll('works')
      .orderBy('works.updatedAt', 'desc')
      .orderBy('works.id', 'desc')
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage)
      .execute(),
    base.select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { works, total: Number(count.total) };
}

/** Fandoms with how many listed works each has, most popular first. */
export function fandomCounts(db: Kysely<Database>, loggedIn: boolean, limit: number) {
  let query = db
    .selectFrom('workTags')
    .innerJoin('works', 'works.id', 'workTags.workId')
    .innerJoin('tags', 'tags.id', 'workTags.tagId')
    .select(['tags.name', 'tags.urlName', sql<number>`count(*)`.as('workCount')])
    .where('tags.type', '=', 'Fandom')
    .where('works.isDraft', '=', 0);
  if (!loggedIn) query = query.where('works.isRestricted', '=', 0);
  return query.groupBy(['tags.id', 'tags.name', 'tags.urlName']).orderBy('workCount', 'desc').orderBy('tags.name').limit(limit).execute();
}
