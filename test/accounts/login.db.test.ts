import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/session.service.ts';
import { createApp } from '../../src/app.ts';
import { setCookieHeader, useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';
import { makeUser } from '../support/factories.ts';

const server = useTestServer();

async function sessionCount(userId: number): Promise<number> {
  const rows = await server.ctx.db.kysely.selectFrom('sessions').select('tokenHash').where('userId', '=', userId).execute();
  return rows.length;
}

describe('GET /login', () => {
  it('shows a labelled form and carries a same-site return_to', async () => {
    const response = await server.agent().get('/login?return_to=%2Fworks%2F1');
    expect(response.status).toBe(200);
    const html = await response.text();
    const form = page(html);
    expect(form.labelOf('login')).toBe('User name or e-mail');
    expect(form.labelOf('password')).toBe('Password');
    expect(form.value('return_to')).toBe('/works/1');
  });

  it('drops a return_to that leaves the site', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const html = await (await server.agent().get(`/login?return_to=${encodeURIComponent(target)}`)).text();
      expect(page(html).value('return_to')).toBeNull();
    }
  });
});

describe('POST /login', () => {
  it('logs in by user name or e-mail, with an HttpOnly SameSite=Lax cookie', async () => {
    const user = await makeUser(server.ctx);
    for (const name of [user.login, user.email.toUpperCase()]) {
      const agent = server.agent();
      const response = await agent.post('/login', { login: name, password: user.password });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/users/${user.login}`);
      const cookie = setCookieHeader(response, 'rr_session')!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(/Expires=/);
      expect(cookie).not.toMatch(/Secure/);
      expect((await agent.get(`/users/${user.login}/preferences`)).status).toBe(200);
    }
  });

  it('goes back to a same-site return_to, never to another site', async () => {
    const user = await makeUser(server.ctx);
    const back = await server.agent().post('/login', { login: user.login, password: user.password, return_to: '/works/1?view_full_work=true' });
    expect(back.headers.get('location')).toBe('/works/1?view_full_work=true');
    const away = await server.agent().post('/login', { login: user.login, password: user.password, return_to: '//evil.example/' });
    expect(away.headers.get('location')).toBe(`/users/${user.login}`);
  });

  it('renews the session: the token the browser had before no longer works', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const before = agent.cookies.get('rr_session')!;
    const response = await agent.post('/login', { login: user.login, password: user.password });
    expect(response.status).toBe(303);
    const after = agent.cookies.get('rr_session')!;
    expect(after).not.toBe(before);
    const old = await server.ctx.db.kysely.selectFrom('sessions').select('userId').where('tokenHash', '=', hashToken(before)).executeTakeFirst();
    expect(old).toBeUndefined();
    const replay = server.agent();
    replay.cookies.set('rr_session', before);
    expect((await replay.get(`/users/${user.login}/preferences`)).status).toBe(303);
  });

  it("clears the account's expired sessions", async () => {
    const user = await makeUser(server.ctx);
    await server.ctx.db.kysely
      .insertInto('sessions')
      .values({ tokenHash: 'expired-session', userId: user.id, createdAt: '2020-01-01T00:00:00.000Z', expiresAt: '2020-01-31T00:00:00.000Z' })
      .execute();
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(303);
    const rows = await server.ctx.db.kysely.selectFrom('sessions').select('tokenHash').where('userId', '=', user.id).execute();
    expect(rows.map((r) => r.tokenHash)).not.toContain('expired-session');
    expect(rows).toHaveLength(1);
  });

  it('gives one message for a wrong password or an unknown name, keeps the name and not the password', async () => {
    const user = await makeUser(server.ctx);
    const wrongPassword = await server.agent().post('/login', { login: user.login, password: 'not the password' });
    const unknown = await server.agent().post('/login', { login: 'nobody_here', password: 'not the password' });
    expect(wrongPassword.status).toBe(422);
    expect(unknown.status).toBe(422);
    const [a, b] = [await wrongPassword.text(), await unknown.text()];
    expect(a).toContain('The user name or password is incorrect.');
    expect(b).toContain('The user name or password is incorrect.');
    expect(page(a).value('login')).toBe(user.login);
    expect(a).not.toContain('not the password');
    expect(wrongPassword.headers.getSetCookie().some((c) => c.startsWith('rr_session='))).toBe(false);
  });

  it('asks for empty fields and refuses oversized ones without a 500', async () => {
    const empty = await server.agent().post('/login', { login: '', password: '' });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(page(html).fieldError('login')).toContain('Enter your user name');
    expect(page(html).fieldError('password')).toContain('Enter your password');
    const huge = await server.agent().post('/login', { login: 'x'.repeat(100_000), password: 'y' });
    expect(huge.status).toBe(422);
    expect(page(await huge.text()).fieldError('login')).toContain('too long');
  });

  it('refuses the system account orphan_account', async () => {
    const response = await server.agent().post('/login', { login: 'orphan_account', password: '!' });
    expect(response.status).toBe(422);
  });

  it('escapes script in the typed name', async () => {
    const response = await server.agent().post('/login', { login: '"><script>alert(1)</script>', password: 'whatever1' });
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('refuses a missing CSRF token', async () => {
    const user = await makeUser(server.ctx);
    const response = await server.agent().post('/login', { login: user.login, password: user.password }, { csrf: false });
    expect(response.status).toBe(403);
    expect(await sessionCount(user.id)).toBe(0);
  });
});

describe('GET /logout', () => {
  it('asks with a button, since logging out changes state', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.get('/logout');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(page(html).exists('form[method="post"][action="/logout"] input[type="hidden"][name="_csrf"]')).toBe(true);
    expect(await sessionCount(user.id)).toBe(1);
    const anonymous = await server.agent().get('/logout');
    expect(anonymous.status).toBe(303);
  });
});

describe('POST /logout', () => {
  it('ends the session on the server and clears the cookie', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const token = agent.cookies.get('rr_session')!;
    const response = await agent.post('/logout');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(setCookieHeader(response, 'rr_session')).toMatch(/Max-Age=0/i);
    expect(await sessionCount(user.id)).toBe(0);
    const replay = server.agent();
    replay.cookies.set('rr_session', token);
    expect((await replay.get(`/users/${user.login}/preferences`)).status).toBe(303);
    const next = await agent.get('/login');
    expect(await next.text()).toContain('You have logged out.');
  });

  it('refuses a missing CSRF token and keeps the session', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    expect((await agent.post('/logout', {}, { csrf: false })).status).toBe(403);
    expect(await sessionCount(user.id)).toBe(1);
  });
});

describe('over TLS', () => {
  it('marks the session cookie Secure', async () => {
    // The same application with an https base URL, called without a socket: a second
    // server would need a second test database for nothing.
    const ctx = { ...server.ctx, config: { ...server.ctx.config, baseUrl: 'https://archive.example.org' } };
    const app = createApp(ctx);
    const user = await makeUser(server.ctx);
    const token = 'a'.repeat(32);
    const response = await app.request('https://archive.example.org/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rr_csrf=${token}` },
      body: new URLSearchParams({ login: user.login, password: user.password, _csrf: token }),
    });
    expect(response.status).toBe(303);
    expect(setCookieHeader(response, 'rr_session')).toMatch(/; Secure/);
    expect(setCookieHeader(response, 'rr_session')).toMatch(/; HttpOnly/);
  });
});

describe('behind a reverse proxy', () => {
  async function logIn(trustProxy: boolean, headers: Record<string, string>) {
    const ctx = { ...server.ctx, config: { ...server.ctx.config, trustProxy } };
    const user = await makeUser(server.ctx);
    const token = 'b'.repeat(32);
    return createApp(ctx).request('http://archive.example.org/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rr_csrf=${token}`, ...headers },
      body: new URLSearchParams({ login: user.login, password: user.password, _csrf: token }),
    });
  }

  it('trusts X-Forwarded-Proto only when TRUST_PROXY is set', async () => {
    expect(setCookieHeader(await logIn(true, { 'x-forwarded-proto': 'https' }), 'rr_session')).toMatch(/; Secure/);
    expect(setCookieHeader(await logIn(false, { 'x-forwarded-proto': 'https' }), 'rr_session')).not.toMatch(/; Secure/);
  });
});
