import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../web/env.ts';
import { formCheckbox, formText, readForm, validateForm } from '../web/forms.tsx';
import { endBrowserSession, loadOwnAccount, startBrowserSession, userPath } from './account.http.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { changePassword, deleteAccount, savePreferences, WORKS_CHOICES } from './account.service.ts';
import { renderChangePassword, renderDeleteAccount, renderPreferences } from './account.views.tsx';
import { mountAuthRoutes } from './auth.routes.tsx';
import { mountEmailRoutes } from './email.routes.tsx';
import { retryAfterSeconds } from './login.limiter.ts';
import { PASSWORD_MAX_LENGTH } from './password.ts';
import { mountPseudRoutes } from './pseud.routes.tsx';
import { countWorksOfUser } from './user.repository.ts';

// The owner's account pages under /users/:login. Each route: validate the form, load the
// account for its owner (account.http.ts asks account.policy.ts), call a service, render.

const changePasswordForm = z.object({
  // A current password longer than any we accept is simply wrong; the service says so.
  current_password: formText(1000, { trim: false }),
  password: formText(PASSWORD_MAX_LENGTH, { trim: false }),
  password_confirmation: formText(PASSWORD_MAX_LENGTH, { trim: false }),
});

const preferencesForm = z.object({
  show_adult_content: formCheckbox(),
  history_enabled: formCheckbox(),
});

const deleteAccountForm = z.object({
  password: formText(1000, { trim: false }),
  works: z.enum(WORKS_CHOICES, { error: 'Choose whether to orphan or delete your works.' }).optional(),
});

export function mountAccountRoutes(app: Hono<AppEnv>): void {
  mountAuthRoutes(app);
  mountEmailRoutes(app);
  mountPseudRoutes(app);

  app.get('/users/:login/change_password', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    return renderChangePassword(c, user, { values: {}, errors: {} });
  });

  app.post('/users/:login/change_password', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const parsed = validateForm(changePasswordForm, await readForm(c));
    if (!parsed.ok) return renderChangePassword(c, user, { values: {}, errors: parsed.errors }, 422);
    const result = await changePassword(c.var.app, {
      userId: user.id,
      currentPassword: parsed.value.current_password,
      newPassword: parsed.value.password,
      confirmation: parsed.value.password_confirmation,
    });
    if (!result.ok) {
      if ('retryAt' in result) c.header('Retry-After', retryAfterSeconds(result.retryAt, c.var.app.now()));
      return renderChangePassword(c, user, { values: {}, errors: result.errors }, 'retryAt' in result ? 429 : 422);
    }
    startBrowserSession(c, result.value.session);
    return redirectWithFlash(c, userPath(user.login), 'Your password has been changed. Any other sessions have been logged out.');
  });

  app.get('/users/:login/preferences', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    return renderPreferences(c, user, { values: {}, errors: {}, showAdultContent: user.showAdultContent === 1, historyEnabled: user.historyEnabled === 1 });
  });

  app.post('/users/:login/preferences', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const values = await readForm(c);
    const parsed = validateForm(preferencesForm, values);
    if (!parsed.ok) return renderPreferences(c, user, { values, errors: parsed.errors, showAdultContent: Boolean(values.show_adult_content), historyEnabled: Boolean(values.history_enabled) }, 422);
    await savePreferences(c.var.app, user.id, { showAdultContent: parsed.value.show_adult_content, historyEnabled: parsed.value.history_enabled });
    return redirectWithFlash(c, userPath(user.login, '/preferences'), 'Your preferences were saved.');
  });

  app.get('/users/:login/delete', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const workCount = await countWorksOfUser(c.var.app.db.kysely, user.id);
    return renderDeleteAccount(c, user, { values: {}, errors: {}, workCount });
  });

  app.post('/users/:login/delete', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const values = await readForm(c);
    const kept = { works: values.works ?? '' };
    const parsed = validateForm(deleteAccountForm, values);
    const result = parsed.ok
      ? await deleteAccount(c.var.app, { userId: user.id, password: parsed.value.password, works: parsed.value.works })
      : parsed;
    if (!result.ok) {
      if ('retryAt' in result) c.header('Retry-After', retryAfterSeconds(result.retryAt, c.var.app.now()));
      const workCount = await countWorksOfUser(c.var.app.db.kysely, user.id);
      return renderDeleteAccount(c, user, { values: kept, errors: result.errors, workCount }, 'retryAt' in result ? 429 : 422);
    }
    endBrowserSession(c);
    return redirectWithFlash(c, '/', `The account ${user.login} has been deleted.`);
  });
}
