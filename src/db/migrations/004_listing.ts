import { sql, type Kysely } from 'kysely';

// What listings sort by: reader counts (kudos, comments, bookmarks, hits; filled in by the
// features that count them), and sort keys for titles and creators that ignore case and a
// leading article, as AO3 does. Each sort has an index that starts like the listing's
// visibility test, so a page is a walk along one index, at page 1 or page 5,000.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('works')
    .addColumn('sort_title', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  for (const column of ['creator_sort']) {
    await db.schema.alterTable('works').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  for (const column of ['kudos_count', 'comment_count', 'bookmark_count', 'hit_count']) {
    await db.schema.alterTable('works').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  await sql`update works set sort_title = lower(title)`.execute(db);
  await sql`update works set creator_sort = coalesce((
      select lower(p.name) from creatorships c join pseuds p on p.id = c.pseud_id
      where c.work_id = works.id and c.is_approved = 1 order by c.position, p.name_key limit 1), '')`.execute(db);

  await db.schema.dropIndex('works_listing_idx').execute();
  const sorts: Record<string, string> = {
    updated: 'updated_at',
    posted: 'published_at',
    words: 'word_count',
    title: 'sort_title',
    creator: 'creator_sort',
    kudos: 'kudos_count',
    comments: 'comment_count',
    bookmarks: 'bookmark_count',
    hits: 'hit_count',
  };
  for (const [name, column] of Object.entries(sorts)) {
    await db.schema.createIndex(`works_by_${name}_idx`).on('works').columns(['is_draft', column, 'id']).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['updated', 'posted', 'words', 'title', 'creator', 'kudos', 'comments', 'bookmarks', 'hits']) {
    await db.schema.dropIndex(`works_by_${name}_idx`).execute();
  }
  for (const column of ['sort_title', 'creator_sort', 'kudos_count', 'comment_count', 'bookmark_count', 'hit_count']) {
    await db.schema.alterTable('works').dropColumn(column).execute();
  }
  await db.schema.createIndex('works_listing_idx').on('works').columns(['is_draft', 'updated_at']).execute();
}
