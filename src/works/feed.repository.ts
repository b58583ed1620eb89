import type { Queryable } from '../db/database.ts';

/** A work's latest chapters, newest first, for its feed. */
export function latestChapters(db: Queryable, workId: number, limit: number) {
  return db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'summary', 'wordCount', 'createdAt', 'updatedAt'])
    .where('workId', '=', workId)
    .orderBy('position', 'desc')
    .limit(limit)
    .execute();
}
