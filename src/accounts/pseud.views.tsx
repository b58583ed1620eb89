import type { Pseud, User } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { userPath } from './account.http.ts';
import { AccountNav } from './account.views.tsx';
import type { FormState } from './auth.views.tsx';
import { PSEUD_DESCRIPTION_MAX_LENGTH, PSEUD_NAME_MAX_LENGTH } from './pseud.names.ts';
import { counted } from '../text/plural.ts';

export function pseudPath(login: string, pseudName: string, rest = ''): string {
  return userPath(login, `/pseuds/${encodeURIComponent(pseudName)}${rest}`);
}

/** Public, as on AO3; the owner also gets the controls. */
export function renderPseudList(c: WebContext, user: User, pseuds: Pseud[], isOwner: boolean) {
  return renderPage(
    c,
    { title: `${user.login}'s pseuds`, noIndex: true },
    <section>
      {isOwner ? <AccountNav login={user.login} current="pseuds" /> : null}
      <h1>{user.login}'s pseuds</h1>
      {isOwner ? (
        <p class="actions">
          <a class="button" href={userPath(user.login, '/pseuds/new')}>New pseud</a>
        </p>
      ) : null}
      <ul class="blurbs pseuds">
        {pseuds.map((pseud) => (
          <li class="blurb">
            <h2>
              <a href={pseudPath(user.login, pseud.name, '/works')}>{pseud.name}</a>
              {pseud.isDefault === 1 ? <span class="muted"> (default)</span> : null}
            </h2>
            {pseud.description ? <p>{pseud.description}</p> : null}
            {isOwner ? (
              <p class="actions">
                <a href={pseudPath(user.login, pseud.name, '/edit')}>
                  Edit<span class="visually-hidden"> {pseud.name}</span>
                </a>
                {pseud.isDefault === 1 ? null : (
                  <a href={pseudPath(user.login, pseud.name, '/delete')}>
                    Delete<span class="visually-hidden"> {pseud.name}</span>
                  </a>
                )}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>,
  );
}

const pseudLabels = { name: 'Name', description: 'Description' };

/** The form for a new pseud (`pseud` absent) or for editing one. */
export function renderPseudForm(c: WebContext, user: User, pseud: Pseud | null, form: FormState, status: 200 | 422 = 200) {
  const { values, errors } = form;
  const heading = pseud ? `Edit pseud ${pseud.name}` : 'New pseud';
  const action = pseud ? pseudPath(user.login, pseud.name, '/edit') : userPath(user.login, '/pseuds/new');
  return renderPage(
    c,
    { title: heading, noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="pseuds" />
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} labels={pseudLabels} />
      <form method="post" action={action} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field
          name="name"
          label={pseudLabels.name}
          value={values.name}
          error={errors.name}
          hint={`Up to ${PSEUD_NAME_MAX_LENGTH} letters, digits, spaces, underscores, hyphens and full stops.`}
          maxLength={PSEUD_NAME_MAX_LENGTH}
          required
        />
        <Field
          name="description"
          type="textarea"
          rows={4}
          label={pseudLabels.description}
          value={values.description}
          error={errors.description}
          hint={`Optional, up to ${PSEUD_DESCRIPTION_MAX_LENGTH} characters.`}
          maxLength={PSEUD_DESCRIPTION_MAX_LENGTH}
        />
        <div class="actions">
          <button type="submit">{pseud ? 'Save changes' : 'Create pseud'}</button>
          <a href={userPath(user.login, '/pseuds')}>Cancel</a>
        </div>
      </form>
    </section>,
    status,
  );
}

export function renderPseudDelete(c: WebContext, user: User, pseud: Pseud, workCount: number, defaultName: string) {
  return renderPage(
    c,
    { title: `Delete pseud ${pseud.name}`, noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="pseuds" />
      <h1>Delete the pseud {pseud.name}?</h1>
      <p>
        {workCount === 0
          ? 'No works are written under this pseud.'
          : `Its ${workCount === 1 ? 'work moves' : `${counted(workCount, 'work')} move`} to your default pseud, ${defaultName}.`}
      </p>
      <form method="post" action={pseudPath(user.login, pseud.name, '/delete')}>
        <CsrfField token={c.var.csrfToken} />
        <div class="actions">
          <button type="submit" class="danger">Delete pseud</button>
          <a href={userPath(user.login, '/pseuds')}>Cancel</a>
        </div>
      </form>
    </section>,
  );
}
