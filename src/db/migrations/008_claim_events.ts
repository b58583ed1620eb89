import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// The record of what happened to imported works after the import (research/legacy.md §7):
// invitations re-sent, claims, removal requests and their review. A row names who acted and
// when, and outlives the work: work_id and batch_id carry no foreign key, and the title and
// content hash are copied, so a deleted work still says what it was and why it went.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(engineOf(db));
  await db.schema
    .createTable('claim_events')
    .addColumn('id', 'integer', id)
    /** invitation-resent | claimed | orphaned | removal-requested | removal-withdrawn | work-deleted | work-restored | imports-blocked */
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('work_id', 'integer')
    .addColumn('work_title', 'text')
    .addColumn('batch_id', 'integer')
    .addColumn('content_hash', 'text')
    .addColumn('external_creator_id', 'integer')
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The login as it was: the record still names the person after the account is gone.
    .addColumn('actor_login', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_events_work_idx').on('claim_events').columns(['work_id', 'id']).execute();
  await db.schema.createIndex('claim_events_event_idx').on('claim_events').columns(['event', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('claim_events').execute();
}
