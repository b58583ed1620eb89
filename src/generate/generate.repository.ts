import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { engineOf } from '../db/dialect.ts';

// The tables the bulk load writes (PostgreSQL analyses them before the set-wide steps).
const LOADED_TABLES = 'works, chapters, creatorships, work_tags, tags, users, pseuds';
const TABLES_WITH_IDS = ['users', 'pseuds', 'tags', 'works', 'chapters'] as const;

/** The next free id of a table, so generated rows can name each other before insertion. */
export async function nextId(db: Queryable, table: (typeof TABLES_WITH_IDS)[number]): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number>`coalesce(max(id), 0)`.as('max')).executeTakeFirstOrThrow();
  return Number(row.max) + 1;
}

export function existingTags(db: Queryable) {
  return db.selectFrom('tags').select(['id', 'nameKey', 'type']).execute();
}

/**
 * Statistics on the freshly loaded tables. The steps after the load look rows up by work id in
 * batches; without statistics PostgreSQL guessed a million rows for 200 ids and hashed all of
 * work_tags (1.1 s a batch, JIT included); analysed, the same lookup takes 8 ms. SQLite plans
 * these lookups by their indexes without statistics.
 */
export async function analyzeLoadedTables(db: Queryable): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`analyze ${sql.raw(LOADED_TABLES)}`.execute(db);
}

/**
 * After a bulk load with explicit ids. PostgreSQL: each identity sequence moves past the rows
 * (SQLite's AUTOINCREMENT follows the largest id by itself), then statistics for the planner and
 * a visibility map so index-only scans stay index-only.
 */
export async function settleAfterBulkLoad(db: Queryable): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const table of TABLES_WITH_IDS) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(db);
  }
  await sql`vacuum analyze ${sql.raw(LOADED_TABLES)}, work_filters`.execute(db);
}
