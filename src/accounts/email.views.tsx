import type { User } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { userPath } from './account.http.ts';
import { AccountNav } from './account.views.tsx';
import type { FormState } from './auth.views.tsx';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';

type Status = 200 | 404 | 409 | 422 | 429;

function Notice(props: { heading: string; children?: unknown }) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <p>{props.children as string}</p>
    </section>
  );
}

export function renderNotice(c: WebContext, title: string, heading: string, text: string, status: Status = 200) {
  return renderPage(c, { title, noIndex: true }, <Notice heading={heading}>{text}</Notice>, status);
}

/** The page a confirmation link opens: one button, because link scanners follow every GET. */
export function renderConfirmPrompt(c: WebContext, token: string, address: string) {
  return renderPage(
    c,
    { title: 'Confirm your e-mail address', noIndex: true },
    <section>
      <h1>Confirm your e-mail address</h1>
      <p>Confirm that {address} is your address on Records Room?</p>
      <form method="post" action={`/confirm_email/${token}`}>
        <CsrfField token={c.var.csrfToken} />
        <button type="submit">Confirm my address</button>
      </form>
    </section>,
  );
}

const emailLabels = { email: 'New e-mail address', password: 'Current password' };

export function renderChangeEmail(c: WebContext, user: User, form: FormState, status: 200 | 422 = 200) {
  const { values, errors } = form;
  return renderPage(
    c,
    { title: 'E-mail address', noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="change_email" />
      <h1>Your e-mail address</h1>
      <p>
        Your address is <strong>{user.email}</strong>, {user.emailConfirmedAt ? 'confirmed.' : 'not confirmed yet.'}
      </p>
      {user.emailConfirmedAt ? null : (
        <form method="post" action={userPath(user.login, '/confirm_email')}>
          <CsrfField token={c.var.csrfToken} />
          <p>You can log in and post without confirming; posting by mail and claiming imported works need a confirmed address.</p>
          <button type="submit">Send the confirmation link again</button>
        </form>
      )}
      <h2>Change your address</h2>
      <p>We send a link to the new address; it becomes yours when the link is used. Your present address is told of the change.</p>
      <ErrorSummary errors={errors} labels={emailLabels} />
      <form method="post" action={userPath(user.login, '/change_email')} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field name="email" type="email" label={emailLabels.email} value={values.email} error={errors.email} autocomplete="email" maxLength={254} required />
        <Field name="password" type="password" label={emailLabels.password} error={errors.password} hint="To make sure it is you." autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">Change my address</button>
        </div>
      </form>
    </section>,
    status,
  );
}

export function renderForgotPassword(c: WebContext, form: FormState, status: 200 | 422 | 429 = 200) {
  const { values, errors } = form;
  return renderPage(
    c,
    { title: 'Forgot password', noIndex: true },
    <section class="account-form">
      <h1>Forgot your password?</h1>
      <ErrorSummary errors={errors} labels={{ login: 'User name or e-mail' }} />
      <form method="post" action="/users/password" novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field name="login" label="User name or e-mail" value={values.login} error={errors.login} hint="We mail a link to reset it to the account's address." autocomplete="username" maxLength={254} required />
        <div class="actions">
          <button type="submit">Send me a link</button>
        </div>
      </form>
    </section>,
    status,
  );
}

const resetLabels = { password: 'New password', password_confirmation: 'Confirm new password' };

export function renderResetPassword(c: WebContext, token: string, form: FormState, status: 200 | 422 = 200) {
  const { errors } = form;
  return renderPage(
    c,
    { title: 'Choose a new password', noIndex: true },
    <section class="account-form">
      <h1>Choose a new password</h1>
      <ErrorSummary errors={errors} labels={resetLabels} />
      <form method="post" action={`/users/password/reset/${token}`} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field name="password" type="password" label={resetLabels.password} error={errors.password} hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every session of the account ends.`} autocomplete="new-password" maxLength={PASSWORD_MAX_LENGTH} required />
        <Field name="password_confirmation" type="password" label={resetLabels.password_confirmation} error={errors.password_confirmation} autocomplete="new-password" maxLength={PASSWORD_MAX_LENGTH} required />
        <div class="actions">
          <button type="submit">Set my password</button>
        </div>
      </form>
    </section>,
    status,
  );
}
