import type { Kysely } from 'kysely';

// The shared counters of rate limits on PostgreSQL, where several web processes must count
// together (rate-limiter-flexible's RateLimiterPostgres, told the table exists, reads and writes
// it with one atomic upsert per try). The layout is the library's own: a key, the points used,
// and when they expire (milliseconds since 1970). SQLite, one process, counts in memory; the
// table is made on both engines all the same, so one set of migrations serves both.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
