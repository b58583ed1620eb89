import type { Hono } from 'hono';
import type { AppEnv, WebContext } from '../web/env.ts';
import { CsrfField } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { previewUnsubscribe, switchDelivery, unsubscribe, type Unsubscribe } from './unsubscribe.service.ts';

// Link scanners and mail previews follow every GET, so the link only shows a page with one
// button; the POST unsubscribes. A mail client's one-click POST (RFC 8058) comes without a
// form token: the token in the address is the proof, so these paths are exempt from the CSRF
// check (app.ts).

export const UNSUBSCRIBE_PREFIX = '/mail/unsubscribe/';

export function mountUnsubscribeRoutes(app: Hono<AppEnv>): void {
  app.get(`${UNSUBSCRIBE_PREFIX}:token`, async (c) => render(c, c.req.param('token'), await previewUnsubscribe(c.var.app, c.req.param('token'))));
  app.post(`${UNSUBSCRIBE_PREFIX}:token`, async (c) => render(c, c.req.param('token'), await unsubscribe(c.var.app, c.req.param('token'))));
  app.post(`${UNSUBSCRIBE_PREFIX}:token/switch`, async (c) => render(c, c.req.param('token'), await switchDelivery(c.var.app, c.req.param('token'))));
}

function render(c: WebContext, token: string, result: Unsubscribe) {
  const page = { title: 'Unsubscribe', noIndex: true };
  switch (result.status) {
    case 'invalid':
      return renderPage(c, page, <Notice heading="This link does not work">This unsubscribe link is not one the archive sent, or it was changed on the way. Use the link in the message itself, or change what mail you get in your preferences.</Notice>, 404);
    case 'gone':
      return renderPage(c, page, <Notice heading="Nothing to unsubscribe from">What this message was about is no longer there, so no more mail about it will come.</Notice>);
    case 'already':
      return renderPage(c, page, <Notice heading="Already unsubscribed">You no longer get {result.what}. Nothing was changed.</Notice>);
    case 'switched':
      return renderPage(c, page, <Notice heading="Changed">{result.text} The unsubscribe link in each message still works.</Notice>);
    case 'done':
      return renderPage(c, page, <Notice heading="Unsubscribed">You will no longer get {result.what}. Signed-in readers can change their mail in their preferences.</Notice>);
    case 'ready':
      return renderPage(
        c,
        page,
        <section>
          <h1>Unsubscribe</h1>
          <p>Stop {result.what}?</p>
          <form method="post" action={`${UNSUBSCRIBE_PREFIX}${token}`}>
            <CsrfField token={c.var.csrfToken} />
            <button type="submit">Unsubscribe</button>
          </form>
          {result.offer ? (
            <form method="post" action={`${UNSUBSCRIBE_PREFIX}${token}/switch`}>
              <CsrfField token={c.var.csrfToken} />
              <p>Or keep it, another way:</p>
              <button type="submit">{result.offer}</button>
            </form>
          ) : null}
        </section>,
      );
  }
}

function Notice(props: { heading: string; children?: unknown }) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <p>{props.children as string}</p>
    </section>
  );
}
