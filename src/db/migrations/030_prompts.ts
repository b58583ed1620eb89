import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Prompt memes (issue 15): a collection whose challenge_type is 'prompt_meme'.
//
// prompts: one a participant posted in a collection, with a title and description; `is_anonymous`
//   hides the prompter's name from everyone else (the row keeps user_id, so the prompter may
//   still see and own it). prompt_tags: its tags as typed (names, with a lower-case key to filter by),
//   kept apart from works' tags: a prompt is a wish, not a tagged work.
// prompt_claims: one per prompt and user (claiming twice is refused by the key); many may claim one prompt.
// prompt_fills: a work of the collection linked to the prompt; a prompt may be filled many times.
// collections.prompt_claim_days: set by the moderators, a claim expires that many days after it
//   was made (checked when read: an expired claim is shown as expired, and may be made again).
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('prompts')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('is_anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prompts_collection_idx').on('prompts').columns(['collection_id', 'id']).execute();

  await db.schema
    .createTable('prompt_tags')
    .addColumn('prompt_id', 'integer', (c) => c.notNull().references('prompts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_tags_pkey', ['prompt_id', 'name_key'])
    .execute();
  await db.schema.createIndex('prompt_tags_key_idx').on('prompt_tags').columns(['name_key', 'prompt_id']).execute();

  await db.schema
    .createTable('prompt_claims')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('prompt_id', 'integer', (c) => c.notNull().references('prompts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prompt_claims_prompt_user_key').on('prompt_claims').columns(['prompt_id', 'user_id']).unique().execute();
  await db.schema.createIndex('prompt_claims_user_idx').on('prompt_claims').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('prompt_fills')
    .addColumn('prompt_id', 'integer', (c) => c.notNull().references('prompts.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_fills_pkey', ['prompt_id', 'work_id'])
    .execute();
  await db.schema.createIndex('prompt_fills_work_idx').on('prompt_fills').columns(['work_id']).execute();

  await db.schema.alterTable('collections').addColumn('prompt_claim_days', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('collections').dropColumn('prompt_claim_days').execute();
  await db.schema.dropTable('prompt_fills').execute();
  await db.schema.dropTable('prompt_claims').execute();
  await db.schema.dropTable('prompt_tags').execute();
  await db.schema.dropTable('prompts').execute();
}
