import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Series (issue 15), as AO3's: a creator groups works into an ordered series with a title,
// summary and notes, and says when it is complete. A work may be in several series.
//  - A series has no creators of its own: its creators are its works' creators (as AO3 shows
//    them), so crediting, orphaning or co-creating a work credits the series the same way, and
//    what of them a reader sees follows each visible work's shownCreators. An empty series has
//    nobody to edit it, so the last part's removal deletes it (src/series/series.service.ts).
//  - serial_works: one row per series and work (the unique key: a work is in a series once);
//    `position` orders the parts (ties by work id, so an import's gaps and repeats still read
//    in a stable order). The work_id index answers "which series is this work in" for its page.
//  - Stats (words, works, begun, updated) are computed on read over the parts the viewer may
//    see: a series has few parts, and stored sums would tell a guest of restricted parts.
//  - `title_key`: the title in lower case, for an import finding "the series of that title"
//    among the archivist pseud's series.
//  - bookmarks.series_id: a bookmark of a series (null for works and stories elsewhere), one
//    per reader and series; a deleted series leaves its bookmarks with their title, as works do.
//    Subscriptions take target_type 'series' (migration 026 left room): no column needed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('series')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    /** Cleaned HTML. */
    .addColumn('summary', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('series_title_key_idx').on('series').column('title_key').execute();

  await db.schema
    .createTable('serial_works')
    .addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('serial_works_pk', ['series_id', 'work_id'])
    .execute();
  await db.schema.createIndex('serial_works_work_idx').on('serial_works').columns(['work_id', 'series_id']).execute();

  await db.schema.alterTable('bookmarks').addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('set null')).execute();
  await db.schema.createIndex('bookmarks_user_series_key').on('bookmarks').columns(['user_id', 'series_id']).unique().execute();
  await db.schema.createIndex('bookmarks_series_idx').on('bookmarks').columns(['series_id', 'is_private']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bookmarks_series_idx').execute();
  await db.schema.dropIndex('bookmarks_user_series_key').execute();
  await db.schema.alterTable('bookmarks').dropColumn('series_id').execute();
  await db.schema.dropTable('serial_works').execute();
  await db.schema.dropTable('series').execute();
}
