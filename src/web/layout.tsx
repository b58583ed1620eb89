import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { hasRole } from '../accounts/account.policy.ts';
import type { WebContext } from './env.ts';
import { ASSET_VERSION } from './assets.ts';
import { UNREAD_CAP } from '../feedback/inbox.service.ts';
import { InboxLink } from '../feedback/inbox.views.tsx';

export interface PageOptions {
  title: string;
  /** Extra text for <meta name="description">. */
  description?: string;
  /** Pages that should not be indexed (forms, private pages). */
  noIndex?: boolean;
  /** The Atom feed that follows this page, for feed readers to find. */
  feed?: { href: string; title: string };
}

/** The frame of every HTML page: header with the viewer's menu, main content, footer. */
export function Layout(props: { c: WebContext; page: PageOptions; children?: Child }) {
  const { c, page } = props;
  const viewer = c.var.viewer;
  const flash = c.var.flash;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        {page.noIndex ? <meta name="robots" content="noindex" /> : null}
        {page.description ? <meta name="description" content={page.description} /> : null}
        {page.feed ? <link rel="alternate" type="application/atom+xml" title={page.feed.title} href={page.feed.href} /> : null}
        <title>{page.title === 'Records Room' ? page.title : `${page.title} | Records Room`}</title>
        <link rel="stylesheet" href={`/assets/site.css?v=${ASSET_VERSION}`} />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/">Records Room</a>
          <nav aria-label="Site">
            <ul>
              <li><a href="/works">Works</a></li>
              <li><a href="/works/search">Search</a></li>
              <li><a href="/lists">Lists</a></li>
              {viewer ? (
                <>
                  <li><a href="/works/new">Post new work</a></li>
                  {hasRole(viewer, 'wrangler') ? <li><a href="/wrangling">Wrangling</a></li> : null}
                  {hasRole(viewer, 'archivist') ? <li><a href="/imports">Imports</a></li> : null}
                  <li><a href={`/users/${viewer.login}/saved_searches`}>Saved searches</a></li>
                  <li><a href={`/users/${encodeURIComponent(viewer.login)}/blocks`}>Blocked tags and creators</a></li>
                  <li><InboxEntry login={viewer.login} unread={c.var.inboxUnread} /></li>
                  <li><a href={`/users/${viewer.login}`}>{viewer.login}</a></li>
                  <li>
                    <form method="post" action="/logout" class="inline">
                      <input type="hidden" name="_csrf" value={c.var.csrfToken} />
                      <button type="submit" class="link">Log out</button>
                    </form>
                  </li>
                </>
              ) : (
                <>
                  <li><a href="/login">Log in</a></li>
                  <li><a href="/signup">Sign up</a></li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {flash ? <p class="flash" role="status">{flash}</p> : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>Records Room: an archive of fan works. <a href="/api/v1">Read API</a></p>
        </footer>
      </body>
    </html>
  );
}

/** The header's inbox link, once the count started with the request has come. */
async function InboxEntry(props: { login: string; unread: Promise<number> | undefined }) {
  return <InboxLink login={props.login} unread={(await props.unread) ?? 0} cap={UNREAD_CAP} />;
}

/** Renders a full page with the layout. */
export function renderPage(c: WebContext, page: PageOptions, body: Child, status: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 414 | 422 | 429 | 500 = 200) {
  return c.html(
    <>
      {raw('<!doctype html>')}
      <Layout c={c} page={page}>{body}</Layout>
    </>,
    status,
  );
}
