import type { Hono } from 'hono';
import { loadOwnAccount, userPath } from '../accounts/account.http.ts';
import type { AppEnv } from '../web/env.ts';
import { readForm, validateForm } from '../web/forms.tsx';
import { redirectWithFlash } from '../web/respond.ts';
import { deliveryStopped } from '../mail/outbox.repository.ts';
import { NEWS_KINDS } from './news.kinds.ts';
import { deliveriesFor } from './preference.repository.ts';
import { fieldOf, mailChoicesForm } from './preference.schema.ts';
import { saveMailChoices } from './preference.service.ts';
import { renderMailChoices } from './preference.views.tsx';

// The owner's mail choices, one per kind of news (news.kinds.ts), at /users/:login/preferences/mail.

export function mountMailPreferenceRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:login/preferences/mail', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const choices = await deliveriesFor(c.var.app.db.kysely, user.id);
    const values = Object.fromEntries(NEWS_KINDS.map((kind) => [fieldOf(kind), choices[kind]]));
    return renderMailChoices(c, user, { values, errors: {}, stopped: await deliveryStopped(c.var.app.db.kysely, user.email) });
  });

  app.post('/users/:login/preferences/mail', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const values = await readForm(c);
    const form = validateForm(mailChoicesForm, values);
    if (!form.ok) return renderMailChoices(c, user, { values, errors: form.errors, stopped: await deliveryStopped(c.var.app.db.kysely, user.email) }, 422);
    const changed = await saveMailChoices(c.var.app, user.id, form.value);
    return redirectWithFlash(c, userPath(user.login, '/preferences/mail'), changed.length > 0 ? 'Your mail choices were saved.' : 'Nothing changed: those were already your mail choices.');
  });
}
