import type { Kysely } from 'kysely';

// Whole archives imported from another program (issue 14: eFiction 3.x). Each row maps one
// record of the old archive, by (source, kind, legacy id), to what it became here, so that
//  - an interrupted run can be run again: what is mapped is not imported twice;
//  - old addresses keep working: viewstory.php?sid=N looks up ('story', N) and redirects.
// kind: 'story' → works.id, 'chapter' → chapters.id, 'author' → external_creators.id,
// 'series' and 'challenge' → no new id yet (the archive has neither): their rows are kept in
// `data` (JSON: title, summary, the author's legacy id, the stories in order) until they can
// be linked. No foreign key on new_id: it names rows of several tables, and a mapping of a
// work deleted later must not stop the deletion (the old address then finds nothing).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legacy_ids')
    /** The old archive, e.g. "efiction:https://old.example.org/fiction". */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('legacy_id', 'integer', (c) => c.notNull())
    .addColumn('new_id', 'integer')
    .addColumn('data', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('legacy_ids_pk', ['source', 'kind', 'legacy_id'])
    .execute();
  // Old addresses carry no source: they are looked up by kind and id alone.
  await db.schema.createIndex('legacy_ids_kind_idx').on('legacy_ids').columns(['kind', 'legacy_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legacy_ids').execute();
}
