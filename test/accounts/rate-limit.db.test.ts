import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fieldError, inputValue, makeUser } from './support.ts';

let server: TestServer;
let now = new Date('2026-01-10T12:00:00.000Z');
beforeAll(async () => {
  server = await startTestServer({ LOGIN_ATTEMPT_LIMIT: '3', LOGIN_WINDOW_MINUTES: '15' });
  // The limiter reads the context's clock; moving it stands in for waiting.
  server.ctx.now = () => now;
});
afterAll(() => server.close());

async function clearAttempts() {
  await server.ctx.db.kysely.deleteFrom('loginAttempts').execute();
}

describe('login rate limiting', () => {
  it('answers 429 after the limit of failures for an account, even with the right password', async () => {
    await clearAttempts();
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) {
      expect((await server.agent().post('/login', { login: user.login, password: 'wrong password' })).status).toBe(422);
    }
    const limited = await server.agent().post('/login', { login: user.login, password: user.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await limited.text();
    expect(html).toContain('Too many failed attempts with a wrong password. Please wait 15 minutes and try again (after 12:15 UTC).');
    expect(inputValue(html, 'login')).toBe(user.login);
    expect(inputValue(html, 'password')).toBe('');
    // The e-mail address names the same account.
    expect((await server.agent().post('/login', { login: user.email, password: user.password })).status).toBe(429);
  });

  it('lets the account in again once the window has passed, and a success clears its failures', async () => {
    await clearAttempts();
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) await server.agent().post('/login', { login: user.login, password: 'wrong password' });
    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(303);
    for (let i = 0; i < 2; i++) await server.agent().post('/login', { login: user.login, password: 'wrong password' });
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(303);
  });

  it('limits one address trying many accounts', async () => {
    await clearAttempts();
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) await server.agent().post('/login', { login: `someone_else_${i}`, password: 'guess guess' });
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(429);
  });

  it('prunes attempts older than the window', async () => {
    await clearAttempts();
    await server.agent().post('/login', { login: 'old_attempt', password: 'guess guess' });
    now = new Date(now.getTime() + 16 * 60_000);
    await server.agent().post('/login', { login: 'new_attempt', password: 'guess guess' });
    const rows = await server.ctx.db.kysely.selectFrom('loginAttempts').select('attemptedAt').execute();
    expect(rows.every((row) => row.attemptedAt === now.toISOString())).toBe(true);
    expect(rows).toHaveLength(2);
  });
});

describe('password guesses on the account pages', () => {
  it('count against the account: change password and delete answer 429 after the limit', async () => {
    await clearAttempts();
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const change = (current: string) =>
      agent.post(`/users/${user.login}/change_password`, { current_password: current, password: 'another password', password_confirmation: 'another password' });
    for (let i = 0; i < 3; i++) expect((await change('wrong guess')).status).toBe(422);
    const limited = await change(user.password);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(fieldError(await limited.text(), 'current_password')).toContain('Please wait 15 minutes');
    const deletion = await agent.post(`/users/${user.login}/delete`, { password: user.password });
    expect(deletion.status).toBe(429);
    expect(fieldError(await deletion.text(), 'password')).toContain('Please wait');
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(429);
  });
});
