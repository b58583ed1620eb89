import type { Child } from 'hono/jsx';
import type { WebContext } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { filtersToParams, parseFilters, type Sort } from './listing.filters.ts';
import type { ListingScope } from './listing.repository.ts';
import { runListing } from './listing.service.ts';
import { SaveSearchForm } from '../readers/reader.views.tsx';
import { FilterSidebar, ListingPage } from './listing.views.tsx';

const PER_PAGE = 20;

/** A titled, filterable page of work blurbs: /works, tag pages and author pages. */
export async function renderListing(
  c: WebContext,
  options: { title: string; heading: Child; scope?: ListingScope; scopeTagId?: number; empty: string; before?: Child; defaultSort?: Sort; feed?: { href: string; title: string } },
) {
  const url = new URL(c.req.url);
  const defaultSort = options.defaultSort ?? 'updated';
  const { filters, errors } = parseFilters(url.searchParams, defaultSort);
  const result = await runListing(c.var.app, c.var.viewer, {
    scope: options.scope ?? {},
    ...(options.scopeTagId !== undefined ? { scopeTagId: options.scopeTagId } : {}),
    filters,
    pageSize: PER_PAGE,
  });
  const link = (after: string | null) => {
    const params = filtersToParams({ ...filters, after }, defaultSort).toString();
    return `${url.pathname}${params ? `?${params}` : ''}`;
  };
  return renderPage(
    c,
    { title: options.title, noIndex: filters.after !== null, ...(options.feed ? { feed: options.feed } : {}) },
    <ListingPage
      heading={options.heading}
      before={
        <>
          {options.before}
          {c.var.viewer ? <SaveSearchForm login={c.var.viewer.login} path={link(null)} name={options.title} csrfToken={c.var.csrfToken} /> : null}
        </>
      }
      empty={options.empty}
      viewerLogin={c.var.viewer?.login ?? null}
      result={result}
      errors={errors}
      firstPageHref={filters.after ? link(null) : null}
      nextPageHref={result.nextCursor ? link(result.nextCursor) : null}
      sidebar={<FilterSidebar action={url.pathname} filters={filters} result={result} errors={errors} />}
    />,
  );
}
