import type { WebContext } from './env.ts';
import { renderPage } from './layout.tsx';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 422 | 429 | 500;

/** A plain error page: what happened and what to do, never a stack trace. */
export function renderError(c: WebContext, status: ErrorStatus, heading: string, message: string) {
  return renderPage(
    c,
    { title: heading, noIndex: true },
    <section class="error-page">
      <h1>{heading}</h1>
      <p>{message}</p>
      <p><a href="/">Go to the front page</a></p>
    </section>,
    status,
  );
}

export function notFound(c: WebContext) {
  return renderError(c, 404, 'Page not found', "We couldn't find that page. It may have been deleted, or the address may be mistyped.");
}

export function forbidden(c: WebContext) {
  return renderError(c, 403, 'Not allowed', "Sorry, you don't have permission to do that.");
}
