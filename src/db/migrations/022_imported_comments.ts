import type { Kysely } from 'kysely';

// Comments imported from another archive (issue 14: eFiction reviews). A review written by one
// of the archive's own authors is kept linked to the external creator they were imported as,
// so the page can say so and a claim can carry it to the account that claims them; every
// other reviewer stays a guest by name. Which review became which comment is in legacy_ids
// ('review'), which keeps a run again from adding any twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('external_creator_id', 'integer', (c) => c.references('external_creators.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('external_creator_id').execute();
}
