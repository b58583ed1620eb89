import { sql, type Kysely } from 'kysely';
import { reindexAllWorks } from '../../search/search-index.repository.ts';
import { engineOf } from '../dialect.ts';

// The full-text index for /works/search: one row per work with its title, summary and notes,
// tags, creators and the text of every chapter. See src/search/search-index.repository.ts for how rows
// are built and kept current.
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    // porter stems English (dragons → dragon); remove_diacritics 2 folds café into cafe;
    // marks (M*) count as letters so scripts with vowel signs are not cut mid-word.
    await sql`create virtual table work_search using fts5(
      title, summary, tags, creators, body,
      tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    )`.execute(db);
    // A virtual table cannot hold a foreign key; this trigger is its "on delete cascade".
    await sql`create trigger work_search_work_deleted after delete on works begin
      delete from work_search where rowid = old.id;
    end`.execute(db);
  } else {
    await createPostgresSearch(db);
  }
  await reindexAllWorks(db);
}

async function createPostgresSearch(db: Kysely<any>): Promise<void> {
  // unaccent folds café into cafe, as FTS5's remove_diacritics does. It is a trusted
  // extension (PostgreSQL 13+), so a database owner may create it. It goes in `public`, not
  // in the archive's schema, because it belongs to the whole database: several archives (or
  // test schemas) share it, and dropping one schema must not take it from the others.
  const available = await sql<{ name: string }>`select name from pg_available_extensions where name = 'unaccent'`.execute(db);
  if (available.rows.length === 0) {
    throw new Error('The search index needs PostgreSQL\'s "unaccent" extension (part of the standard contrib modules); install them and migrate again.');
  }
  await sql`create extension if not exists unaccent schema public`.execute(db);
  const installed = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
  const unaccent = sql.id(installed.rows[0]!.schema, 'unaccent');

  // English stemming (Snowball), but without its stop-word list: FTS5 keeps every word, and
  // a phrase like "king of the hill" must find the same works on both engines. The parser
  // drops lone common words from queries on both engines instead.
  await sql`create text search dictionary records_room_stem (template = snowball, language = english)`.execute(db);
  await sql`create text search configuration records_room_search (copy = pg_catalog.english)`.execute(db);
  await sql`alter text search configuration records_room_search
    alter mapping for asciiword, word, hword_asciipart, hword_part with ${unaccent}, records_room_stem`.execute(db);
  // PostgreSQL indexes "hurt-comfort" as the whole compound plus its parts, which shifts
  // every later position by one and breaks phrases that span it. FTS5 sees only the parts;
  // without a mapping the compound is skipped and positions stay in step with FTS5's.
  await sql`alter text search configuration records_room_search drop mapping for asciihword, hword`.execute(db);

  // `document` weighs title A, tags and creators B, summary and notes C, chapter text D, for
  // ranking; tags and creators share B, so `tag:` and `creator:` terms use vectors of their own.
  // The vectors are stored, never computed per query. The plain texts are kept for ts_headline.
  await sql`create table work_search (
    work_id integer primary key references works (id) on delete cascade,
    title text not null,
    summary text not null,
    tags text not null,
    creators text not null,
    body text not null,
    document tsvector not null,
    tags_vector tsvector not null,
    creators_vector tsvector not null
  )`.execute(db);
  await sql`create index work_search_document_idx on work_search using gin (document)`.execute(db);
  await sql`create index work_search_tags_idx on work_search using gin (tags_vector)`.execute(db);
  await sql`create index work_search_creators_idx on work_search using gin (creators_vector)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    await sql`drop trigger if exists work_search_work_deleted`.execute(db);
    await sql`drop table if exists work_search`.execute(db);
    return;
  }
  await sql`drop table if exists work_search`.execute(db);
  await sql`drop text search configuration if exists records_room_search`.execute(db);
  await sql`drop text search dictionary if exists records_room_stem`.execute(db);
}
