import type { User } from '../db/schema.ts';
import type { WebContext } from '../web/env.ts';
import { Checkbox, CsrfField, ErrorSummary, Field, RadioGroup } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { userPath } from './account.http.ts';
import type { FormState } from './auth.views.tsx';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';
import { counted } from '../text/plural.ts';

export type Section = 'pseuds' | 'preferences' | 'mail' | 'blocks' | 'change_email' | 'change_password' | 'delete';

/** The owner's menu of account pages, on each of them. */
export function AccountNav(props: { login: string; current: Section }) {
  const links: [Section | 'profile', string, string][] = [
    ['profile', 'Profile', userPath(props.login)],
    ['pseuds', 'Pseuds', userPath(props.login, '/pseuds')],
    ['preferences', 'Preferences', userPath(props.login, '/preferences')],
    ['mail', 'Mail', userPath(props.login, '/preferences/mail')],
    ['blocks', 'Blocked tags and creators', userPath(props.login, '/blocks')],
    ['change_email', 'E-mail address', userPath(props.login, '/change_email')],
    ['change_password', 'Change password', userPath(props.login, '/change_password')],
    ['delete', 'Delete account', userPath(props.login, '/delete')],
  ];
  return (
    <nav aria-label="Your account" class="account-nav">
      <ul class="tags">
        {links.map(([key, label, href]) => (
          <li>{key === props.current ? <a href={href} aria-current="page"><strong>{label}</strong></a> : <a href={href}>{label}</a>}</li>
        ))}
      </ul>
    </nav>
  );
}

const passwordLabels = { current_password: 'Current password', password: 'New password', password_confirmation: 'Confirm new password' };

export function renderChangePassword(c: WebContext, user: User, form: FormState, status: 200 | 422 | 429 = 200) {
  const { errors } = form;
  return renderPage(
    c,
    { title: 'Change password', noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="change_password" />
      <h1>Change your password</h1>
      <ErrorSummary errors={errors} labels={passwordLabels} />
      <form method="post" action={userPath(user.login, '/change_password')} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <Field name="current_password" type="password" label={passwordLabels.current_password} error={errors.current_password} autocomplete="current-password" required />
        <Field
          name="password"
          type="password"
          label={passwordLabels.password}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. You will stay logged in here; everywhere else you will be logged out.`}
          autocomplete="new-password"
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
        <Field name="password_confirmation" type="password" label={passwordLabels.password_confirmation} error={errors.password_confirmation} autocomplete="new-password" maxLength={PASSWORD_MAX_LENGTH} required />
        <div class="actions">
          <button type="submit">Change password</button>
        </div>
      </form>
    </section>,
    status,
  );
}

export function renderPreferences(c: WebContext, user: User, form: FormState & { showAdultContent: boolean; historyEnabled: boolean }, status: 200 | 422 = 200) {
  return renderPage(
    c,
    { title: 'Preferences', noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="preferences" />
      <h1>Preferences</h1>
      <ErrorSummary errors={form.errors} />
      <form method="post" action={userPath(user.login, '/preferences')}>
        <CsrfField token={c.var.csrfToken} />
        <Checkbox
          name="show_adult_content"
          label="Show me adult content without checking"
          checked={form.showAdultContent}
          hint="Works rated Mature or Explicit open straight away instead of asking first."
          error={form.errors.show_adult_content}
        />
        <Checkbox
          name="history_enabled"
          label="Keep my reading history"
          checked={form.historyEnabled}
          hint="The works you open are listed on your History page, only for you. Turning it off keeps no new visits."
          error={form.errors.history_enabled}
        />
        <div class="actions">
          <button type="submit">Save preferences</button>
        </div>
      </form>
    </section>,
    status,
  );
}

const deleteLabels = { password: 'Password', works: 'Your works' };

export function renderDeleteAccount(c: WebContext, user: User, form: FormState & { workCount: number }, status: 200 | 422 | 429 = 200) {
  const { values, errors, workCount } = form;
  return renderPage(
    c,
    { title: 'Delete account', noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="delete" />
      <h1>Delete your account</h1>
      <p>
        This deletes the account <strong>{user.login}</strong>, its pseuds and its sessions. It cannot be undone.
      </p>
      <ErrorSummary errors={errors} labels={deleteLabels} />
      <form method="post" action={userPath(user.login, '/delete')} novalidate>
        <CsrfField token={c.var.csrfToken} />
        {workCount > 0 ? (
          <RadioGroup
            name="works"
            legend={`What should happen to your ${workCount === 1 ? 'work' : counted(workCount, 'work')}?`}
            value={values.works}
            error={errors.works}
            required
            choices={[
              {
                value: 'orphan',
                label: 'Orphan them',
                hint: 'They stay on the archive under orphan_account, no longer linked to you.',
              },
              { value: 'delete', label: 'Delete them', hint: 'They are removed from the archive for good.' },
            ]}
          />
        ) : (
          <p>You have no works on the archive.</p>
        )}
        <Field name="password" type="password" label={deleteLabels.password} error={errors.password} hint="To make sure it is you." autocomplete="current-password" required />
        <div class="actions">
          <button type="submit" class="danger">Delete my account</button>
          <a href={userPath(user.login)}>Cancel</a>
        </div>
      </form>
    </section>,
    status,
  );
}
