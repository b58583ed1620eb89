import { sql, type Kysely } from 'kysely';
import { rebuildSearchIndex } from '../../search/search-index.repository.ts';
import { engineOf } from '../dialect.ts';

// Phrase search and ranking on PostgreSQL without reading every match's whole vector.
//
// Word pairs. A phrase in a tsquery (green <-> rock) is answered by the GIN index only as
// "both words somewhere"; every candidate's stored vector is then read to check positions,
// and in 100 million words of text a phrase of two common words has thousands of candidates
// (about 350 ms). Each work's adjacent word pairs, as stemmed lexemes ("green rock"), go in
// an array with a GIN index of its own, so a two-word phrase is one index lookup with no
// recheck, and a longer one is narrowed to the works holding all its pairs first.
//
// Ranking. ts_rank over `document` reads each match's vector (about 40 KB for 5,000 words,
// stored out of line and incompressible): 40 ms for 900 matches, 400 ms for 19,000.
// `ranking` holds the title, tags, creators and summary alone, small enough to stay in the
// row, and best match orders by it (see scoreExpression in src/search/search-match.repository.ts).
//
// FTS5 keeps positions and term counts in its own index, so SQLite needs none of this.
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') return;
  // The pairs of each text in `texts`, never across two of them (a phrase does not run from
  // the title into the tags, as on FTS5). Positions are those of the search configuration,
  // which keeps every word (no stop words), so "king of" is a pair as FTS5 would see it.
  // PostgreSQL clamps positions above 16,383, so callers send long text in chunks that
  // overlap by one word. Immutable, so a query's own pairs are computed once, at planning.
  // lead() over the positions measured a third faster than joining the words to themselves.
  await sql`create function records_room_word_pairs(texts text[]) returns text[]
    language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct pair), '{}')
      from (
        select entry.lexeme || ' ' || lead(entry.lexeme) over following as pair,
          position, lead(position) over following as next_position
        from unnest(texts) with ordinality as part (text, n),
          unnest(to_tsvector('records_room_search'::regconfig, part.text)) as entry,
          unnest(entry.positions) as position
        window following as (partition by part.n order by position)
      ) as words
      where next_position = position + 1
    $$`.execute(db);
  await sql`alter table work_search add column pairs text[] not null default '{}'`.execute(db);
  await sql`alter table work_search add column ranking tsvector not null default ''`.execute(db);
  await sql`create index work_search_pairs_idx on work_search using gin (pairs)`.execute(db);
  // With statistics, the planner learns that common words match most works and scans the
  // table instead of the index, reading every work's 40 KB vector: 870 ms instead of 120 ms
  // for two common words over 100 million words. Without them it assumes few matches and
  // always takes the GIN indexes, which answer these columns without reading them.
  // Snippets read the stored text of a page's works, about 1.5 MB for 20 long works: lz4
  // decompresses it in a third of pglz's time. (Rows written from here on; the rebuild below
  // rewrites them all.) Only where the server was built with lz4, as Debian's and most are.
  const lz4 = await sql`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)`.execute(db);
  if (lz4.rows.length > 0) await sql`alter table work_search alter column body set compression lz4`.execute(db);
  await sql`alter table work_search alter column document set statistics 0, alter column pairs set statistics 0,
    alter column body set statistics 0`.execute(db);
  await rebuildSearchIndex(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') return;
  await sql`drop index if exists work_search_pairs_idx`.execute(db);
  await sql`alter table work_search drop column if exists pairs`.execute(db);
  await sql`alter table work_search drop column if exists ranking`.execute(db);
  await sql`drop function if exists records_room_word_pairs(text[])`.execute(db);
}
