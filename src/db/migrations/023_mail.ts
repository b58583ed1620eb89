import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Mail done right (issue 13).
//
// outbox: every message the archive sends, written in the transaction of the event that asks
// for it, together with a `deliverMail` job (src/jobs) that sends it. `message_key` names the
// event and recipient ("comment:12:user:7"), so an event told twice is one row: no message is
// sent twice for one event. The job gives retries with backoff and survives restarts; the row
// says what became of the message (queued, sending, sent, suppressed, failed).
//
// mail_addresses: what the archive knows of an address it sends to: bounce scores, counted
// once a day from mail_bounces, and whether delivery to it has stopped. Keyed by the address
// in lower case (the local part is case-sensitive by the letter of RFC 5321, never in practice).
//
// mail_preferences: how a user wants each kind of news: 'each' as it happens, 'daily', 'none'.
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('message_key', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    /** The stream a message belongs to ("notify:comment", "list:3"): what its unsubscribe link ends. */
    .addColumn('stream', 'text')
    .addColumn('from_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    /** Extra headers as JSON ({"List-Id": "…"}). */
    .addColumn('headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_status_idx').on('outbox').columns(['status', 'id']).execute();
  await db.schema.createIndex('outbox_recipient_idx').on('outbox').columns(['recipient', 'id']).execute();

  await db.schema
    .createTable('mail_bounces')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    /** 'hard' (5.x.x: no such user) or 'soft' (4.x.x: full mailbox, greylisting). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status_code', 'text')
    .addColumn('scored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_bounces_unscored_idx').on('mail_bounces').columns(['scored', 'recipient']).execute();

  await db.schema
    .createTable('mail_addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('hard_bounces', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('soft_bounces', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stopped_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_preferences')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_preferences_pkey', ['user_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_preferences').execute();
  await db.schema.dropTable('mail_addresses').execute();
  await db.schema.dropTable('mail_bounces').execute();
  await db.schema.dropTable('outbox').execute();
}
