import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Reading history and Mark for Later (issue 12), one row per reader per work, as AO3's
// `readings`: a visit is one upsert of this row (a logged-in reader's pages are never cached,
// so it is written where the page is made). A row marked for later may have no visit yet.
//  - A work's deletion keeps the row (work_id set null) with the title it was read under, so
//    its reader sees "deleted" where it was, as bookmarks do.
//  - users.history_enabled off: visits write nothing (marking for later still does).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('history_enabled', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable('readings')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** The chapter reached: the last one opened (null: the whole work, or none yet). */
    .addColumn('chapter_id', 'integer', (c) => c.references('chapters.id').onDelete('set null'))
    .addColumn('visit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_read_at', 'text')
    .addColumn('to_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('readings_user_work_key').on('readings').columns(['user_id', 'work_id']).unique().execute();
  await db.schema.createIndex('readings_user_updated_idx').on('readings').columns(['user_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('readings').execute();
  await db.schema.alterTable('users').dropColumn('history_enabled').execute();
}
