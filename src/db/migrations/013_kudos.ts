import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Kudos (issue 12): one per account and one per guest on a work, held by two unique keys, so
// a race of two requests makes one row (`insert … on conflict do nothing`) on both engines.
// NULLs are distinct in a unique index on both engines: guests' rows (user_id null) never
// meet in the account key, accounts' rows (guest_key null) never in the guest key.
//  - guest_key is a keyed hash of the guest's address (src/feedback/guest.key.ts), never the
//    address itself.
//  - A deleted account's kudos stay counted (user_id set null), shown as a guest's, so
//    works.kudos_count needs no upkeep when an account goes.
// site_secrets holds the archive's own random keys (the guest key's first), made on first
// need and shared by every process of the archive through the database.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kudos')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kudos_work_user_key').on('kudos').columns(['work_id', 'user_id']).unique().execute();
  await db.schema.createIndex('kudos_work_guest_key').on('kudos').columns(['work_id', 'guest_key']).unique().execute();
  // Setting a deleted account's rows to null reads them by user; so will "kudos you left".
  await db.schema.createIndex('kudos_user_idx').on('kudos').columns(['user_id', 'work_id']).execute();
  await db.schema
    .createTable('site_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** Base64url of 32 random bytes. */
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('site_secrets').execute();
  await db.schema.dropTable('kudos').execute();
}
