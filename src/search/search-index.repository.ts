import { sql, type Kysely } from 'kysely';
import { engineOf } from '../db/dialect.ts';
import { htmlToText } from '../text/html.ts';
import { composed } from '../text/unicode.ts';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../arrays.ts';

// Keeps the full-text index current. The index holds every work, drafts included, so
// publishing or restricting a work needs no index change: visibility is decided when
// searching, from the works row. Writers do not call this module themselves: whatever
// changes a work calls refreshDerivedRows (src/works/derived.repository.ts) in its transaction.

/** What one work contributes to the index, as plain text. */
export interface SearchDocument {
  title: string;
  /** Summary, notes and end notes. */
  summary: string;
  tags: string;
  /** Approved creators' pseud names (and logins where they differ); an imported work's original creators. */
  creators: string;
  /** Every chapter's title, summary, notes and text, in order. */
  body: string;
}

// Ratings, warnings and categories are chosen from fixed lists and every work has them:
// as text they would make words like "apply" or "warnings" match the whole archive. They
// are filters, not search words.
const FIXED_TAG_TYPES = ['Rating', 'ArchiveWarning', 'Category'];

// Works are loaded and written in batches: a batch's chapters stay in memory (about 200 works
// of 5,000 words is 6 MB of HTML), and each batch is one short write transaction.
const BATCH_SIZE = 200;

// PostgreSQL keeps word positions up to 16,383 and at most 1 MB per tsvector; later positions
// are silently clamped, which breaks phrases. The vectors are built from words alone (see
// wordsOnly), one position per word, so the positions left after the title, tags, creators and
// summary can be counted exactly: that many words of the chapter text are indexed with
// positions, the rest in chunks as bare lexemes. Single words and prefixes match anywhere;
// phrases within the first ~16,000 words of a work (FTS5 has no such limit).
const MAX_POSITION = 16_383;
// Headroom for the odd word PostgreSQL's parser cuts in two (letters followed by digits and more letters).
const POSITION_MARGIN = 300;
const TAIL_CHUNK_WORDS = 10_000;

