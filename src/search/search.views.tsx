import { raw } from 'hono/html';
import { Pagination, WorkBlurb } from '../works/blurb.views.tsx';
import type { WorkSummaryView } from '../works/work.presenter.ts';
import { MAX_PAGE } from './search.repository.ts';
import { SEARCH_PER_PAGE } from './search.service.ts';
import type { SearchSort } from './search.types.ts';

const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  updated: 'Date updated',
  posted: 'Date posted',
  words: 'Word count',
  title: 'Title',
};

/** The search form: a plain GET form, so it works without JavaScript and results can be bookmarked. */
export function SearchForm(props: { q: string; sort: SearchSort; error?: string | null }) {
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
}

function summaryLine(props: SearchPageProps): string {
  if (props.total === 0) return props.q === '' ? 'No works found.' : 'No works match that search.';
  const first = (props.page - 1) * SEARCH_PER_PAGE + 1;
  const last = first + props.results.length - 1;
  const total = props.totalCapped ? `more than ${props.total.toLocaleString('en')}` : props.total.toLocaleString('en');
  if (props.results.length === 0) return `There are ${total} works; this page is past the end.`;
  return `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total} works`;
}

export function SearchPage(props: SearchPageProps) {
  const heading = props.q === '' ? 'Search works' : `Works matching “${props.q.length > 80 ? `${props.q.slice(0, 80)}…` : props.q}”`;
  return (
    <section class="search">
      <h1>{heading}</h1>
      <SearchForm q={props.q} sort={props.sort} error={props.error} />
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
