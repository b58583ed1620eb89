import { AccountNav } from '../accounts/account.views.tsx';
import type { FieldErrors } from '../context.ts';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';

export function blocksPath(login: string): string {
  return `/users/${encodeURIComponent(login)}/blocks`;
}

/** In place of an empty listing that the reader's own blocklist emptied. */
export function HiddenByBlocklist(props: { login: string }) {
  return (
    <p class="muted">
      Works are listed here, but your blocklist hides all of them from you. <a href={blocksPath(props.login)}>See your hidden tags and creators</a>.
    </p>
  );
}

export function BlocksPage(props: {
  login: string;
  tags: { id: number; name: string }[];
  creators: { id: number; login: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  csrfToken: string;
}) {
  const base = blocksPath(props.login);
  return (
    <section>
      <AccountNav login={props.login} current="blocks" />
      <h1>Hidden tags and creators</h1>
      <p>Works with these tags or by these creators vanish from every listing and search for you. Only you see this list.</p>
      <ErrorSummary errors={props.errors} labels={{ tag: 'Tag', creator: 'Creator' }} />
      <h2>Tags</h2>
      {props.tags.length === 0 ? <p class="muted">No hidden tags.</p> : (
        <ul>
          {props.tags.map((t) => (
            <li>
              {t.name}{' '}
              <form method="post" action={`${base}/tags/${t.id}/delete`} class="inline">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="link">Show again<span class="visually-hidden"> {t.name}</span></button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${base}/tags`}>
        <CsrfField token={props.csrfToken} />
        <Field name="tag" label="Hide works tagged" value={props.values.tag} error={props.errors.tag} maxLength={150} />
        <button type="submit">Hide tag</button>
      </form>
      <h2>Creators</h2>
      {props.creators.length === 0 ? <p class="muted">No hidden creators.</p> : (
        <ul>
          {props.creators.map((u) => (
            <li>
              {u.login}{' '}
              <form method="post" action={`${base}/creators/${u.id}/delete`} class="inline">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="link">Show again<span class="visually-hidden"> {u.login}</span></button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${base}/creators`}>
        <CsrfField token={props.csrfToken} />
        <Field name="creator" label="Hide works by (user name)" value={props.values.creator} error={props.errors.creator} maxLength={40} />
        <button type="submit">Hide creator</button>
      </form>
    </section>
  );
}

export function SavedSearchesPage(props: { login: string; searches: { id: number; name: string; path: string }[]; csrfToken: string }) {
  const base = `/users/${encodeURIComponent(props.login)}/saved_searches`;
  return (
    <section>
      <h1>Saved searches</h1>
      {props.searches.length === 0 ? (
        <p class="muted">Nothing saved yet. Every listing and search has a “Save this search” button for logged-in readers.</p>
      ) : (
        <ul>
          {props.searches.map((s) => (
            <li>
              <a href={s.path}>{s.name}</a>{' '}
              <form method="post" action={`${base}/${s.id}/delete`} class="inline">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="link">Delete<span class="visually-hidden"> {s.name}</span></button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The small form on listings and search pages; the page's own address is what is saved. */
export function SaveSearchForm(props: { login: string; path: string; name: string; csrfToken: string }) {
  return (
    <form method="post" action={`/users/${encodeURIComponent(props.login)}/saved_searches`} class="save-search">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="path" value={props.path} />
      <label for="save-search-name">Save this search as</label>{' '}
      <input type="text" id="save-search-name" name="name" value={props.name} maxLength={100} />{' '}
      <button type="submit" class="secondary">Save</button>
    </form>
  );
}
