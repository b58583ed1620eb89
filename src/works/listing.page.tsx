import type { Child } from 'hono/jsx';
import type { WebContext } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { BlurbList, Pagination } from './blurb.views.tsx';
import { listWorks, type ListingQuery } from './listing.repository.ts';
import { presentWorks } from './work.presenter.ts';

export const PER_PAGE = 20;

/** `?page=N`, forgiving: anything that is not a sensible page number means page 1. */
export function pageParam(c: WebContext): number {
  const raw = c.req.query('page');
  if (!raw || !/^\d{1,6}$/.test(raw)) return 1;
  return Math.max(1, Number(raw));
}

/** A titled page of work blurbs, shared by /works, tag pages and author pages. */
export async function renderListing(
  c: WebContext,
  options: { title: string; heading: Child; query: Omit<ListingQuery, 'page' | 'perPage' | 'loggedIn'>; empty: string; before?: Child },
) {
  const page = pageParam(c);
  const { works, total } = await listWorks(c.var.app.db.kysely, { ...options.query, loggedIn: c.var.viewer !== null, page, perPage: PER_PAGE });
  const blurbs = await presentWorks(c.var.app.db.kysely, works);
  const pageCount = Math.max(1, Math.ceil(total / PER_PAGE));
  const first = (page - 1) * PER_PAGE + 1;
  const url = new URL(c.req.url);
  return renderPage(
    c,
    { title: options.title },
    <section>
      <h1>{options.heading}</h1>
      {options.before}
      <p class="muted">
        {total === 0 ? 'No works found.' : works.length === 0 ? `There are ${total.toLocaleString('en')} works; this page is past the end.` : `${first.toLocaleString('en')}–${(first + works.length - 1).toLocaleString('en')} of ${total.toLocaleString('en')} works`}
      </p>
      <BlurbList works={blurbs} empty={options.empty} />
      <Pagination page={page} pageCount={pageCount} baseUrl={url.pathname + url.search} />
    </section>,
  );
}
