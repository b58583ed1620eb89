import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, WebContext } from '../web/env.ts';
import { FORM_ERROR, formText, readForm, validateForm } from '../web/forms.tsx';
import { redirectWithFlash } from '../web/respond.ts';
import { clientAddress, loadOwnAccount, userPath } from './account.http.ts';
import { confirmEmail, previewConfirmation, requestEmailChange, resendConfirmation, type ConfirmOutcome } from './email.service.ts';
import { renderChangeEmail, renderConfirmPrompt, renderForgotPassword, renderNotice, renderResetPassword } from './email.views.tsx';
import { PASSWORD_MAX_LENGTH } from './password.ts';
import { checkResetToken, requestPasswordReset, resetPassword } from './password-reset.service.ts';

// Account mail's pages: confirming an address, changing it, and "forgot password" (at AO3's
// /users/password/new). Links in mail open a page with a button; only the POST acts.

const changeEmailForm = z.object({
  email: formText(254).pipe(z.string().min(1, 'Enter the new address.')),
  password: formText(1000, { trim: false }).pipe(z.string().min(1, 'Enter your current password.')),
});
const forgotForm = z.object({ login: formText(254).pipe(z.string().min(1, 'Enter your user name or e-mail address.')) });
const resetForm = z.object({
  password: formText(PASSWORD_MAX_LENGTH, { trim: false }),
  password_confirmation: formText(PASSWORD_MAX_LENGTH, { trim: false }),
});

export const RESET_ANSWER = 'If an account matches, a mail with a link to reset its password is on its way. The link works for an hour.';

export function mountEmailRoutes(app: Hono<AppEnv>): void {
  app.get('/confirm_email/:token', async (c) => renderConfirmation(c, c.req.param('token'), await previewConfirmation(c.var.app, c.req.param('token'))));
  app.post('/confirm_email/:token', async (c) => renderConfirmation(c, c.req.param('token'), await confirmEmail(c.var.app, c.req.param('token'))));

  app.post('/users/:login/confirm_email', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const result = await resendConfirmation(c.var.app, user.id);
    const message = result.ok ? `A new confirmation link is on its way to ${result.value.address}.` : (result.errors[FORM_ERROR] ?? 'Nothing was sent.');
    return redirectWithFlash(c, userPath(user.login, '/change_email'), message);
  });

  app.get('/users/:login/change_email', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    return renderChangeEmail(c, user, { values: {}, errors: {} });
  });

  app.post('/users/:login/change_email', async (c) => {
    const user = await loadOwnAccount(c);
    if (user instanceof Response) return user;
    const values = await readForm(c);
    const kept = { email: values.email ?? '' };
    const parsed = validateForm(changeEmailForm, values);
    const result = parsed.ok ? await requestEmailChange(c.var.app, user.id, parsed.value) : parsed;
    if (!result.ok) return renderChangeEmail(c, user, { values: kept, errors: result.errors }, 422);
    return redirectWithFlash(c, userPath(user.login, '/change_email'), `A confirmation link is on its way to ${result.value.address}. Your address changes when it is used.`);
  });

  app.get('/users/password/new', (c) => renderForgotPassword(c, { values: {}, errors: {} }));

  app.post('/users/password', async (c) => {
    const values = await readForm(c);
    const kept = { login: values.login ?? '' };
    const parsed = validateForm(forgotForm, values);
    if (!parsed.ok) return renderForgotPassword(c, { values: kept, errors: parsed.errors }, 422);
    const outcome = await requestPasswordReset(c.var.app, { loginOrEmail: parsed.value.login, client: clientAddress(c) });
    if (!outcome.ok) {
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return renderForgotPassword(c, { values: kept, errors: { [FORM_ERROR]: `Too many requests for a reset. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` } }, 429);
    }
    return renderNotice(c, 'Forgot password', 'Check your mail', RESET_ANSWER);
  });

  app.get('/users/password/reset/:token', async (c) => {
    const token = c.req.param('token');
    const check = await checkResetToken(c.var.app, token);
    if (check.status !== 'ready') return renderResetProblem(c, check.status);
    return renderResetPassword(c, token, { values: {}, errors: {} });
  });

  app.post('/users/password/reset/:token', async (c) => {
    const token = c.req.param('token');
    const parsed = validateForm(resetForm, await readForm(c));
    const result = parsed.ok ? await resetPassword(c.var.app, token, { password: parsed.value.password, passwordConfirmation: parsed.value.password_confirmation }) : parsed;
    if (!result.ok) {
      if ('status' in result && result.status) return renderResetProblem(c, result.status);
      return renderResetPassword(c, token, { values: {}, errors: result.errors ?? {} }, 422);
    }
    return redirectWithFlash(c, '/login', 'Your password has been changed and every session of the account has ended. Log in with the new password.');
  });
}

function renderResetProblem(c: WebContext, status: 'invalid' | 'used' | 'expired') {
  const again = ' Ask for a new one at /users/password/new.';
  if (status === 'used') return renderNotice(c, 'Reset password', 'This link has been used', `A reset link works once.${again}`, 409);
  if (status === 'expired') return renderNotice(c, 'Reset password', 'This link has expired', `A reset link works for an hour.${again}`, 409);
  return renderNotice(c, 'Reset password', 'This link does not work', `This is not a link the archive sent, or it was changed on the way.${again}`, 404);
}

function renderConfirmation(c: WebContext, token: string, outcome: ConfirmOutcome) {
  const title = 'Confirm your e-mail address';
  const again = ' Logged in, you can ask for a new link on your account’s E-mail address page.';
  switch (outcome.status) {
    case 'ready':
      return renderConfirmPrompt(c, token, outcome.address);
    case 'done':
      return renderNotice(c, title, 'Address confirmed', `${outcome.address} is now the confirmed address of your account.`);
    case 'used':
      return renderNotice(c, title, 'This link has been used', `A confirmation link works once; this one already has been, or a newer link replaced it.${again}`, 409);
    case 'expired':
      return renderNotice(c, title, 'This link has expired', `A confirmation link works for three days.${again}`, 409);
    case 'taken':
      return renderNotice(c, title, 'Address in use', 'Another account has confirmed this address since the link was sent, so it cannot be yours as well. Nothing was changed.', 409);
    case 'invalid':
      return renderNotice(c, title, 'This link does not work', `This is not a link the archive sent, or it was changed on the way.${again}`, 404);
  }
}