/** Plain text for the index: composed accents, no control characters. */
function clean(text: string): string {
  return composed(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

function textOf(html: string | null): string {
  return html ? htmlToText(html) : '';
}

/** Builds the index documents of these works from the archive's tables; missing ids are left out. */
export async function searchDocuments(db: Queryable, workIds: number[]): Promise<Map<number, SearchDocument>> {
  const documents = new Map<number, SearchDocument>();
  if (workIds.length === 0) return documents;
  const [works, tags, creators, originalCreators, chapters] = await Promise.all([
    db.selectFrom('works').select(['id', 'title', 'summary', 'notes', 'endNotes', 'inAnonCollection']).where('id', 'in', workIds).execute(),
    db
      .selectFrom('workTags')
      .innerJoin('tags', 'tags.id', 'workTags.tagId')
      .select(['workTags.workId', 'tags.name'])
      .where('workTags.workId', 'in', workIds)
      .where('tags.type', 'not in', FIXED_TAG_TYPES)
      .orderBy('tags.nameKey')
      .execute(),
    db
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
      .innerJoin('users', 'users.id', 'pseuds.userId')
      .select(['creatorships.workId', 'pseuds.name', 'users.login'])
      .where('creatorships.workId', 'in', workIds)
      .where('creatorships.isApproved', '=', 1)
      .orderBy('creatorships.position')
      .execute(),
    // An imported work names its original creators ("by NAME [archived by …]") until they claim it.
    db
      .selectFrom('externalCreatorships')
      .innerJoin('externalCreators', 'externalCreators.id', 'externalCreatorships.externalCreatorId')
      .select(['externalCreatorships.workId', 'externalCreators.name'])
      .where('externalCreatorships.workId', 'in', workIds)
      .orderBy('externalCreatorships.position')
      .execute(),
    db
      .selectFrom('chapters')
      .select(['workId', 'title', 'summary', 'notes', 'endNotes', 'body'])
      .where('workId', 'in', workIds)
      .orderBy('workId')
      .orderBy('position')
      .execute(),
  ]);
  const parts = (rows: { workId: number }[], text: (row: any) => string) => {
    const byWork = new Map<number, string[]>();
    for (const row of rows) {
      const list = byWork.get(row.workId) ?? [];
      list.push(text(row));
      byWork.set(row.workId, list);
    }
    return byWork;
  };
  const tagText = parts(tags, (t) => t.name);
  const creatorText = parts(
    [...creators.map((c) => ({ workId: c.workId, name: c.name.toLowerCase() === c.login.toLowerCase() ? c.name : `${c.name} ${c.login}` })), ...originalCreators],
    (c) => c.name,
  );
  const chapterText = parts(chapters, (c) =>
    [c.title ?? '', textOf(c.summary), textOf(c.notes), textOf(c.body), textOf(c.endNotes)].filter(Boolean).join('\n\n'),
  );
  for (const work of works) {
    documents.set(work.id, {
      title: clean(work.title),
      summary: clean([textOf(work.summary), textOf(work.notes), textOf(work.endNotes)].filter(Boolean).join('\n\n')),
      // Tags are separated by a line break so a tag's words never run into the next tag's
      // (on FTS5 and PostgreSQL alike, a phrase may still span two tags).
      tags: clean((tagText.get(work.id) ?? []).join('\n')),
      // An anonymous work is found by nobody's name (work.visibility.ts: shownCreators shows no
      // one to the public). The reveal refreshes derived rows, which puts the names back.
      creators: work.inAnonCollection === 1 ? '' : clean((creatorText.get(work.id) ?? []).join('\n')),
      body: clean((chapterText.get(work.id) ?? []).join('\n\n')),
    });
  }
  return documents;
}

/** Brings the index row of one work up to date, or removes it if the work is gone. */
export async function reindexWork(db: Queryable, workId: number): Promise<void> {
  await reindexWorks(db, [workId]);
}

/** Brings the index rows of these works up to date; works that no longer exist lose theirs. */
export async function reindexWorks(db: Queryable, workIds: number[]): Promise<void> {
  for (const batch of chunks(workIds, BATCH_SIZE)) {
    const documents = await searchDocuments(db, batch);
    const engine = engineOf(db);
    if (engine === 'postgres') {
      await writePostgres(db, batch, documents);
      continue;
    }
    await writeSqlite(db, batch, documents);
  }
}

// A delete and an insert per work, each built by Kysely, made 28,000 statements for an import
// of 14,000 works; a batch now takes a few. The SQL of a batch differs only by its number of
// rows, so the statement cache keeps a few shapes.
const SQLITE_ROWS_PER_STATEMENT = 50;

async function writeSqlite(db: Queryable, workIds: number[], documents: Map<number, SearchDocument>): Promise<void> {
  // FTS5 has no upsert: the old rows go, the new ones come.
  await sql`delete from work_search where rowid in (${sql.join(workIds)})`.execute(db);
  const present = workIds.filter((id) => documents.has(id));
  for (const ids of chunks(present, SQLITE_ROWS_PER_STATEMENT)) {
    const rows = ids.map((id) => {
      const document = documents.get(id)!;
      return sql`(${id}, ${document.title}, ${document.summary}, ${document.tags}, ${document.creators}, ${document.body})`;
    });
    await sql`insert into work_search (rowid, title, summary, tags, creators, body) values ${sql.join(rows)}`.execute(db);
  }
}

/** Splits text after `words` words: [head, rest] (rest empty when the text is shorter). */
export function splitAfterWords(text: string, words: number): [string, string] {
  const pattern = /\S+/g;
  let count = 0;
  while (pattern.exec(text)) {
    if (++count === words) return [text.slice(0, pattern.lastIndex), text.slice(pattern.lastIndex)];
  }
  return [text, ''];
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** Cuts text into chunks of `words` words; each chunk after the first repeats the last `overlap` words of the one before. */
function chunksOf(text: string, words: number, overlap = 0): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.trim() !== '') {
    const [head, tail] = splitAfterWords(rest, words);
    chunks.push(head);
    if (tail.trim() === '') break;
    rest = overlap > 0 ? `${lastWords(head, overlap)} ${tail}` : tail;
  }
  return chunks;
}

function lastWords(text: string, count: number): string {
  return (text.match(/\S+/g) ?? []).slice(-count).join(' ');
}

// PostgreSQL's parser reads "Kent/Lex" as a file path, "3.5" as a number and an e-mail
// address as one token, where FTS5 sees separate words. Vectors are built from the words
// alone, cut the way the parser (and FTS5) cut them, so both engines index the same words.
// The stored text keeps its punctuation, for snippets.
function wordsOnly(text: string): string {
  return text.replace(/[^\p{L}\p{N}\p{M}\p{Co}]+/gu, ' ');
}

/** One work's row: its stored text and the weighted vector built from the same words. */
function postgresRow(workId: number, document: SearchDocument) {
  const config = sql`'records_room_search'::regconfig`;
  const vector = (text: string) => sql`to_tsvector(${config}, ${wordsOnly(text)}::text)`;
  const words = wordsOnly(document.body);
  const metadataWords = [document.title, document.tags, document.creators, document.summary].reduce((n, text) => n + countWords(wordsOnly(text)), 0);
  const [head, tail] = splitAfterWords(words, Math.max(1_000, MAX_POSITION - POSITION_MARGIN - metadataWords));
  const bare =
    tail === ''
      ? sql`''::tsvector`
      : sql`array_to_tsvector(coalesce((select array_agg(distinct l.lexeme) from unnest(${chunksOf(tail, TAIL_CHUNK_WORDS)}::text[]) as c (part), unnest(to_tsvector(${config}, c.part)) as l), '{}'))`;
  const tags = vector(document.tags);
  const creators = vector(document.creators);
  // Each field on its own, and the chapter text in overlapping chunks (see migration 007).
  const pairTexts = [document.title, document.tags, document.creators, document.summary].map(wordsOnly).concat(chunksOf(words, TAIL_CHUNK_WORDS, 1));
  const metadata = sql`setweight(${vector(document.title)}, 'A') || setweight(${tags}, 'B') || setweight(${creators}, 'B') || setweight(${vector(document.summary)}, 'C')`;
  return sql`(${workId}, ${document.title}, ${document.summary}, ${document.tags}, ${document.creators}, ${document.body},
      ${metadata} || setweight(to_tsvector(${config}, ${head}::text), 'D') || ${bare},
      ${tags}, ${creators}, records_room_word_pairs(${pairTexts}::text[]), ${metadata})`;
}

// Rows go in groups, one statement per group: a round trip per work made a full rebuild
// crawl (about 160 works a second at a million works).
const POSTGRES_ROWS_PER_STATEMENT = 50;

async function writePostgres(db: Queryable, workIds: number[], documents: Map<number, SearchDocument>): Promise<void> {
  const gone = workIds.filter((id) => !documents.has(id));
  if (gone.length > 0) await sql`delete from work_search where work_id in (${sql.join(gone)})`.execute(db);
  const present = workIds.filter((id) => documents.has(id));
  for (const ids of chunks(present, POSTGRES_ROWS_PER_STATEMENT)) {
    const rows = ids.map((id) => postgresRow(id, documents.get(id)!));
    await sql`insert into work_search (work_id, title, summary, tags, creators, body, document, tags_vector, creators_vector, pairs, ranking)
      values ${sql.join(rows)}
      on conflict (work_id) do update set title = excluded.title, summary = excluded.summary, tags = excluded.tags,
        creators = excluded.creators, body = excluded.body, document = excluded.document,
        tags_vector = excluded.tags_vector, creators_vector = excluded.creators_vector, pairs = excluded.pairs, ranking = excluded.ranking`.execute(db);
  }
}

/**
 * Rebuilds the whole index, in id order and batches: the migration's backfill, and a repair
 * after a bulk import that wrote works behind the use cases' back.
 */
export async function reindexAllWorks(db: Queryable, onProgress?: (done: number) => void): Promise<number> {
  let lastId = 0;
  let done = 0;
  for (;;) {
    const rows = await db.selectFrom('works').select('id').where('id', '>', lastId).orderBy('id').limit(BATCH_SIZE).execute();
    if (rows.length === 0) return done;
    const ids = rows.map((r) => r.id);
    // One transaction per batch: on SQLite a commit per row would make the backfill crawl.
    if (db.isTransaction) await reindexWorks(db, ids);
    else await db.transaction().execute((trx) => reindexWorks(trx, ids));
    lastId = ids[ids.length - 1]!;
    done += ids.length;
    onProgress?.(done);
  }
}

/**
 * Fills the index for a whole archive at once (a generated archive, a migration's backfill).
 * On PostgreSQL its GIN indexes are dropped first and built again from the full table: a
 * work's 4,000 word pairs and 1,500 lexemes went into them row by row at about 10 works a
 * second, where one build from the table takes minutes for 100 million words.
 */
export async function rebuildSearchIndex(db: Queryable, onProgress?: (done: number) => void): Promise<number> {
  if (engineOf(db) === 'sqlite') return reindexAllWorks(db, onProgress);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
    from pg_indexes where schemaname = current_schema() and tablename = 'work_search' and indexdef like '% USING gin %'`.execute(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  const done = await reindexAllWorks(db, onProgress);
  const build = async (trx: Queryable) => {
    // GIN builds sort their entries in this much memory before spilling (the default is 64 MB).
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    // The definitions come from PostgreSQL's own catalogue, as it printed them.
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
    // The planner's row counts for the new table (the vectors themselves have no statistics; see migration 007).
    await sql`analyze work_search`.execute(trx);
  };
  if (db.isTransaction) await build(db);
  else await db.transaction().execute(build);
  return done;
}

/** After a pseud is renamed: its works show the new name. (A deleted pseud's works move, and are reindexed by id.) */
export async function reindexWorksOfPseud(db: Queryable, pseudId: number): Promise<void> {
  const rows = await db.selectFrom('creatorships').select('workId').where('pseudId', '=', pseudId).execute();
  await reindexWorks(db, rows.map((r) => r.workId));
}

/** After a tag is renamed (wrangling): every work carrying it. */
export async function reindexWorksWithTag(db: Queryable, tagId: number): Promise<void> {
  const rows = await db.selectFrom('workTags').select('workId').where('tagId', '=', tagId).execute();
  await reindexWorks(db, rows.map((r) => r.workId));
}
