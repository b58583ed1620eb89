import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';
import { makeUser } from '../support/factories.ts';

// Limit 3: three wrong passwords for an account, thirty from an address, before waits begin.
// TRUST_PROXY lets a test say which address a request comes from (X-Forwarded-For).
const server = useTestServer({ LOGIN_ATTEMPT_LIMIT: '3', LOGIN_WINDOW_MINUTES: '15', TRUST_PROXY: 'true' });
let now = new Date('2026-01-10T12:00:00.000Z');
beforeAll(async () => {
  // The limiter reads the context's clock; moving it stands in for waiting.
  server.ctx.now = () => now;
});

beforeEach(async () => {
  await server.ctx.db.kysely.deleteFrom('loginThrottles').execute();
  await server.ctx.db.kysely.deleteFrom('knownLogins').execute();
});

function wait(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000);
}

function logIn(login: string, password: string, from = '198.51.100.1') {
  return server.agent().post('/login', { login, password }, { headers: { 'x-forwarded-for': from } });
}

async function statusOf(response: Promise<Response>): Promise<number> {
  const answered = await response;
  await answered.arrayBuffer();
  return answered.status;
}

describe('wrong passwords for an account', () => {
  it('make each further try wait longer, from 5 seconds, even with the right password', async () => {
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) expect(await statusOf(logIn(user.login, 'wrong password'))).toBe(422);
    const limited = await logIn(user.login, user.password);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    const html = await limited.text();
    expect(html).toContain('Too many attempts with a wrong password; try again in 5 seconds.');
    expect(page(html).value('login')).toBe(user.login);
    expect(page(html).value('password')).toBe('');
    // The e-mail address names the same account.
    expect(await statusOf(logIn(user.email, user.password))).toBe(429);

    wait(5);
    expect(await statusOf(logIn(user.login, 'wrong again'))).toBe(422);
    const longer = await logIn(user.login, user.password);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('10');
    await longer.arrayBuffer();
    wait(10);
    expect(await statusOf(logIn(user.login, 'and again'))).toBe(422);
    wait(19);
    expect((await logIn(user.login, user.password)).headers.get('retry-after')).toBe('1');
    wait(1);
    expect(await statusOf(logIn(user.login, user.password))).toBe(303);
  });

  it('do not wait longer for asking again early', async () => {
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) await statusOf(logIn(user.login, 'wrong password'));
    for (let i = 0; i < 5; i++) {
      const early = await logIn(user.login, 'wrong password');
      expect(early.headers.get('retry-after')).toBe('5');
      await early.arrayBuffer();
    }
    wait(5);
    expect(await statusOf(logIn(user.login, user.password))).toBe(303);
  });

  it('never wait longer than LOGIN_WINDOW_MINUTES, and a right password starts afresh', async () => {
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 20; i++) {
      await statusOf(logIn(user.login, 'wrong password'));
      wait(15 * 60);
    }
    wait(-1);
    const limited = await logIn(user.login, user.password);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('try again in 1 second.');
    wait(-14 * 60);
    const html = await (await logIn(user.login, user.password)).text();
    expect(html).toMatch(/try again in 15 minutes \(after \d\d:\d\d UTC\)\./);
    wait(14 * 60 + 1);
    expect(await statusOf(logIn(user.login, user.password))).toBe(303);
    for (let i = 0; i < 3; i++) expect(await statusOf(logIn(user.login, 'wrong password'))).toBe(422);
  });

  it('are forgotten a day after the last one', async () => {
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 3; i++) await statusOf(logIn(user.login, 'wrong password'));
    await statusOf(logIn('someone_else', 'a guess', '198.51.100.9'));
    wait(24 * 60 * 60);
    expect(await statusOf(logIn(user.login, user.password))).toBe(303);
    // Counters untouched for a day are deleted as others are counted.
    const rows = await server.ctx.db.kysely.selectFrom('loginThrottles').selectAll().execute();
    expect(rows.every((row) => row.lastAttemptAt === now.toISOString())).toBe(true);
  });
});

describe('wrong passwords from one address', () => {
  it('for other accounts do not stop a right password (a shared address)', async () => {
    const user = await makeUser(server.ctx);
    for (let i = 0; i < 10; i++) expect(await statusOf(logIn(`someone_else_${i}`, 'guess guess'))).toBe(422);
    expect(await statusOf(logIn(user.login, user.password))).toBe(303);
  });

  it('slow the address after ten times the limit, but not accounts that logged in from it before', async () => {
    const regular = await makeUser(server.ctx);
    const newcomer = await makeUser(server.ctx);
    expect(await statusOf(logIn(regular.login, regular.password))).toBe(303);
    for (let i = 0; i < 30; i++) expect(await statusOf(logIn(`sprayed_${i}`, 'Summer2026!'))).toBe(422);
    const limited = await logIn(newcomer.login, newcomer.password);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('try again in 5 seconds.');
    expect(await statusOf(logIn(regular.login, regular.password))).toBe(303);
    // The same newcomer from another address is not slowed.
    expect(await statusOf(logIn(newcomer.login, newcomer.password, '203.0.113.5'))).toBe(303);
  });

  it('counted in parallel stop at the per-address budget', async () => {
    const agent = server.agent();
    await agent.get('/login');
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        statusOf(agent.post('/login', { login: `parallel_${i}`, password: 'guess guess' }, { headers: { 'x-forwarded-for': '198.51.100.77' } })),
      ),
    );
    expect(statuses.filter((status) => status === 422)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  }, 60_000);
});

describe('an account under attack from elsewhere', () => {
  it('still lets its owner in from an address she has logged in from', async () => {
    const user = await makeUser(server.ctx);
    const home = '198.51.100.20';
    expect(await statusOf(logIn(user.login, user.password, home))).toBe(303);
    for (let i = 0; i < 6; i++) await statusOf(logIn(user.login, `guess ${i}`, `203.0.113.${i + 1}`));
    expect(await statusOf(logIn(user.login, user.password, '203.0.113.99'))).toBe(429);
    expect(await statusOf(logIn(user.login, user.password, home))).toBe(303);
  });

  it('slows guesses from the known address on their own count', async () => {
    const user = await makeUser(server.ctx);
    const home = '198.51.100.21';
    expect(await statusOf(logIn(user.login, user.password, home))).toBe(303);
    for (let i = 0; i < 3; i++) expect(await statusOf(logIn(user.login, 'wrong password', home))).toBe(422);
    expect(await statusOf(logIn(user.login, user.password, home))).toBe(429);
    // Those did not count against the account elsewhere.
    expect(await statusOf(logIn(user.login, user.password, '203.0.113.50'))).toBe(303);
  });
});

describe('password guesses on the account pages', () => {
  it('count against the account: change password and delete answer 429 after the limit', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const change = (current: string) =>
      agent.post(`/users/${user.login}/change_password`, { current_password: current, password: 'another password', password_confirmation: 'another password' });
    for (let i = 0; i < 3; i++) expect((await change('wrong guess')).status).toBe(422);
    const limited = await change(user.password);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    expect(page(await limited.text()).fieldError('current_password')).toContain('try again in 5 seconds');
    const deletion = await agent.post(`/users/${user.login}/delete`, { password: user.password });
    expect(deletion.status).toBe(429);
    expect(page(await deletion.text()).fieldError('password')).toContain('try again in 5 seconds');
    expect(await statusOf(logIn(user.login, user.password))).toBe(429);
  });
});
