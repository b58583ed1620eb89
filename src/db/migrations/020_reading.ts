import type { Kysely } from 'kysely';

// Hits: one per visitor per work per day. The web processes count in memory and write their
// visitors here in batches; the primary key keeps a visitor seen by two processes (or by one
// before and after a restart) once, and each batch adds to works.hit_count only the rows it
// really inserted, so the counts come out right however many processes write. Rows older
// than a day or two are pruned: only today's visitors need remembering.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hit_visitors')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    /** The account ("u:12"), or a keyed hash of a guest's address and browser: never the address. */
    .addColumn('visitor_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hit_visitors_pkey', ['work_id', 'day', 'visitor_key'])
    .execute();
  await db.schema.createIndex('hit_visitors_day_idx').on('hit_visitors').columns(['day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hit_visitors').execute();
}
