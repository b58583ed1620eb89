import { sql, type Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Comments (issue 12) and the inbox's notification events.
//
// Threads are a materialised path. A comment's `path` is its parent's path followed by one
// fixed-width segment: its place among its siblings (base 36, 6 characters), so a chapter's
// comments in `(chapter_id, path)` order are its threads depth first, oldest first, and
//  - a reply is one insert (its segment is read from its siblings in the same statement; the
//    unique key turns a race of two replies into one retry, never a duplicate path);
//  - a thread, or a page of threads, is one range read of that index on both engines.
// On PostgreSQL the column is compared byte by byte ("C" collation) so both engines order
// paths alike and a prefix range can use the index.
//
// A deleted comment with replies stays as a row with no body (status 'deleted') so its thread
// holds; without replies it goes. A deleted account's comments stay (user_id set null).
// Guests' addresses are kept for replies by mail only and never shown; address_key is the
// keyed hash (src/feedback/guest.key.ts) that rate limits and spam rules count by.
//
// works: who may comment ('everyone' | 'registered' | 'nobody'; registered by default, as AO3
// learned after its spam waves) and whether new comments wait for the creators' approval.
//
// notifications: one row per event for one reader (a comment on your work, a reply to your
// comment), read by the inbox and mailed by the news issue (mailed_at).
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .alterTable('works')
    .addColumn('comment_permission', 'text', (c) => c.notNull().defaultTo('registered'))
    .execute();
  await db.schema
    .alterTable('works')
    .addColumn('moderate_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.notNull().references('chapters.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('path', 'text', (c) => (engine === 'postgres' ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('pseud_id', 'integer', (c) => c.references('pseuds.id').onDelete('set null'))
    .addColumn('guest_name', 'text')
    .addColumn('guest_email', 'text')
    .addColumn('address_key', 'text')
    /** Cleaned HTML; empty for a deleted comment kept for its replies. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** 'published' | 'pending' (waits for approval) | 'spam' | 'deleted'. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** A frozen comment takes no new replies, nor does any reply below it. */
    .addColumn('is_frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_chapter_path_key').on('comments').columns(['chapter_id', 'path']).unique().execute();
  await db.schema.createIndex('comments_work_idx').on('comments').columns(['work_id', 'status']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').columns(['parent_id']).execute();
  await db.schema.createIndex('comments_user_idx').on('comments').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('comments_address_idx').on('comments').columns(['address_key', 'created_at']).execute();
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** 'comment' (on your work) | 'reply' (to your comment); the news issue adds its own. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_replied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mailed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_comment_key').on('notifications').columns(['user_id', 'comment_id']).unique().execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'is_read', 'id']).execute();
  await db.schema.createIndex('notifications_comment_idx').on('notifications').columns(['comment_id']).execute();
  await db.schema.createIndex('notifications_unmailed_idx').on('notifications').columns(['mailed_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('comments').execute();
  await db.schema.alterTable('works').dropColumn('moderate_comments').execute();
  await db.schema.alterTable('works').dropColumn('comment_permission').execute();
}
