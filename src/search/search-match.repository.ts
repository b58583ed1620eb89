import { sql, type RawBuilder } from 'kysely';
import type { Engine } from '../db/database.ts';
import type { SearchClause, SearchField, SearchTerm, TextSearch } from './search.types.ts';

// The typed search turned into SQL, one function per concern with both engines side by side:
// which works match, and how well (snippets are built in search.snippet.ts). User text never
// reaches either engine's query language as typed: the parser cut it into words of letters,
// digits and marks, and only those words are quoted into FTS5 strings or tsquery lexemes
// here, and even then they travel as bound parameters.

// ---- SQLite FTS5 ----------------------------------------------------------------------

// Columns of the FTS5 table, in order (bm25's weights follow it).
const FTS_COLUMNS: Record<SearchField, string> = { title: 'title', summary: 'summary', tag: 'tags', creator: 'creators' };
// Relative weights per column, matching PostgreSQL's default ts_rank weights for A–D
// (1, 0.4, 0.2, 0.1): title 10, summary and notes 2, tags 4, creators 4, chapter text 1.
const BM25_WEIGHTS = [10, 2, 4, 4, 1] as const;

function ftsTerm(term: SearchTerm): string {
  // Words hold no quotes (see the parser); doubling them anyway keeps this safe on its own.
  const phrase = `"${term.words.join(' ').replace(/"/g, '""')}"`;
  return term.prefix ? `${phrase} *` : phrase;
}

function ftsClause(clause: SearchClause): string {
  const term = ftsTerm(clause.term);
  return clause.field ? `{${FTS_COLUMNS[clause.field]}} : (${term})` : `(${term})`;
}

/** The FTS5 MATCH expression: every wanted clause AND-ed, the excluded ones after one NOT. */
export function ftsExpression(search: TextSearch): string {
  const wanted = search.clauses.filter((c) => !c.exclude).map(ftsClause);
  const unwanted = search.clauses.filter((c) => c.exclude).map(ftsClause);
  const positive = wanted.join(' AND ');
  return unwanted.length === 0 ? positive : `(${positive}) NOT (${unwanted.join(' OR ')})`;
}

// ---- PostgreSQL tsquery -----------------------------------------------------------------

/** The search configuration the migration creates: English stems, accents folded, no stop words. */
const PG_CONFIG = sql`'records_room_search'::regconfig`;
// title: and summary: terms match the document's A and C positions; tags and creators share
// weight B, so their terms go to vectors of their own.
const PG_WEIGHTS: Partial<Record<SearchField, string>> = { title: 'A', summary: 'C' };
type PgVector = 'document' | 'tags_vector' | 'creators_vector';

function vectorOf(field: SearchField | null): PgVector {
  return field === 'tag' ? 'tags_vector' : field === 'creator' ? 'creators_vector' : 'document';
}

