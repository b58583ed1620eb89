import type { Child } from 'hono/jsx';
import { LANGUAGES } from '../works/work.types.ts';
import { raw } from 'hono/html';
import { Pagination, WorkBlurb } from '../works/blurb.views.tsx';
import type { WorkSummaryView } from '../works/work.presenter.ts';
import { MAX_PAGE } from './search.repository.ts';
import { SEARCH_PER_PAGE } from './search.service.ts';
import type { SearchSort } from './search.types.ts';
import { counted } from '../text/plural.ts';

const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  updated: 'Date updated',
  posted: 'Date posted',
  words: 'Word count',
  title: 'Title',
};

/** The search form: a plain GET form, so it works without JavaScript and results can be bookmarked. */
/** The listing filters, folded away until wanted; open when any is in use. */
function SearchFilterFields(props: { fields: Record<string, string> }) {
  const f = props.fields;
  const text = (name: string, label: string, type = 'text') => (
    <div class="field">
      <label for={`search-${name}`}>{label}</label>
      <input type={type} id={`search-${name}`} name={name} value={f[name] ?? ''} />
    </div>
  );
  return (
    <details class="search-filters" open={Object.keys(f).length > 0}>
      <summary>Filters</summary>
      {text('include', 'Tags to include (separate with commas)')}
      {text('exclude', 'Tags to exclude')}
      <div class="field">
        <label for="search-complete">Completion</label>
        <select id="search-complete" name="complete">
          <option value="">All works</option>
          <option value="true" selected={f.complete === 'true'}>Complete works only</option>
          <option value="false" selected={f.complete === 'false'}>Works in progress only</option>
        </select>
      </div>
      <div class="field">
        <label for="search-language">Language</label>
        <select id="search-language" name="language">
          <option value="">Any language</option>
          {Object.entries(LANGUAGES).map(([code, name]) => <option value={code} selected={f.language === code}>{name}</option>)}
        </select>
      </div>
      {text('words_from', 'Words from', 'number')}
      {text('words_to', 'Words to', 'number')}
      {text('updated_from', 'Updated from', 'date')}
      {text('updated_to', 'Updated to', 'date')}
    </details>
  );
}

export function SearchForm(props: { q: string; sort: SearchSort; error?: string | null; filterFields?: Record<string, string> }) {
  const sorts = (Object.keys(SORT_LABELS) as SearchSort[]).filter((s) => s !== 'relevance' || props.q !== '');
  return (
    <form method="get" action="/works/search" role="search" class="search-form">
      <div class="field">
        <label for="field-q">Search works</label>
        <p class="hint" id="field-q-hint">
          Words must all appear. Use "quotes" for a phrase, kryp* for words starting with kryp, -angst to leave out
          works with that word, and title:, creator: or tag: to look in one place (tag:"Clark Kent/Lex Luthor").
        </p>
        {props.error ? (
          <p class="error-message" id="field-q-error">
            <span class="visually-hidden">Error: </span>
            {props.error}
          </p>
        ) : null}
        <input
          type="search"
          id="field-q"
          name="q"
          value={props.q}
          aria-describedby={props.error ? 'field-q-hint field-q-error' : 'field-q-hint'}
          aria-invalid={props.error ? 'true' : undefined}
        />
      </div>
      <div class="field">
        <label for="field-sort">Sort by</label>
        <select id="field-sort" name="sort">
          {sorts.map((s) => <option value={s} selected={s === props.sort}>{SORT_LABELS[s]}</option>)}
        </select>
      </div>
      <SearchFilterFields fields={props.filterFields ?? {}} />
      <button type="submit">Search</button>
    </form>
  );
}

export interface SearchResultView {
  work: WorkSummaryView;
  /** Escaped HTML with <mark> around the matches (see markedSnippetHtml), or null. */
  snippetHtml: string | null;
}

export interface SearchPageProps {
  q: string;
  sort: SearchSort;
  error: string | null;
  notes: string[];
  results: SearchResultView[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageCount: number;
  pastCap: boolean;
  url: string;
  /** The listing filters as typed, and what could not be used of them. */
  filterFields?: Record<string, string>;
  filterNotes?: string[];
  /** For logged-in readers: the form that saves this search. */
  saveForm?: Child;
}

function summaryLine(props: SearchPageProps): string {
  if (props.total === 0) return props.q === '' ? 'No works found.' : 'No works match that search.';
  const first = (props.page - 1) * SEARCH_PER_PAGE + 1;
  const last = first + props.results.length - 1;
  const total = props.totalCapped ? `more than ${counted(props.total, 'work')}` : counted(props.total, 'work');
  if (props.results.length === 0) return `There ${props.total === 1 && !props.totalCapped ? 'is' : 'are'} ${total}; this page is past the end.`;
  return `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total}`;
}

export function SearchPage(props: SearchPageProps) {
  const heading = props.q === '' ? 'Search works' : `Works matching “${props.q.length > 80 ? `${props.q.slice(0, 80)}…` : props.q}”`;
  return (
    <section class="search">
      <h1>{heading}</h1>
      <SearchForm q={props.q} sort={props.sort} error={props.error} filterFields={props.filterFields ?? {}} />
      {props.saveForm}
      {props.filterNotes && props.filterNotes.length > 0 ? (
        <div class="error-summary" role="alert"><p>Some filters could not be used:</p><ul>{props.filterNotes.map((n) => <li>{n}</li>)}</ul></div>
      ) : null}
      {props.notes.length > 0 ? (
        <ul class="search-notes muted" aria-label="About this search">{props.notes.map((n) => <li>{n}</li>)}</ul>
      ) : null}
      {props.error ? null : (
        <>
          {props.pastCap ? (
            <p class="muted">Only the first {(MAX_PAGE * SEARCH_PER_PAGE).toLocaleString('en')} results can be shown. Add words to narrow the search.</p>
          ) : null}
          <p class="muted" role="status">{summaryLine(props)}</p>
          <ol class="blurbs" start={(props.page - 1) * SEARCH_PER_PAGE + 1}>
            {props.results.map((r) => (
              <WorkBlurb work={r.work}>{r.snippetHtml ? <p class="snippet">{raw(r.snippetHtml)}</p> : null}</WorkBlurb>
            ))}
          </ol>
          <Pagination page={props.page} pageCount={props.pageCount} baseUrl={props.url} />
        </>
      )}
    </section>
  );
}
