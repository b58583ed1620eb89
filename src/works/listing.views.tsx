import type { Child } from 'hono/jsx';
import { TAG_TYPE_LABELS, type TagType } from '../tags/tag.types.ts';
import { BlurbList } from './blurb.views.tsx';
import { HiddenByBlocklist } from '../readers/reader.views.tsx';
import { SORT_LABELS, SORTS, type ListingFilters } from './listing.filters.ts';
import type { Facet, ListingResult } from './listing.service.ts';
import { LANGUAGES } from './work.types.ts';
import { counted } from '../text/plural.ts';

const FACET_TYPES: TagType[] = ['Rating', 'ArchiveWarning', 'Category', 'Fandom', 'Relationship', 'Character', 'Freeform'];

function FacetGroup(props: { type: TagType; facets: Facet[]; field: 'include' | 'exclude'; chosen: string[] }) {
  if (props.facets.length === 0) return null;
  const label = TAG_TYPE_LABELS[props.type].many;
  return (
    <fieldset class="facet">
      <legend>{label}</legend>
      {props.facets.map((facet, i) => {
        const id = `${props.field}-${props.type}-${i}`;
        return (
          <div class="choice">
            <input type="checkbox" id={id} name={props.field} value={facet.name} checked={props.chosen.some((n) => n.toLowerCase() === facet.name.toLowerCase())} />{' '}
            <label for={id}>{facet.name} <span class="muted">({facet.workCount.toLocaleString('en')})</span></label>
          </div>
        );
      })}
    </fieldset>
  );
}

function Radio(props: { name: string; value: string; checked: boolean; label: string }) {
  const id = `${props.name}-${props.value || 'any'}`;
  return (
    <div class="choice">
      <input type="radio" id={id} name={props.name} value={props.value} checked={props.checked} /> <label for={id}>{props.label}</label>
    </div>
  );
}

/** The filter form: a plain GET form, so every filter lives in the URL and needs no script. */
export function FilterSidebar(props: { action: string; filters: ListingFilters; result: ListingResult; errors: Record<string, string> }) {
  const { filters, result, errors } = props;
  const facetNames = new Set(Object.values(result.facets).flat().map((f) => f.name.toLowerCase()));
  const typedInclude = filters.include.filter((n) => !facetNames.has(n.toLowerCase()));
  const typedExclude = filters.exclude.filter((n) => !facetNames.has(n.toLowerCase()));
  const error = (name: string) => (errors[name] ? <p class="error-message" id={`filter-${name}-error`}>{errors[name]}</p> : null);
  return (
    <form method="get" action={props.action} class="filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading">Sort and filter</h2>
      <div class="field">
        <label for="filter-sort">Sort by</label>
        {error('sort')}
        <select id="filter-sort" name="sort">
          {SORTS.map((s) => <option value={s} selected={filters.sort === s}>{SORT_LABELS[s]}</option>)}
        </select>
      </div>
      <button type="submit">Sort and filter</button>
      <h3>Include</h3>
      {result.facetsAreSampled ? <p class="hint">Counts are for the first 2,000 results.</p> : null}
      {FACET_TYPES.map((type) => <FacetGroup type={type} facets={result.facets[type] ?? []} field="include" chosen={filters.include} />)}
      <div class="field">
        <label for="filter-include">Other tags to include</label>
        <input type="text" id="filter-include" name="include" value={typedInclude.join(', ')} />
      </div>
      <h3>Exclude</h3>
      {FACET_TYPES.map((type) => <FacetGroup type={type} facets={result.facets[type] ?? []} field="exclude" chosen={filters.exclude} />)}
      <div class="field">
        <label for="filter-exclude">Other tags to exclude</label>
        <input type="text" id="filter-exclude" name="exclude" value={typedExclude.join(', ')} />
      </div>
      <h3>More options</h3>
      <fieldset class="field">
        <legend>Completion status</legend>
        <Radio name="complete" value="" checked={filters.complete === null} label="All works" />
        <Radio name="complete" value="true" checked={filters.complete === true} label="Complete works only" />
        <Radio name="complete" value="false" checked={filters.complete === false} label="Works in progress only" />
      </fieldset>
      <fieldset class="field">
        <legend>Crossovers</legend>
        <Radio name="crossover" value="" checked={filters.crossover === null} label="Include crossovers" />
        <Radio name="crossover" value="exclude" checked={filters.crossover === 'exclude'} label="Exclude crossovers" />
        <Radio name="crossover" value="only" checked={filters.crossover === 'only'} label="Only crossovers" />
      </fieldset>
      <div class="field">
        <label for="filter-language">Language</label>
        {error('language')}
        <select id="filter-language" name="language">
          <option value="">Any language</option>
          {Object.entries(LANGUAGES).map(([code, name]) => <option value={code} selected={filters.language === code}>{name}</option>)}
        </select>
      </div>
      <fieldset class="field">
        <legend>Words</legend>
        {error('words_from')}
        {error('words_to')}
        <label for="filter-words-from">From</label> <input type="number" min={0} id="filter-words-from" name="words_from" value={filters.wordsFrom ?? ''} />
        <label for="filter-words-to">To</label> <input type="number" min={0} id="filter-words-to" name="words_to" value={filters.wordsTo ?? ''} />
      </fieldset>
      <fieldset class="field">
        <legend>Date updated</legend>
        {error('updated_from')}
        {error('updated_to')}
        <label for="filter-updated-from">From</label> <input type="date" id="filter-updated-from" name="updated_from" value={filters.updatedFrom ?? ''} />
        <label for="filter-updated-to">To</label> <input type="date" id="filter-updated-to" name="updated_to" value={filters.updatedTo ?? ''} />
      </fieldset>
      <fieldset class="field">
        <legend>Date posted</legend>
        {error('posted_from')}
        {error('posted_to')}
        <label for="filter-posted-from">From</label> <input type="date" id="filter-posted-from" name="posted_from" value={filters.postedFrom ?? ''} />
        <label for="filter-posted-to">To</label> <input type="date" id="filter-posted-to" name="posted_to" value={filters.postedTo ?? ''} />
      </fieldset>
      <div class="actions">
        <button type="submit">Sort and filter</button>
        <a href={props.action}>Clear filters</a>
      </div>
    </form>
  );
}

