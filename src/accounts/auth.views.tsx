import type { FieldErrors } from '../context.ts';
import type { WebContext } from '../web/env.ts';
import { CsrfField, ErrorSummary, Field } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';

/** What a form shows: the values typed (passwords are never sent back) and the problems found. */
export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

const signupLabels = { login: 'User name', email: 'E-mail address', password: 'Password', password_confirmation: 'Confirm password' };

export function renderSignup(c: WebContext, form: FormState, status: 200 | 422 = 200) {
  const { values, errors } = form;
  return renderPage(
    c,
    { title: 'Sign up', noIndex: true },
    <section class="account-form">
      <h1>Create an account</h1>
      <ErrorSummary errors={errors} labels={signupLabels} />
      <form method="post" action="/signup" novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field
          name="login"
          label={signupLabels.login}
          value={values.login}
          error={errors.login}
          hint="3 to 40 letters, digits or underscores. It is part of your address on the archive and cannot be changed later."
          autocomplete="username"
          maxLength={40}
          required
        />
        <Field name="email" type="email" label={signupLabels.email} value={values.email} error={errors.email} hint="Never shown to others." autocomplete="email" maxLength={254} required />
        <Field
          name="password"
          type="password"
          label={signupLabels.password}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          autocomplete="new-password"
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
        <Field name="password_confirmation" type="password" label={signupLabels.password_confirmation} error={errors.password_confirmation} autocomplete="new-password" maxLength={PASSWORD_MAX_LENGTH} required />
        <div class="actions">
          <button type="submit">Create account</button>
          <a href="/login">I already have an account</a>
        </div>
      </form>
    </section>,
    status,
  );
}

const loginLabels = { login: 'User name or e-mail', password: 'Password' };

export function renderLogin(c: WebContext, form: FormState & { returnTo: string | null }, status: 200 | 422 | 429 = 200) {
  const { values, errors } = form;
  return renderPage(
    c,
    { title: 'Log in', noIndex: true },
    <section class="account-form">
      <h1>Log in</h1>
      <ErrorSummary errors={errors} labels={loginLabels} />
      <form method="post" action="/login" novalidate>
        <CsrfField token={c.var.csrfToken} />
        {form.returnTo ? <input type="hidden" name="return_to" value={form.returnTo} /> : null}
        <Field name="login" label={loginLabels.login} value={values.login} error={errors.login} autocomplete="username" maxLength={254} required />
        <Field name="password" type="password" label={loginLabels.password} error={errors.password} autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">Log in</button>
          <a href="/signup">Create an account</a>
          <a href="/users/password/new">Forgot your password?</a>
        </div>
      </form>
    </section>,
    status,
  );
}

/** For people who type /logout: logging out changes state, so it takes a button (and a CSRF token). */
export function renderLogout(c: WebContext) {
  return renderPage(
    c,
    { title: 'Log out', noIndex: true },
    <section class="account-form">
      <h1>Log out?</h1>
      <form method="post" action="/logout">
        <CsrfField token={c.var.csrfToken} />
        <div class="actions">
          <button type="submit">Log out</button>
          <a href="/">Stay logged in</a>
        </div>
      </form>
    </section>,
  );
}
