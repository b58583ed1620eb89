import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../web/env.ts';
import { FORM_ERROR, formText, readForm, validateForm } from '../web/forms.tsx';
import { clientAddress, endBrowserSession, safeReturnPath, sessionToken, startBrowserSession, userPath } from './account.http.ts';
import { redirectWithFlash } from '../web/respond.ts';
import { logIn, logOut, signUp } from './auth.service.ts';
import { describeWait, retryAfterSeconds } from './login.limiter.ts';
import { renderLogin, renderLogout, renderSignup } from './auth.views.tsx';
import { PASSWORD_MAX_LENGTH } from './password.ts';

// Sign up, log in, log out: AO3's addresses are /users/new and /users/login; ours are the
// shorter /signup and /login that the issue names.

const signupForm = z.object({
  login: formText(40),
  email: formText(254),
  password: formText(PASSWORD_MAX_LENGTH, { trim: false }),
  password_confirmation: formText(PASSWORD_MAX_LENGTH, { trim: false }),
});

const loginForm = z.object({
  login: formText(254).pipe(z.string().min(1, 'Enter your user name or e-mail address.')),
  // Longer than any password we accept, so a longer one is simply wrong, not an error.
  password: formText(1000, { trim: false }).pipe(z.string().min(1, 'Enter your password.')),
});

const WRONG_CREDENTIALS = 'The user name or password is incorrect.';

export function mountAuthRoutes(app: Hono<AppEnv>): void {
  app.get('/signup', (c) => {
    if (c.var.viewer) return c.redirect(userPath(c.var.viewer.login), 303);
    return renderSignup(c, { values: {}, errors: {} });
  });

  app.post('/signup', async (c) => {
    const values = await readForm(c);
    const kept = { login: values.login ?? '', email: values.email ?? '' };
    const parsed = validateForm(signupForm, values);
    if (!parsed.ok) return renderSignup(c, { values: kept, errors: parsed.errors }, 422);
    const result = await signUp(c.var.app, {
      login: parsed.value.login,
      email: parsed.value.email,
      password: parsed.value.password,
      passwordConfirmation: parsed.value.password_confirmation,
      previousToken: sessionToken(c),
    });
    if (!result.ok) return renderSignup(c, { values: kept, errors: result.errors }, 422);
    startBrowserSession(c, result.value.session);
    return redirectWithFlash(c, userPath(result.value.login), `Welcome to Records Room, ${result.value.login}! Your account is ready. We have mailed you a link to confirm your address; you can use the archive meanwhile.`);
  });

  app.get('/login', (c) => {
    const returnTo = safeReturnPath(c.req.query('return_to'));
    if (c.var.viewer) return c.redirect(returnTo ?? userPath(c.var.viewer.login), 303);
    return renderLogin(c, { values: {}, errors: {}, returnTo });
  });

  app.post('/login', async (c) => {
    const values = await readForm(c);
    const returnTo = safeReturnPath(values.return_to);
    const kept = { login: values.login ?? '' };
    const parsed = validateForm(loginForm, values);
    if (!parsed.ok) return renderLogin(c, { values: kept, errors: parsed.errors, returnTo }, 422);
    const ctx = c.var.app;
    const outcome = await logIn(ctx, {
      loginOrEmail: parsed.value.login,
      password: parsed.value.password,
      address: clientAddress(c),
      previousToken: sessionToken(c),
    });
    if (!outcome.ok) {
      if (outcome.reason === 'rate-limited') {
        c.header('Retry-After', retryAfterSeconds(outcome.retryAt, ctx.now()));
        return renderLogin(c, { values: kept, errors: { [FORM_ERROR]: describeWait(outcome.retryAt, ctx.now()) }, returnTo }, 429);
      }
      return renderLogin(c, { values: kept, errors: { [FORM_ERROR]: WRONG_CREDENTIALS }, returnTo }, 422);
    }
    startBrowserSession(c, outcome.session);
    return redirectWithFlash(c, returnTo ?? userPath(outcome.user.login), `Logged in as ${outcome.user.login}.`);
  });

  app.get('/logout', (c) => {
    if (!c.var.viewer) return c.redirect('/', 303);
    return renderLogout(c);
  });

  app.post('/logout', async (c) => {
    await logOut(c.var.app, sessionToken(c));
    endBrowserSession(c);
    return redirectWithFlash(c, '/', 'You have logged out. See you soon!');
  });
}
