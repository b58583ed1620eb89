import { describe, expect, it } from 'vitest';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();

// Each of these, taken as a Location, leads a browser to another host: the path normalises
// to "//evil.example…", or the parser reads a backslash, tab or line break as it pleases.
const LEAVING = [
  '//evil.example/',
  '///evil.example/',
  'https://evil.example/',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/.%2e//evil.example',
  '/a/..//evil.example',
  '/a/b/../..//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '/./\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/%5C/evil.example',
];

/** Where a browser would go after this answer. */
function destination(response: Response): URL {
  const location = response.headers.get('location');
  expect(location).toBeTruthy();
  return new URL(location!, server.url);
}

describe('return_to after logging in', () => {
  it('never leads a logged-in visitor of GET /login off the site', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    for (const value of LEAVING) {
      const response = await agent.get(`/login?return_to=${encodeURIComponent(value)}`);
      expect(response.status, JSON.stringify(value)).toBe(303);
      expect(destination(response).origin, JSON.stringify(value)).toBe(new URL(server.url).origin);
      expect(response.headers.get('location'), JSON.stringify(value)).toMatch(/^\/(?![/\\])/);
    }
  });

  it('never leads POST /login off the site', async () => {
    const user = await makeUser(server.ctx);
    for (const value of LEAVING) {
      const response = await server.agent().post('/login', { login: user.login, password: user.password, return_to: value });
      expect(response.status, JSON.stringify(value)).toBe(303);
      expect(destination(response).origin, JSON.stringify(value)).toBe(new URL(server.url).origin);
      expect(response.headers.get('location'), JSON.stringify(value)).toMatch(/^\/(?![/\\])/);
    }
  });

  it('still goes back to a page of this site', async () => {
    const user = await makeUser(server.ctx);
    const response = await server.agent().post('/login', { login: user.login, password: user.password, return_to: '/works?sort=kudos&page=2' });
    expect(response.headers.get('location')).toBe('/works?sort=kudos&page=2');
  });
});

describe('the way to log in from a long address', () => {
  it('carries a short return_to, not the whole address', async () => {
    const user = await makeUser(server.ctx);
    // Under the archive's URL limit, but it triples when encoded for return_to.
    const query = '%E2%80%A6'.repeat(700);
    const response = await server.agent().get(`/users/${user.login}/change_password?q=${query}`);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location.length).toBeLessThan(2100);
    expect(location).toBe(`/login?return_to=${encodeURIComponent(`/users/${user.login}/change_password`)}`);
  });

  it('keeps the query of an ordinary address', async () => {
    const user = await makeUser(server.ctx);
    const response = await server.agent().get(`/users/${user.login}/change_password?a=1`);
    expect(response.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(`/users/${user.login}/change_password?a=1`)}`);
  });
});