function emptyText(empty: string, result: ListingResult): string {
  const unknown = result.unknownInclude;
  if (unknown.length === 0) return empty;
  const names = unknown.map((name) => `“${name}”`).join(', ');
  return `No work can match: ${unknown.length === 1 ? 'the tag' : 'the tags'} ${names} ${unknown.length === 1 ? 'is' : 'are'} not known on the archive. Check the spelling, or take ${unknown.length === 1 ? 'it' : 'them'} out of the filters.`;
}

/** A listing: heading, what the filters found, the blurbs, next-page links, and the sidebar. */
export function ListingPage(props: {
  heading: Child;
  before?: Child;
  empty: string;
  /** The viewer's login, for the link to their blocklist. */
  viewerLogin: string | null;
  result: ListingResult;
  errors: Record<string, string>;
  firstPageHref: string | null;
  nextPageHref: string | null;
  sidebar: Child;
}) {
  const { result } = props;
  const problems = [...Object.values(props.errors), ...result.unknownTags.map((name) => `There is no tag called “${name}” on the archive.`)];
  return (
    <div class="listing">
      <section class="listing-main">
        <h1>{props.heading}</h1>
        {props.before}
        {problems.length > 0 ? (
          <div class="error-summary" role="alert">
            <p>Some filters could not be used:</p>
            <ul>{problems.map((p) => <li>{p}</li>)}</ul>
          </div>
        ) : null}
        <p class="muted" role="status">
          {result.total === 0 ? 'No works found.' : `${result.totalIsCapped ? 'More than ' : ''}${counted(result.total, 'work')}`}
        </p>
        {result.works.length === 0 && result.hiddenByBlocklist && props.viewerLogin ? (
          <HiddenByBlocklist login={props.viewerLogin} />
        ) : (
          <BlurbList works={result.works} empty={emptyText(props.empty, result)} />
        )}
        <nav aria-label="Pages">
          <ul class="pagination">
            {props.firstPageHref ? <li><a href={props.firstPageHref}>← First page</a></li> : null}
            {props.nextPageHref ? <li><a rel="next" href={props.nextPageHref}>Next page →</a></li> : null}
          </ul>
        </nav>
      </section>
      <aside class="listing-sidebar">{props.sidebar}</aside>
    </div>
  );
}
