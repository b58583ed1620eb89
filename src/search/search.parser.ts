import { failed, ok } from '../context.ts';
import type { ParseResult, SearchClause, SearchField, TextSearch } from './search.types.ts';

// The search box's language: words (all must match), "quoted phrases", prefixes (kryp*),
// exclusion (-angst, -"slow burn", -tag:angst) and fields (title:, creator:, tag:, summary:;
// a field's value may be quoted: tag:"Clark Kent/Lex Luthor"). Anything else is text to look
// for: the parser never refuses a character, it only explains what it left out.

/** Longer queries are refused with a message: nobody types them, and each term costs a join. */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_CLAUSES = 30;
// PostgreSQL refuses lexemes over 2,047 bytes in a tsquery; no real word comes near this.
const MAX_WORD_LENGTH = 100;
// Shorter prefixes would match a large part of the vocabulary and scan most of the index.
// A field holds few words (creator:a* looks only at the creators' names): one letter will do there.
const MIN_PREFIX_LENGTH = 2;

const FIELDS: Record<string, SearchField> = {
  title: 'title',
  creator: 'creator',
  creators: 'creator',
  author: 'creator',
  by: 'creator',
  tag: 'tag',
  tags: 'tag',
  summary: 'summary',
};

// Words so common that a lone one matches nearly every work. They are dropped from loose
// terms (on both engines alike) but kept inside phrases and fields (title:the), where they
// carry meaning; the index keeps every word on both engines, so they can be found there.
const STOP_WORDS = new Set(
  ('a an and are as at be but by for from had has have he her him his i if in into is it its me my ' +
    'no not of on or our she so than that the their them then there these they this those to was ' +
    'we were what when which who will with you your').split(' '),
);

// Letters, digits and marks make words, like the FTS5 tokenizer configured in the migration
// (unicode61, categories L* N* Co M*); everything else separates them.
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The words of a piece of text, lower-cased, as the index cuts them. */
export function wordsOf(text: string): string[] {
  return (text.normalize('NFC').toLowerCase().match(WORD) ?? []).filter((w) => /[\p{L}\p{N}\p{Co}]/u.test(w));
}

interface Chunk {
  text: string;
  quoted: boolean;
  /** A `*` right after the chunk (or at its end). */
  star: boolean;
  field: SearchField | null;
  exclude: boolean;
}

const FIELD_PREFIX = /^([a-z]+):(?=\S)/i;

/** Splits the raw text into chunks; quotes left open are closed at the end. */
function chunk(input: string, notes: Set<string>): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    let exclude = false;
    if (input[i] === '-') {
      exclude = true;
      i++;
      if (i >= input.length || /\s/.test(input[i]!)) {
        notes.add('A “-” on its own was left out: put it right before the word to leave out, like -angst.');
        continue;
      }
    }
    let field: SearchField | null = null;
    const fieldMatch = FIELD_PREFIX.exec(input.slice(i, i + 20));
    if (fieldMatch && FIELDS[fieldMatch[1]!.toLowerCase()]) {
      field = FIELDS[fieldMatch[1]!.toLowerCase()]!;
      i += fieldMatch[0].length;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? input.length : close;
      if (close === -1) notes.add('A quotation mark was not closed, so the phrase runs to the end.');
      const text = input.slice(i + 1, end);
      i = end + 1;
      let star = /\*\s*$/.test(text);
      if (input[i] === '*') {
        star = true;
        i++;
      }
      chunks.push({ text, quoted: true, star, field, exclude });
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end]!) && input[end] !== '"') end++;
    const text = input.slice(i, end);
    i = end;
    chunks.push({ text, quoted: false, star: text.endsWith('*'), field, exclude });
  }
  return chunks;
}

export function parseSearch(raw: string): ParseResult {
  // Control characters never belong in a query.
  const input = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (input.length === 0) return failed('Type a word to search for.');
  if (input.length > MAX_QUERY_LENGTH) {
    return failed(
      `That search is ${input.length.toLocaleString('en')} characters long; use at most ${MAX_QUERY_LENGTH.toLocaleString('en')}. A few distinctive words or a short phrase find more.`,
    );
  }
  const notes = new Set<string>();
  const clauses: SearchClause[] = [];
  const dropped = new Set<string>();
  for (const c of chunk(input, notes)) {
    let words = wordsOf(c.text);
    if (words.some((w) => w.length > MAX_WORD_LENGTH)) {
      notes.add(`Words longer than ${MAX_WORD_LENGTH} letters were left out.`);
      words = words.filter((w) => w.length <= MAX_WORD_LENGTH);
    }
    if (words.length === 0) continue;
    let prefix = c.star;
    if (prefix && c.field === null && words[words.length - 1]!.length < MIN_PREFIX_LENGTH) {
      notes.add(`A * needs at least ${MIN_PREFIX_LENGTH} letters before it, so it was ignored.`);
      prefix = false;
    }
    // A lone common word would match almost everything; inside a phrase or a field it stays.
    if (words.length === 1 && !prefix && c.field === null && STOP_WORDS.has(words[0]!)) {
      dropped.add(words[0]!);
      continue;
    }
    // tag:NAME may name a tag, to be found with its synonyms (see search.service.ts).
    const tagName = c.field === 'tag' && !prefix ? c.text.trim() : '';
    clauses.push({ term: { words, prefix }, field: c.field, exclude: c.exclude, ...(tagName ? { tagName } : {}) });
  }
  if (dropped.size > 0) notes.add(`Very common words were left out: ${[...dropped].join(', ')}. Put them in quotes with other words to search for a phrase.`);

  if (clauses.length > MAX_CLAUSES) {
    return failed(`That search has ${clauses.length} terms; use at most ${MAX_CLAUSES}.`);
  }
  if (clauses.length === 0) {
    return dropped.size > 0
      ? failed(`That search has only very common words (${[...dropped].join(', ')}), which nearly every work contains. Add a more specific word, or put a phrase in quotes.`)
      : failed('That search has no words to look for. Type a word, a "phrase in quotes" or a prefix like kryp*.');
  }
  if (clauses.every((c) => c.exclude)) {
    return failed('A search cannot only leave things out: add a word to look for, like dragons -angst.');
  }
  const search: TextSearch = { clauses };
  return ok({ search, notes: [...notes] });
}

/** The query written back in the parser's own syntax: for tests and for showing what was searched. */
export function formatSearch(search: TextSearch): string {
  return search.clauses
    .map((c) => {
      const words = c.term.words.join(' ');
      const term = c.term.words.length > 1 || c.field ? `"${words}"` : words;
      return `${c.exclude ? '-' : ''}${c.field ? `${c.field}:` : ''}${term}${c.term.prefix ? '*' : ''}`;
    })
    .join(' ');
}
