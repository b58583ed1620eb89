import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';

export interface HitRow {
  workId: number;
  day: string;
  visitorKey: string;
}

/**
 * Adds the visitors not yet counted today; returns the works of the rows really added (a
 * visitor another process or an earlier batch already wrote is nothing, by the primary key).
 */
export async function insertHitVisitors(db: Queryable, rows: HitRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const added = await db
    .insertInto('hitVisitors')
    .values(rows)
    .onConflict((oc) => oc.columns(['workId', 'day', 'visitorKey']).doNothing())
    .returning('workId')
    .execute();
  return added.map((r) => r.workId);
}

export async function addToHitCount(db: Queryable, workId: number, change: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ hitCount: sql<number>`hit_count + ${change}` })
    .where('id', '=', workId)
    .execute();
}

export async function pruneHitVisitors(db: Queryable, beforeDay: string): Promise<void> {
  await db.deleteFrom('hitVisitors').where('day', '<', beforeDay).execute();
}
