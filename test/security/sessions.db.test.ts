import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/session.service.ts';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();

describe('a password change', () => {
  it('gives this browser a new session token and ends every session that was', async () => {
    const user = await makeUser(server.ctx);
    const here = await server.agent().signInAs(user.id);
    const elsewhere = await server.agent().signInAs(user.id);
    const oldToken = here.cookies.get('rr_session')!;
    const oldCsrf = (await here.get('/login'), here.cookies.get('rr_csrf'));
    const response = await here.post(`/users/${user.login}/change_password`, {
      current_password: user.password,
      password: 'brand new password',
      password_confirmation: 'brand new password',
    });
    expect(response.status).toBe(303);
    const newToken = here.cookies.get('rr_session')!;
    expect(newToken).toBeTruthy();
    expect(newToken).not.toBe(oldToken);
    expect(here.cookies.get('rr_csrf')).not.toBe(oldCsrf);
    const sessions = await server.ctx.db.kysely.selectFrom('sessions').select('tokenHash').where('userId', '=', user.id).execute();
    expect(sessions.map((s) => s.tokenHash)).toEqual([hashToken(newToken)]);
    // The old token, say one that leaked, is worth nothing now.
    const stolen = server.agent();
    stolen.cookies.set('rr_session', oldToken);
    expect((await stolen.get(`/users/${user.login}/preferences`)).status).toBe(303);
    expect((await elsewhere.get(`/users/${user.login}/preferences`)).status).toBe(303);
    expect((await here.get(`/users/${user.login}/preferences`)).status).toBe(200);
  });

  it('refused keeps the session as it was', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const token = agent.cookies.get('rr_session');
    const response = await agent.post(`/users/${user.login}/change_password`, { current_password: 'wrong', password: 'brand new password', password_confirmation: 'brand new password' });
    expect(response.status).toBe(422);
    expect(agent.cookies.get('rr_session')).toBe(token);
  });
});

describe('logging out', () => {
  it('renews the CSRF token, so one seen in the session cannot be used after it', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await agent.get('/login');
    const before = agent.cookies.get('rr_csrf')!;
    const response = await agent.post('/logout');
    expect(response.status).toBe(303);
    const after = agent.cookies.get('rr_csrf');
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });
});

describe('Strict-Transport-Security', () => {
  describe('over HTTPS', () => {
    const secure = useTestServer({ BASE_URL: 'https://archive.example' });
    it('is sent when the archive is served over HTTPS', async () => {
      const response = await secure.agent().get('/');
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });
  });

  describe('behind a trusted proxy', () => {
    const proxied = useTestServer({ TRUST_PROXY: 'true' });
    it('is sent behind a trusted proxy that says the request came over HTTPS', async () => {
      expect((await proxied.agent().get('/', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect((await proxied.agent().get('/', { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
    });
  });

  it('is not sent over plain HTTP, nor on the word of an untrusted header', async () => {
    expect((await server.agent().get('/')).headers.get('strict-transport-security')).toBeNull();
    expect((await server.agent().get('/', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull();
  });
});
