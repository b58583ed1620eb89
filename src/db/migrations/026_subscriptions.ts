import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Subscriptions (issue 13), as AO3's: a user follows a work (its new chapters), a creator (their
// new works) or a tag (new works under it, its synonyms and subtags included). Series join
// target_type when they exist.
//  - One row per user and target (the unique key), so subscribing twice is "already subscribed".
//  - target_id points at works, users or tags by target_type, so it has no foreign key. Ids are
//    never reused (AUTOINCREMENT and identity columns), so a row left by a deleted work can never
//    come to mean another work; the list page shows such a row as gone, and it can be ended.
//  - The (target_type, target_id) index answers "who subscribes to X" for announcing a post; the
//    unique key, which leads with user_id, answers one's own list.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** 'work', 'creator' (a users.id) or 'tag'. */
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscriptions_user_target_key').on('subscriptions').columns(['user_id', 'target_type', 'target_id']).unique().execute();
  await db.schema.createIndex('subscriptions_target_idx').on('subscriptions').columns(['target_type', 'target_id', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subscriptions').execute();
}
