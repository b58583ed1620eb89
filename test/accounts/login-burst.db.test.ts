import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.ts';
import { makeUser } from '../support/factories.ts';

// Guesses sent all at once: each must be counted before its password is checked, or they
// all pass the limit together (a burst of 40 had 30 to 36 passwords checked against a limit of 10).
const server = useTestServer({ LOGIN_ATTEMPT_LIMIT: '10', TRUST_PROXY: 'true' });

async function burst(from: string, logins: string[]): Promise<{ checked: number; refused: number; other: number[] }> {
  const agent = server.agent();
  await agent.get('/login');
  const statuses = await Promise.all(
    logins.map(async (login) => {
      const response = await agent.post('/login', { login, password: 'a wrong guess' }, { headers: { 'x-forwarded-for': from } });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  // 422 is "wrong user name or password": the password was checked. 429 is "try again later".
  return {
    checked: statuses.filter((status) => status === 422).length,
    refused: statuses.filter((status) => status === 429).length,
    other: statuses.filter((status) => status !== 422 && status !== 429),
  };
}

describe('parallel wrong passwords', () => {
  it('check at most the limit for one account', async () => {
    const user = await makeUser(server.ctx);
    const result = await burst('192.0.2.1', Array.from({ length: 40 }, () => user.login));
    expect(result).toEqual({ checked: 10, refused: 30, other: [] });
  }, 60_000);
});

describe('parallel right passwords', () => {
  // Each attempt stamps the address's counter with its own clock reading; one that waited for
  // another's lock found a later stamp than its own "now", and was told to wait though the
  // address had no failures at all (66 generated authors logging in, six at a time, got 429).
  it('log in every account behind one address, however they interleave', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => makeUser(server.ctx)));
    const statuses = await Promise.all(
      users.map(async (user) => {
        const agent = server.agent();
        await agent.get('/login');
        const response = await agent.post('/login', { login: user.login, password: user.password }, { headers: { 'x-forwarded-for': '192.0.2.7' } });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses).toEqual(users.map(() => 303));
  }, 60_000);
});
