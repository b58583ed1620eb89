import type { Queryable } from '../db/database.ts';
import { listedWorks, type ListingAudience } from '../works/work.visibility.ts';

export interface ChallengeWorkRow {
  id: number;
  title: string;
  chapterCount: number;
  wordCount: number;
  inAnonCollection: number;
}

/**
 * The works of a collection both sides agreed to, as any listing would show them
 * (listedWorks), oldest first: the order a challenge's answers came in.
 */
export function approvedWorksOfCollection(db: Queryable, collectionId: number, audience: ListingAudience): Promise<ChallengeWorkRow[]> {
  return db
    .selectFrom('collectionItems')
    .innerJoin('works', 'works.id', 'collectionItems.workId')
    .select(['works.id', 'works.title', 'works.chapterCount', 'works.wordCount', 'works.inAnonCollection'])
    .where('collectionItems.collectionId', '=', collectionId)
    .where('collectionItems.creatorStatus', '=', 'approved')
    .where('collectionItems.collectionStatus', '=', 'approved')
    .where((eb) => listedWorks(eb, audience))
    .orderBy('collectionItems.createdAt')
    .orderBy('works.id')
    .execute();
}
