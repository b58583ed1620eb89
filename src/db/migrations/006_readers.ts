import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// What a logged-in reader keeps for themselves: tags and creators they never want to see
// (their works vanish from every listing and search), and saved searches and filters.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(engineOf(db));
  await db.schema
    .createTable('blocked_tags')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocked_tags_pk', ['user_id', 'tag_id'])
    .execute();
  await db.schema
    .createTable('blocked_creators')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocked_creators_pk', ['user_id', 'blocked_user_id'])
    .execute();
  await db.schema
    .createTable('saved_searches')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // A path and query on this archive, such as /tags/Smallville/works?exclude=Angst.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_searches_user_idx').on('saved_searches').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['saved_searches', 'blocked_creators', 'blocked_tags']) await db.schema.dropTable(table).execute();
}
