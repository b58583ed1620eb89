import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Announcement lists (issue 13, "The list").
//
// lists: archive-wide (tag_id null) or for one tag (a fandom, a relationship, any tag: works
//   count under it by work_filters, so its synonyms and subtags come along). `slug` names it in
//   addresses and in its List-Id.
// list_members: an address, not an account: anyone may join. `address_key` is the address in
//   lower case, unique per list, so an address is one membership however it is typed; a
//   membership is 'pending' until its confirmation link is used (double opt-in), then
//   'active', and 'left' after an unsubscribe. Only the SHA-256 of the confirmation token is
//   kept; `token_used_at` tells a used link from a forged one. `joined_at` is when it was
//   confirmed: a member gets the posts made after that.
// list_posts: what went out, kept for the list's archive page. (list_id, chapter_id) is unique,
//   so one posted work or chapter is one post however often its news is told; announcements
//   have no chapter (NULLs are distinct on both engines).
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('lists')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('restrict'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** The end of the window the last daily digest covered; null before the first. */
    .addColumn('digested_through', 'text')
    .execute();
  await db.schema.createIndex('lists_tag_idx').on('lists').column('tag_id').execute();

  await db.schema
    .createTable('list_members')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_key', 'text', (c) => c.notNull())
    /** 'pending' | 'active' | 'left'. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token_hash', 'text')
    .addColumn('token_expires_at', 'text')
    .addColumn('token_sent_at', 'text')
    .addColumn('token_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text')
    .addColumn('left_at', 'text')
    .execute();
  await db.schema.createIndex('list_members_address_key').on('list_members').columns(['list_id', 'address_key']).unique().execute();
  await db.schema.createIndex('list_members_token_key').on('list_members').column('token_hash').unique().execute();
  // The keyset pages a post's and a digest's sending walk: a list's active members by id.
  await db.schema.createIndex('list_members_page_idx').on('list_members').columns(['list_id', 'status', 'digest', 'id']).execute();

  await db.schema
    .createTable('list_posts')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    /** 'new' | 'update' | 'announcement'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('set null'))
    .addColumn('chapter_id', 'integer', (c) => c.references('chapters.id').onDelete('set null'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_posts_event_key').on('list_posts').columns(['list_id', 'chapter_id']).unique().execute();
  await db.schema.createIndex('list_posts_archive_idx').on('list_posts').columns(['list_id', 'posted_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('list_posts').execute();
  await db.schema.dropTable('list_members').execute();
  await db.schema.dropTable('lists').execute();
}
