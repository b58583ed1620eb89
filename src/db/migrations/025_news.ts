import { sql, type Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// News to people (issue 13).
//
// news_digest: the items a person chose to get once a day, waiting for the daily digest.
// `item_key` names the event and the person, as an outbox key does, so an event told twice
// is one item. Deleting a work deletes its waiting items; `digested_at` marks the ones sent.
//
// outbox.work_id: the work a message tells of, so the guard is asked again just before the
// message goes (a work made a draft again, hidden or deleted since is not mailed about).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('news_digest')
    .addColumn('id', 'integer', idColumn(engineOf(db)))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull().unique())
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('digested_at', 'text')
    .execute();
  await sql`create index news_digest_waiting_idx on news_digest (user_id, id) where digested_at is null`.execute(db);
  await db.schema.createIndex('news_digest_work_idx').on('news_digest').column('work_id').execute();
  await db.schema.alterTable('outbox').addColumn('work_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('work_id').execute();
  await db.schema.dropTable('news_digest').execute();
}
