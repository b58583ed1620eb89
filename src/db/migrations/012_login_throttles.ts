import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Log-in limits become one counter row per key (account, address, or an account at an
// address it has logged in from before) instead of one row per failed attempt. A row is
// what a log-in locks before its password is checked (`INSERT … ON CONFLICT DO UPDATE`
// takes the row lock on PostgreSQL; SQLite has one writer), so parallel guesses cannot all
// pass the check before any of them is counted. known_logins remembers, as hashes, where
// each account has logged in successfully, so that a person at her usual address is not
// slowed by guesses made elsewhere or by someone else behind the same address.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_attempts').execute();
  await db.schema
    .createTable('login_throttles')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    /** Password checks since the last success that may have failed (each is counted before the check). */
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttles_last_attempt_idx').on('login_throttles').column('last_attempt_at').execute();
  await db.schema
    .createTable('known_logins')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('logged_in_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_logins_logged_in_idx').on('known_logins').column('logged_in_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_logins').execute();
  await db.schema.dropTable('login_throttles').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_key_idx').on('login_attempts').columns(['key_hash', 'attempted_at']).execute();
}
