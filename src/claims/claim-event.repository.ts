import type { Insertable } from 'kysely';
import type { ClaimEventsTable } from '../db/schema.ts';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

export type ClaimEventKind =
  | 'invitation-resent'
  | 'claimed'
  | 'orphaned'
  | 'removal-requested'
  | 'removal-withdrawn'
  | 'work-deleted'
  | 'work-restored'
  | 'imports-blocked';

export type NewClaimEvent = Omit<Insertable<ClaimEventsTable>, 'event'> & { event: ClaimEventKind };

export async function insertClaimEvents(db: Queryable, rows: NewClaimEvent[]): Promise<void> {
  // Chunks keep each statement well under SQLite's bound-parameter limit (32,766).
  for (const chunk of chunks(rows, 500)) await db.insertInto('claimEvents').values(chunk).execute();
}

/** The latest of these events for one work, if any: what became of it and who did it. */
export function lastEventOfWork(db: Queryable, workId: number, events: ClaimEventKind[]) {
  return db
    .selectFrom('claimEvents')
    .select(['event', 'workTitle', 'actorLogin', 'note', 'createdAt'])
    .where('workId', '=', workId)
    .where('event', 'in', events)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The archivists' latest decisions on removal requests, newest first. */
export function recentRemovalDecisions(db: Queryable, limit = 50) {
  return db
    .selectFrom('claimEvents')
    .select(['id', 'event', 'workId', 'workTitle', 'batchId', 'actorLogin', 'note', 'createdAt'])
    .where('event', 'in', ['work-deleted', 'work-restored', 'removal-withdrawn'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
