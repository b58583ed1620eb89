import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { failed } from '../context.ts';
import type { AppEnv, WebContext } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { presentWorks } from '../works/work.presenter.ts';
import { SaveSearchForm } from '../readers/reader.views.tsx';
import { parseFilters } from '../works/listing.filters.ts';
import { resolveListingQuery } from '../works/listing.service.ts';
import { effectiveSort, searchArchive, searchParamsSchema } from './search.service.ts';
import { SearchPage } from './search.views.tsx';

/** The listing filters in the URL (include, exclude, language, words, dates…), resolved. */
async function listingFiltersOf(c: WebContext, audience?: 'public') {
  const url = new URL(c.req.url);
  const { filters, errors } = parseFilters(url.searchParams);
  delete errors.sort; // search has sorts of its own, read by `params`
  const viewer = audience === 'public' ? null : c.var.viewer;
  const resolved = await resolveListingQuery(c.var.app, viewer, { ...filters, after: null });
  const blocks = resolved.query.excludeIds.length > 0 || (resolved.query.excludeUserIds?.length ?? 0) > 0;
  const asked = blocks || FILTER_PARAMS.some((name) => url.searchParams.has(name));
  return {
    filters: asked ? resolved.query : null,
    unknownTags: { include: resolved.unknownInclude, exclude: resolved.unknownExclude },
    errors,
  };
}

const FILTER_PARAMS = ['include', 'exclude', 'language', 'complete', 'crossover', 'words_from', 'words_to', 'updated_from', 'updated_to', 'posted_from', 'posted_to'];

/** The filter values as typed, for the form. */
function filterFieldsOf(c: WebContext): Record<string, string> {
  const url = new URL(c.req.url);
  const fields: Record<string, string> = {};
  for (const name of FILTER_PARAMS) {
    const values = url.searchParams.getAll(name).filter(Boolean);
    if (values.length > 0) fields[name] = values.join(', ');
  }
  return fields;
}

function params(c: WebContext) {
  // Every field is optional and forgiving, so this cannot fail; a repeated name keeps the first value.
  return searchParamsSchema.parse({ q: c.req.query('q'), sort: c.req.query('sort'), page: c.req.query('page') });
}

/** `/works/search` and its JSON twin. Mount before the work routes, or `/works/:id` takes the path. */
export function mountSearchRoutes(app: Hono<AppEnv>): void {
  app.get('/works/search', async (c) => {
    const input = params(c);
    const { filters, unknownTags, errors } = await listingFiltersOf(c);
    // Restricted works are found by logged-in readers only, as in every listing.
    const outcome = unknownTags.include.length > 0
      ? failed(`There is no tag called “${unknownTags.include[0]}” on the archive.`)
      : await searchArchive(c.var.app.db, input, c.var.viewer ? 'members' : 'public', filters);
    const url = new URL(c.req.url);
    const common = {
      q: input.q,
      sort: effectiveSort(input),
      url: url.pathname + url.search,
      filterNotes: [...Object.values(errors), ...unknownTags.exclude.map((name) => `There is no tag called “${name}” to exclude.`)],
      filterFields: filterFieldsOf(c),
      saveForm: c.var.viewer && input.q !== '' ? <SaveSearchForm login={c.var.viewer.login} path={url.pathname + url.search} name={input.q.slice(0, 100)} csrfToken={c.var.csrfToken} /> : null,
    };
    const title = input.q === '' ? 'Search works' : `Search: ${input.q.slice(0, 60)}`;
    if (!outcome.ok) {
      const props = { ...common, error: outcome.errors, notes: [], results: [], total: 0, totalCapped: false, page: 1, pageCount: 1, pastCap: false };
      return renderPage(c, { title, noIndex: true }, <SearchPage {...props} />, 400);
    }
    const { results } = outcome.value;
    const views = await presentWorks(c.var.app.db.kysely, results.works, c.var.viewer);
    return renderPage(
      c,
      { title, noIndex: true },
      <SearchPage
        {...common}
        error={null}
        notes={outcome.value.notes}
        results={views.map((work) => ({ work, snippetHtml: results.snippets.get(work.id) ?? null }))}
        total={results.total}
        totalCapped={results.totalCapped}
        page={outcome.value.page}
        pageCount={outcome.value.pageCount}
        pastCap={outcome.value.pastCap}
      />,
    );
  });

  // Public data only, like the rest of the read API: restricted works are never found here,
  // whoever asks. CORS is set here because the API's own middleware is mounted after this route.
  app.get('/api/v1/works/search', cors({ origin: '*', allowMethods: ['GET'] }), async (c) => {
    const input = params(c);
    if (input.q === '') return c.json({ error: { status: 400, message: 'Give the text to search for as ?q=…' } }, 400);
    const { filters, unknownTags, errors } = await listingFiltersOf(c, 'public');
    const problem = Object.values(errors)[0] ?? (unknownTags.include[0] ? `There is no tag called “${unknownTags.include[0]}”.` : null);
    if (problem) return c.json({ error: { status: 400, message: problem } }, 400);
    const outcome = await searchArchive(c.var.app.db, input, 'public', filters);
    if (!outcome.ok) return c.json({ error: { status: 400, message: outcome.errors } }, 400);
    const { results } = outcome.value;
    return c.json({
      query: input.q,
      sort: outcome.value.sort,
      page: outcome.value.page,
      pageCount: outcome.value.pageCount,
      total: results.total,
      totalIsLowerBound: results.totalCapped,
      notes: outcome.value.notes,
      works: results.works.map((work) => {
        const snippetHtml = results.snippets.get(work.id) ?? null;
        return {
          id: work.id,
          url: `/api/v1/works/${work.id}`,
          title: work.title,
          words: work.wordCount,
          updatedAt: work.updatedAt,
          snippet: snippetHtml === null ? null : plainSnippet(snippetHtml),
          snippetHtml,
        };
      }),
    });
  });
}

/** The snippet as text: marks removed, entities the escaping added turned back. */
function plainSnippet(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
