import { sql, type Kysely } from 'kysely';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/tag.types.ts';
import { toUrlName } from '../../tags/tag.names.ts';
import { engineOf, idColumn } from '../dialect.ts';

// The archive's core: accounts, pseuds, sessions, tags, works, chapters.
// Names are snake_case here; the CamelCasePlugin maps them for the code.
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  const id = idColumn(engine);

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('login_key', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('show_adult_content', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pseuds')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pseuds_user_name_unique', ['user_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', id)
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_key_idx')
    .on('login_attempts')
    .columns(['key_hash', 'attempted_at'])
    .execute();

  // One row per distinct tag. merger_id and is_canonical are the hooks for wrangling:
  // a synonym points at its canonical tag.
  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', id)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('url_name', 'text', (c) => c.notNull().unique())
    .addColumn('is_canonical', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merger_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tags_type_idx').on('tags').columns(['type', 'name_key']).execute();

  await db.schema
    .createTable('works')
    .addColumn('id', 'integer', id)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('notes', 'text')
    .addColumn('end_notes', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('is_draft', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expected_chapters', 'integer')
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chapter_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submission_key', 'text', (c) => c.unique())
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('works_listing_idx').on('works').columns(['is_draft', 'updated_at']).execute();

  await db.schema
    .createTable('creatorships')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('pseud_id', 'integer', (c) => c.notNull().references('pseuds.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_approved', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('creatorships_pk', ['work_id', 'pseud_id'])
    .execute();
  await db.schema.createIndex('creatorships_pseud_idx').on('creatorships').columns(['pseud_id', 'work_id']).execute();

  await db.schema
    .createTable('chapters')
    .addColumn('id', 'integer', id)
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('summary', 'text')
    .addColumn('notes', 'text')
    .addColumn('end_notes', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chapters_work_idx').on('chapters').columns(['work_id', 'position']).execute();

  await db.schema
    .createTable('work_tags')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('work_tags_pk', ['work_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('work_tags_tag_idx').on('work_tags').columns(['tag_id', 'work_id']).execute();

  // Ratings, warnings and categories are fixed, canonical tags chosen from lists.
  const fixed = [
    ...RATINGS.map((name) => ({ type: 'Rating', name })),
    ...WARNINGS.map((name) => ({ type: 'ArchiveWarning', name })),
    ...CATEGORIES.map((name) => ({ type: 'Category', name })),
  ];
  await db
    .insertInto('tags')
    .values(
      fixed.map((t) => ({
        type: t.type,
        name: t.name,
        name_key: t.name.toLowerCase(),
        url_name: toUrlName(t.name),
        is_canonical: 1,
        created_at: new Date().toISOString(),
      })),
    )
    .execute();

  // Orphaned works move to this account, as on AO3: the work stays, the link to its
  // creator goes. Its password hash is not a valid argon2 string, so nobody can log in.
  const now = new Date().toISOString();
  await sql`insert into users (login, login_key, email, email_key, password_hash, role, created_at, updated_at)
    values ('orphan_account', 'orphan_account', 'orphan_account@invalid', 'orphan_account@invalid', '!', 'system', ${now}, ${now})`.execute(db);
  await sql`insert into pseuds (user_id, name, name_key, is_default, created_at)
    select id, 'orphan_account', 'orphan_account', 1, ${now} from users where login_key = 'orphan_account'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['work_tags', 'chapters', 'creatorships', 'works', 'tags', 'login_attempts', 'sessions', 'pseuds', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
