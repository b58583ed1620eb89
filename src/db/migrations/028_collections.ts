import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Collections (issue 15, "Works together"), the ground challenges stand on.
//
// collections: `name` is the address (/collections/:name, letters, digits and underscores, as on
//   AO3), unique by its lower case `name_key`. `parent_id` makes sub-collections (a challenge's
//   yearly rounds). The settings are flags: `is_moderated` (works wait for a moderator's
//   approval), `is_closed` (no new works), `is_anonymous` (creators hidden until revealed),
//   `is_unrevealed` (works hidden until revealed). The last two are the state now; a moderator's
//   reveal turns them off, and `reveal_works_at` / `reveal_creators_at` are the dates a job
//   does it by itself. A word rule (`word_rule`: 'exactly' | 'at_most' | 'multiple_of' N words,
//   `word_rule_scope` 'chapter' | 'work') is checked when a work joins; `challenge_type`
//   ('drabble' | 'prompt_meme' | 'gift_exchange', or null) names the challenge it runs, whose
//   own tables come in later migrations.
// collection_participants: one row per collection and user, `role` 'owner' | 'moderator' |
//   'member' | 'invited'.
// collection_items: a work in a collection. Both sides agree, each with its own status
//   ('unreviewed' | 'approved' | 'rejected'): the creator (`creator_status`; approved when they
//   added it themselves, unreviewed for the collection's invitation) and the collection
//   (`collection_status`; approved at once in an open collection, unreviewed in a moderated
//   one). A work is in at most one row per collection.
// works.in_anon_collection / in_unrevealed_collection: derived by refreshDerivedRows from the
//   items the creator agreed to and the collection has not rejected, in collections that are
//   anonymous / unrevealed now. A pending request already counts, so a work waiting in a
//   moderated anonymous collection shows no name meanwhile; an invitation alone does not, so a
//   collection cannot hide anyone's work. work.visibility.ts reads the two flags and only them.
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('collections')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('rules', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('collections.id').onDelete('restrict'))
    .addColumn('is_moderated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_unrevealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reveal_works_at', 'text')
    .addColumn('reveal_creators_at', 'text')
    .addColumn('word_rule', 'text')
    .addColumn('word_rule_count', 'integer')
    .addColumn('word_rule_scope', 'text')
    .addColumn('challenge_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_parent_idx').on('collections').column('parent_id').execute();

  await db.schema
    .createTable('collection_participants')
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_participants_pkey', ['collection_id', 'user_id'])
    .execute();
  await db.schema.createIndex('collection_participants_user_idx').on('collection_participants').columns(['user_id', 'collection_id']).execute();

  await db.schema
    .createTable('collection_items')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('creator_status', 'text', (c) => c.notNull())
    .addColumn('collection_status', 'text', (c) => c.notNull())
    .addColumn('added_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collection_items_collection_work_key').on('collection_items').columns(['collection_id', 'work_id']).unique().execute();
  await db.schema.createIndex('collection_items_work_idx').on('collection_items').columns(['work_id', 'collection_id']).execute();

  await db.schema.alterTable('works').addColumn('in_anon_collection', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('works').addColumn('in_unrevealed_collection', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('works').dropColumn('in_unrevealed_collection').execute();
  await db.schema.alterTable('works').dropColumn('in_anon_collection').execute();
  await db.schema.dropTable('collection_items').execute();
  await db.schema.dropTable('collection_participants').execute();
  await db.schema.dropTable('collections').execute();
}
