import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Gift exchanges (issue 15, "Challenges"): a collection whose challenge_type is 'gift_exchange'.
//
// exchange_settings: one row per exchange. The sign-up window (`signup_opens_at`,
//   `signup_closes_at`), the assignments' due date, how many requests and offers a sign-up may
//   hold, and two JSON texts (both engines store them as text): `tag_set`, the tag names that
//   may be requested and offered per type ({"fandom": ["…"], …}; a type left out is not asked
//   for), and `type_rules`, per type {min, max, required}: how many tags a request or offer
//   must and may have, and how many must be in common for a pair to match. `sent_at` is when
//   the assignments went out, `closed_at` when the moderators closed the challenge. Reveal
//   dates are the collection's own reveal_* columns.
// exchange_signups: one per collection and user; `requests` and `offers` are JSON lists of
//   {tags: {type: [names]}, note}. 'active' or 'withdrawn' (kept, so a change of mind before
//   the close brings the typed text back).
// exchange_runs: each run of the matcher (a `matchGiftExchange` job): 'queued', 'running',
//   'done' or 'failed', its progress (done of total), and its result as JSON (pairs with their
//   overlap, the unmatched with the matcher's reason). The newest done run is what is sent.
// exchange_pins: pairs the moderators fixed by hand (giver → recipient, sign-up ids); a giver
//   and a recipient are each pinned at most once (unique), so conflicting pins cannot be stored.
// exchange_assignments: what was sent. 'sent', 'defaulted' (the giver dropped it) or
//   'fulfilled' (the gift was posted: `work_id`). A pinch hit is a new row for the same
//   recipient, `is_pinch_hit` 1, its defaulted row kept.
// exchange_pinch_hitters: people who offer to write for a defaulted assignment.
// gifts: a work given to someone: an account (`recipient_user_id`) or a name; `refused_at`
//   when the recipient refused it (the work stays, the gift line goes). One per work and user.
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('exchange_settings')
    .addColumn('collection_id', 'integer', (c) => c.primaryKey().references('collections.id').onDelete('cascade'))
    .addColumn('signup_opens_at', 'text')
    .addColumn('signup_closes_at', 'text')
    .addColumn('assignments_due_at', 'text')
    .addColumn('requests_max', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('offers_max', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('tag_set', 'text', (c) => c.notNull())
    .addColumn('type_rules', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exchange_signups')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('requests', 'text', (c) => c.notNull())
    .addColumn('offers', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exchange_signups_user_key').on('exchange_signups').columns(['collection_id', 'user_id']).unique().execute();

  await db.schema
    .createTable('exchange_runs')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('exchange_runs_collection_idx').on('exchange_runs').columns(['collection_id', 'id']).execute();

  await db.schema
    .createTable('exchange_pins')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('giver_signup_id', 'integer', (c) => c.notNull().references('exchange_signups.id').onDelete('cascade'))
    .addColumn('recipient_signup_id', 'integer', (c) => c.notNull().references('exchange_signups.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exchange_pins_giver_key').on('exchange_pins').columns(['collection_id', 'giver_signup_id']).unique().execute();
  await db.schema.createIndex('exchange_pins_recipient_key').on('exchange_pins').columns(['collection_id', 'recipient_signup_id']).unique().execute();

  await db.schema
    .createTable('exchange_assignments')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('giver_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('recipient_signup_id', 'integer', (c) => c.notNull().references('exchange_signups.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_pinch_hit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('set null'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('defaulted_at', 'text')
    .execute();
  await db.schema.createIndex('exchange_assignments_collection_idx').on('exchange_assignments').columns(['collection_id', 'recipient_signup_id']).execute();
  await db.schema.createIndex('exchange_assignments_giver_idx').on('exchange_assignments').columns(['giver_user_id', 'collection_id']).execute();

  await db.schema
    .createTable('exchange_pinch_hitters')
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_pinch_hitters_pkey', ['collection_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('gifts')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('recipient_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'integer', (c) => c.references('exchange_assignments.id').onDelete('set null'))
    .addColumn('refused_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gifts_work_recipient_key').on('gifts').columns(['work_id', 'recipient_user_id']).unique().execute();
  await db.schema.createIndex('gifts_recipient_idx').on('gifts').columns(['recipient_user_id', 'work_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['gifts', 'exchange_pinch_hitters', 'exchange_assignments', 'exchange_pins', 'exchange_runs', 'exchange_signups', 'exchange_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
