import type { FieldErrors } from '../context.ts';
import type { User } from '../db/schema.ts';
import { userPath } from '../accounts/account.http.ts';
import { AccountNav } from '../accounts/account.views.tsx';
import type { WebContext } from '../web/env.ts';
import { CsrfField, ErrorSummary, RadioGroup } from '../web/forms.tsx';
import { renderPage } from '../web/layout.tsx';
import { DELIVERIES, DELIVERY_WORDS, NEWS_KINDS, type NewsKind } from './news.kinds.ts';
import { fieldOf } from './preference.schema.ts';

const LEGENDS: Record<NewsKind, string> = {
  comment: 'Comments on your works',
  reply: 'Replies to your comments',
  kudos: 'Kudos on your works',
  subscription: 'News of your subscriptions (new works and chapters)',
};

const ANSWERABLE = 'A mail of its own can be answered: your answer is posted as your reply.';
const HINTS: Partial<Record<NewsKind, string>> = { comment: ANSWERABLE, reply: ANSWERABLE };

export interface MailChoicesView {
  /** The radio values to show checked, by field name: as saved, or as sent back with errors. */
  values: Record<string, string>;
  errors: FieldErrors;
}

export function renderMailChoices(c: WebContext, user: User, form: MailChoicesView & { stopped: boolean }, status: 200 | 422 = 200) {
  const labels = Object.fromEntries(NEWS_KINDS.map((kind) => [fieldOf(kind), LEGENDS[kind]]));
  return renderPage(
    c,
    { title: 'Mail', noIndex: true },
    <section class="account-form">
      <AccountNav login={user.login} current="mail" />
      <h1>Mail</h1>
      <p>
        Choose how news reaches you by mail: each as it happens, once a day in one digest, or not at all. Your inbox on the site shows comments and
        replies whatever you choose here.
      </p>
      {user.emailConfirmedAt === null ? (
        <p class="notice">
          Mail goes only to a confirmed address, and yours is not confirmed yet: <a href={userPath(user.login, '/change_email')}>confirm your e-mail address</a>.
        </p>
      ) : null}
      {form.stopped ? <DeliveryStoppedNotice login={user.login} /> : null}
      <ErrorSummary errors={form.errors} labels={labels} />
      <form method="post" action={userPath(user.login, '/preferences/mail')}>
        <CsrfField token={c.var.csrfToken} />
        {NEWS_KINDS.map((kind) => (
          <RadioGroup
            name={fieldOf(kind)}
            legend={LEGENDS[kind]}
            hint={c.var.app.config.inboundSmtpPort !== null ? HINTS[kind] : undefined}
            value={form.values[fieldOf(kind)]}
            error={form.errors[fieldOf(kind)]}
            choices={DELIVERIES.map((delivery) => ({ value: delivery, label: DELIVERY_WORDS[delivery] }))}
          />
        ))}
        <div class="actions">
          <button type="submit">Save mail choices</button>
        </div>
      </form>
    </section>,
    status,
  );
}

/** Told on the owner's own pages when the archive has stopped mailing their address (bounce.jobs.ts). */
export function DeliveryStoppedNotice(props: { login: string }) {
  return (
    <p class="notice">
      Mail to your address has stopped: messages to it came back as undeliverable, so nothing more is sent there.{' '}
      <a href={userPath(props.login, '/change_email')}>Change your address</a> to get mail again.
    </p>
  );
}