/** One term as tsquery text: quoted lexemes joined by <-> (followed by), `:*` for a prefix, a weight for a field. */
export function tsqueryTerm(term: SearchTerm, weight = ''): string {
  const last = term.words.length - 1;
  const lexemes = term.words.map((word, i) => {
    // Words hold no quotes or backslashes; escaping them anyway keeps this safe on its own.
    const quoted = `'${word.replace(/['\\]/g, (ch) => `\\${ch}`)}'`;
    const marks = `${i === last && term.prefix ? '*' : ''}${weight}`;
    return marks ? `${quoted}:${marks}` : quoted;
  });
  return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(' <-> ')})`;
}

/** The clauses that search one vector, as one tsquery text: `&` between them, `!` before the excluded. */
export function tsqueryFor(clauses: SearchClause[]): string {
  return clauses
    .map((c) => {
      const term = tsqueryTerm(c.term, c.field ? (PG_WEIGHTS[c.field] ?? '') : '');
      return c.exclude ? `!${term}` : term;
    })
    .join(' & ');
}

/** Every wanted term, any field, OR-ed: what ranking and highlighting look for. */
export function tsqueryOfWanted(search: TextSearch): string {
  return search.clauses
    .filter((c) => !c.exclude)
    .map((c) => tsqueryTerm(c.term))
    .join(' | ');
}

function toTsquery(text: string): RawBuilder<unknown> {
  return sql`to_tsquery(${PG_CONFIG}, ${text})`;
}

// ---- Both engines -------------------------------------------------------------------------

/**
 * Whether a work's index row matches. Expects the index joined as `work_search` (SQLite: the
 * FTS5 table, rowid = work id; PostgreSQL: the table, work_id = work id).
 */
export function matchCondition(engine: Engine, search: TextSearch): RawBuilder<boolean> {
  if (engine === 'sqlite') return sql<boolean>`work_search match ${ftsExpression(search)}`;
  const conditions: RawBuilder<unknown>[] = [];
  const byVector = new Map<PgVector, SearchClause[]>();
  for (const clause of search.clauses) {
    const pairs = pairsCondition(clause.term);
    if (pairs && isExactByPairs(clause)) {
      conditions.push(clause.exclude ? sql`not ${pairs}` : pairs);
      continue;
    }
    // A longer phrase, or one limited to a field: works holding all its pairs are the
    // candidates, and only their positions are read.
    if (pairs && !clause.exclude) conditions.push(pairs);
    const weight = clause.field ? PG_WEIGHTS[clause.field] : undefined;
    if (weight) {
      // Title and summary: their weight is checked in `ranking`, which holds them with the
      // same weights and positions and stays in the row. Checked in `document`, a weight
      // made the GIN index recheck every candidate by reading its 40 KB vector (title:the
      // read every work's). The index still finds the candidates, by the words alone.
      const weighted = sql`work_search.ranking @@ ${toTsquery(tsqueryTerm(clause.term, weight))}`;
      conditions.push(clause.exclude ? sql`not (${weighted})` : weighted);
      if (!clause.exclude) byVector.set('document', [...(byVector.get('document') ?? []), ...bareWords(clause.term)]);
      continue;
    }
    const vector = vectorOf(clause.field);
    byVector.set(vector, [...(byVector.get(vector) ?? []), clause]);
  }
  for (const [vector, clauses] of byVector) {
    const column = sql.ref(`work_search.${vector}`);
    // Only exclusions: each as "not matching", where a tsquery of negations alone would make
    // the GIN index hand over every row to be rechecked.
    if (clauses.every((c) => c.exclude)) {
      for (const clause of clauses) conditions.push(sql`not (${column} @@ ${toTsquery(tsqueryFor([{ ...clause, exclude: false }]))})`);
    } else {
      conditions.push(sql`${column} @@ ${toTsquery(tsqueryFor(clauses))}`);
    }
  }
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/** A term's words as separate unfielded clauses: what a GIN index answers exactly, without positions or weights. */
function bareWords(term: SearchTerm): SearchClause[] {
  const last = term.words.length - 1;
  return term.words.map((word, i) => ({ term: { words: [word], prefix: term.prefix && i === last }, field: null, exclude: false }));
}

/**
 * Works matching none of these clauses: what is left of a search whose wanted terms were all
 * tags, answered by the works filters (see search.service.ts). One lookup in the index.
 */
export function matchesNoneCondition(engine: Engine, clauses: SearchClause[]): RawBuilder<boolean> {
  const wanted = clauses.map((c) => ({ ...c, exclude: false }));
  if (engine === 'sqlite') {
    return sql<boolean>`works.id not in (select rowid from work_search where work_search match ${wanted.map(ftsClause).join(' OR ')})`;
  }
  const any = wanted.map((c) => matchCondition(engine, { clauses: [c] }));
  return sql<boolean>`works.id not in (select work_search.work_id from work_search where ${sql.join(any, sql` or `)})`;
}

/** The phrase's whole words, as text for records_room_word_pairs (migration 007); null when it has no pair. */
function pairsCondition(term: SearchTerm): RawBuilder<boolean> | null {
  const whole = term.prefix ? term.words.slice(0, -1) : term.words;
  if (whole.length < 2) return null;
  return sql<boolean>`work_search.pairs @> records_room_word_pairs(array[${whole.join(' ')}::text])`;
}

/**
 * A two-word phrase searched everywhere is answered by its pair alone: pairs are taken within
 * each field, and over the whole chapter text, as FTS5 matches phrases. Longer phrases need
 * their positions checked ("a b" and "b c" may be far apart), and a field's phrase its weight.
 */
function isExactByPairs(clause: SearchClause): boolean {
  return clause.field === null && !clause.term.prefix && clause.term.words.length === 2;
}

/** Relevance as a number where lower is better, on both engines, for `order by score`. */
export function scoreExpression(engine: Engine, search: TextSearch): RawBuilder<number> {
  if (engine === 'sqlite') return sql<number>`bm25(work_search, ${sql.join(BM25_WEIGHTS.map((w) => sql.lit(w)))})`;
  // PostgreSQL ranks by the title, tags, creators and summary (the `ranking` vector, kept in
  // the row): ranking by the whole text read every match's 40 KB vector, 400 ms for a common
  // pair of words. Works that match in their chapter text alone tie, newest first. FTS5's bm25
  // also counts matches in the text, from its own index. Normalisation 1 divides by
  // 1 + log(length), so a long summary does not win by size alone.
  return sql<number>`-ts_rank(work_search.ranking, ${toTsquery(tsqueryOfWanted(search))}, 1)`;
}
