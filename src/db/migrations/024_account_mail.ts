import type { Kysely } from 'kysely';
import { idColumn, engineOf } from '../dialect.ts';

// Account mail (issue 13): whether a user's address is confirmed, and the single-use tokens
// that account mail carries (confirm an address, reset a password). Only a hash of each token
// is kept, so a copy of the database opens no account; `address` is the address a confirm
// token confirms (the new one, on a change of address); `used_at` makes a token single-use.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_confirmed_at', 'text').execute();
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    /** 'confirm_email' or 'reset_password'. */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_tokens').execute();
  await db.schema.alterTable('users').dropColumn('email_confirmed_at').execute();
}
