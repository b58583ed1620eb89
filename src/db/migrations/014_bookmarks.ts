import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Bookmarks (issue 12): a reader's bookmark of a work here, or of a story elsewhere by its
// address, with their notes (cleaned HTML), their own tags, private or public, and
// "recommendation". One bookmark per reader per work (and per address), held by unique keys.
//  - A work's deletion keeps its bookmarks (work_id set null) with the title they were made
//    under, so the owner sees "deleted" where it was; nobody else sees them.
//  - The bookmarker's tags are their own words, kept per bookmark (bookmark_tags), not the
//    archive's tags: they are never wrangled and never collide with a work tag's type.
//  - works.bookmark_count is the count of its public bookmarks, recounted by every write.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bookmarks')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('set null'))
    /** An off-site story's address; null for a work here. */
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('creator', 'text')
    .addColumn('summary', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_private', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_rec', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bookmarks_user_work_key').on('bookmarks').columns(['user_id', 'work_id']).unique().execute();
  await db.schema.createIndex('bookmarks_user_url_key').on('bookmarks').columns(['user_id', 'url']).unique().execute();
  await db.schema.createIndex('bookmarks_work_idx').on('bookmarks').columns(['work_id', 'is_private']).execute();
  await db.schema.createIndex('bookmarks_user_idx').on('bookmarks').columns(['user_id', 'id']).execute();
  await db.schema
    .createTable('bookmark_tags')
    .addColumn('bookmark_id', 'integer', (c) => c.notNull().references('bookmarks.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmark_tags_pk', ['bookmark_id', 'name_key'])
    .execute();
  await db.schema.createIndex('bookmark_tags_name_idx').on('bookmark_tags').columns(['name_key', 'bookmark_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bookmark_tags').execute();
  await db.schema.dropTable('bookmarks').execute();
}
