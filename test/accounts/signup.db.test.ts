import { describe, expect, it } from 'vitest';
import { findPseud, findUserByLogin } from '../../src/accounts/user.repository.ts';
import { setCookieHeader, useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';
import { makeUser } from '../support/factories.ts';

const server = useTestServer();

const goodSignup = (login: string) => ({
  login,
  email: `${login}@example.org`,
  password: 'a long enough password',
  password_confirmation: 'a long enough password',
});

describe('GET /signup', () => {
  it('shows a labelled form with a CSRF field', async () => {
    const response = await server.agent().get('/signup');
    expect(response.status).toBe(200);
    const html = await response.text();
    const form = page(html);
    for (const name of ['login', 'email', 'password', 'password_confirmation']) {
      expect(form.labelOf(name), name).toBeTruthy();
      expect(form.attr(`[name="${name}"]`, 'id')).toBe(`field-${name}`);
    }
    expect(form.value('_csrf')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  });

  it('sends a logged-in reader to their own page', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.get('/signup');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/users/${user.login}`);
  });
});

describe('POST /signup', () => {
  it('creates the account with its default pseud, logs in and goes to the user page', async () => {
    const agent = server.agent();
    const response = await agent.post('/signup', goodSignup('NewWriter'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/users/NewWriter');
    const user = await findUserByLogin(server.ctx.db.kysely, 'newwriter');
    expect(user?.login).toBe('NewWriter');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await findPseud(server.ctx.db.kysely, user!.id, 'NewWriter')).toMatchObject({ isDefault: 1 });
    expect(agent.cookies.has('rr_session')).toBe(true);
    expect(setCookieHeader(response, 'rr_session')).toMatch(/HttpOnly/);
    // The session works: an account page opens, and the flash greets them there.
    const preferences = await agent.get('/users/NewWriter/preferences');
    expect(preferences.status).toBe(200);
    expect(await preferences.text()).toContain('Welcome to Records Room, NewWriter!');
  });

  it('answers a second submit of the same form by logging into the account the first made', async () => {
    const first = server.agent();
    expect((await first.post('/signup', goodSignup('DoubleClick'))).status).toBe(303);
    const second = server.agent();
    const again = await second.post('/signup', goodSignup('DoubleClick'));
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/users/DoubleClick');
    expect(second.cookies.has('rr_session')).toBe(true);
    const users = await server.ctx.db.kysely.selectFrom('users').select('id').where('loginKey', '=', 'doubleclick').execute();
    expect(users).toHaveLength(1);
    // Someone else choosing that name, even with the same e-mail, is told it is taken.
    const other = await server.agent().post('/signup', { ...goodSignup('DoubleClick'), password: 'another password!', password_confirmation: 'another password!' });
    expect(other.status).toBe(422);
    expect(page(await other.text()).fieldError('login')).toContain('already taken');
  });

  it('re-renders with a message beside each wrong field and keeps what was typed, but not passwords', async () => {
    const response = await server.agent().post('/signup', {
      login: 'x',
      email: 'not-an-address',
      password: 'short',
      password_confirmation: 'different',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(page(html).fieldError('login')).toContain('3 to 40');
    expect(page(html).fieldError('email')).toContain('e-mail address');
    expect(page(html).fieldError('password')).toContain('at least 8');
    expect(page(html).fieldError('password_confirmation')).toContain('do not match');
    expect(page(html).value('login')).toBe('x');
    expect(page(html).value('email')).toBe('not-an-address');
    expect(page(html).value('password')).toBe('');
    expect(html).not.toContain('short');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="field-login-hint field-login-error"');
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#field-email"');
  });

  it('refuses a taken user name or e-mail, whatever the case', async () => {
    const existing = await makeUser(server.ctx);
    const response = await server.agent().post('/signup', { ...goodSignup(existing.login.toUpperCase()), email: existing.email.toUpperCase() });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(page(html).fieldError('login')).toContain('already taken');
    expect(page(html).fieldError('email')).toContain('already exists');
  });

  it('refuses oversized fields with a message, not a 500', async () => {
    const response = await server.agent().post('/signup', {
      login: 'a'.repeat(5000),
      email: `${'b'.repeat(300)}@example.org`,
      password: 'p'.repeat(100_000),
      password_confirmation: 'p',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(page(html).fieldError('login')).toContain('too long');
    expect(page(html).fieldError('email')).toContain('too long');
    expect(page(html).fieldError('password')).toContain('too long');
  });

  it('treats missing fields as empty', async () => {
    const response = await server.agent().post('/signup', {});
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(page(html).fieldError('login')).not.toBeNull();
    expect(page(html).fieldError('password')).not.toBeNull();
  });

  it('escapes script in the typed user name', async () => {
    const response = await server.agent().post('/signup', { ...goodSignup('x'), login: '"><script>alert(1)</script>' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses a missing CSRF token', async () => {
    const response = await server.agent().post('/signup', goodSignup('NoToken'), { csrf: false });
    expect(response.status).toBe(403);
    expect(await findUserByLogin(server.ctx.db.kysely, 'NoToken')).toBeUndefined();
  });
});
