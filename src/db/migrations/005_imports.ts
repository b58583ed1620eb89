import type { Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Legacy imports and claims (research/legacy.md §7): a batch per run of the importer, the
// provenance and review flags of each imported work, the original creators as "external
// creators" (AO3's ExternalAuthor: a name and a private address), and claim invitations.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(engineOf(db));

  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'integer', id)
    .addColumn('archivist_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('archive_name', 'text')
    .addColumn('list_name', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('files_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('works_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('works_present', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('repairs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // One row per imported work. content_hash is what makes a second run change nothing.
  await db.schema
    .createTable('imported_works')
    .addColumn('work_id', 'integer', (c) => c.primaryKey().references('works.id').onDelete('cascade'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('archive_name', 'text')
    .addColumn('list_name', 'text')
    /** JSON arrays (text on both engines): source paths and the original labels. */
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('original_header', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('archive_consent', 'text')
    .addColumn('removal_requested_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imported_works_batch_idx').on('imported_works').columns(['batch_id', 'work_id']).execute();

  // Everything a person should check: low-confidence fields, repaired words, gaps in parts.
  await db.schema
    .createTable('import_flags')
    .addColumn('id', 'integer', id)
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('cascade'))
    .addColumn('source', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_flags_batch_idx').on('import_flags').columns(['batch_id', 'id']).execute();

  await db.schema
    .createTable('external_creators')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    /** Private: used only to send the claim invitation; never shown on a page. */
    .addColumn('email', 'text')
    .addColumn('email_key', 'text', (c) => c.unique())
    .addColumn('is_blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('external_creators_name_idx').on('external_creators').columns(['name_key']).execute();

  await db.schema
    .createTable('external_creatorships')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('external_creator_id', 'integer', (c) => c.notNull().references('external_creators.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    /** unclaimed | claimed | orphaned | removal-requested */
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('unclaimed'))
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('external_creatorships_pk', ['work_id', 'external_creator_id'])
    .execute();
  await db.schema
    .createIndex('external_creatorships_creator_idx')
    .on('external_creatorships')
    .columns(['external_creator_id', 'work_id'])
    .execute();

  // Only the SHA-256 of the token is stored, as for sessions.
  await db.schema
    .createTable('claim_invitations')
    .addColumn('id', 'integer', id)
    .addColumn('external_creator_id', 'integer', (c) => c.notNull().references('external_creators.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['claim_invitations', 'external_creatorships', 'external_creators', 'import_flags', 'imported_works', 'import_batches']) {
    await db.schema.dropTable(table).execute();
  }
}
