import { sql, type Kysely } from 'kysely';
import { engineOf, idColumn } from '../dialect.ts';

// Tag wrangling (fandom parents, meta/sub tags), the precomputed filter set of every work,
// and the background job queue that keeps that set current. See src/tags/filter.repository.ts.
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);

  // Fandom parents of characters, relationships and additional tags (AO3's common_taggings).
  // They sort tags for wranglers and show on tag pages; they do not put works into a fandom.
  await db.schema
    .createTable('tag_parents')
    .addColumn('child_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_parents_pk', ['child_id', 'parent_id'])
    .execute();
  await db.schema.createIndex('tag_parents_parent_idx').on('tag_parents').columns(['parent_id', 'child_id']).execute();

  // Direct meta/sub links (AO3's meta_taggings with direct = true). Works under a subtag are
  // filtered under every metatag above it; the transitive closure is computed when filters are.
  await db.schema
    .createTable('meta_tags')
    .addColumn('sub_tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('meta_tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('meta_tags_pk', ['sub_tag_id', 'meta_tag_id'])
    .execute();
  await db.schema.createIndex('meta_tags_meta_idx').on('meta_tags').columns(['meta_tag_id', 'sub_tag_id']).execute();

  // Synonyms of a canonical tag, for tag pages and for finding the works a change touches.
  await db.schema.createIndex('tags_merger_idx').on('tags').column('merger_id').execute();
  // Autocomplete: a prefix of name_key among canonical tags of one type. PostgreSQL needs
  // text_pattern_ops for LIKE 'abc%' to use a btree under a non-C collation; SQLite's
  // BINARY-collated index serves the equivalent range (>= 'abc' and < 'abc\u{10FFFF}').
  if (engine === 'postgres') {
    await sql`create index tags_canonical_prefix_idx on tags (type, name_key text_pattern_ops) where is_canonical = 1`.execute(db);
  } else {
    await sql`create index tags_canonical_prefix_idx on tags (type, name_key) where is_canonical = 1`.execute(db);
  }
  // The wrangling queue: tags nobody has made canonical or a synonym yet.
  await sql`create index tags_unwrangled_idx on tags (type, name_key) where is_canonical = 0 and merger_id is null`.execute(db);

  // One row per (work, filter tag): the canonical of each of the work's tags, plus every
  // metatag above it (is_inherited = 1). Listings read only this table; nothing computes
  // it per request. (work_id, tag_id) serves rebuilding a work and "exclude" (NOT EXISTS
  // per candidate work); (tag_id, work_id) serves "include" and the tag page itself.
  await db.schema
    .createTable('work_filters')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('is_inherited', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('work_filters_pk', ['work_id', 'tag_id'])
    // A clustered table on SQLite: about ten rows per work, so no separate rowid b-tree.
    .$call((b) => (engine === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await db.schema.createIndex('work_filters_tag_idx').on('work_filters').columns(['tag_id', 'work_id']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', idColumn(engine))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    // Set when the last attempt failed; the row stays for someone to read, and is not run again.
    .addColumn('failed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index jobs_due_idx on jobs (run_at, id) where failed_at is null`.execute(db);

  // Works posted before this migration get their filters now.
  await sql`insert into work_filters (work_id, tag_id, is_inherited)
    select distinct wt.work_id, coalesce(t.merger_id, t.id), 0 from work_tags wt join tags t on t.id = wt.tag_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['jobs', 'work_filters', 'meta_tags', 'tag_parents']) await db.schema.dropTable(table).execute();
  for (const index of ['tags_unwrangled_idx', 'tags_canonical_prefix_idx', 'tags_merger_idx']) await db.schema.dropIndex(index).execute();
}
