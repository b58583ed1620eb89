import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
afterEach(() => vi.restoreAllMocks());

/** A form body as a broken client or an attacker might send it, with the visitor's cookies. */
async function send(path: string, contentType: string, body: string, cookies: Map<string, string>, headers: Record<string, string> = {}) {
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return fetch(new URL(path, server.url), { method: 'POST', redirect: 'manual', body, headers: { cookie, 'content-type': contentType, ...headers } });
}

const MALFORMED: [string, string][] = [
  ['multipart/form-data; boundary=----x', 'this is not multipart at all'],
  ['multipart/form-data; boundary=----x', '------x\r\nContent-Disposition: form-data; name="login"\r\n\r\nhalf a part'],
  ['multipart/form-data', '------x\r\nContent-Disposition: form-data; name="login"\r\n\r\nx\r\n------x--\r\n'],
  ['multipart/form-data; boundary=', ''],
];

describe('a body that is not the form it claims to be', () => {
  it('answers 400 with a page on anonymous POST /login, and logs no stack trace', async () => {
    const errors = vi.spyOn(console, 'error');
    const agent = server.agent();
    await agent.get('/login');
    for (const [type, body] of MALFORMED) {
      const response = await send('/login', type, body, agent.cookies);
      expect(response.status, `${type}: ${body}`).toBe(400);
      const html = await response.text();
      expect(html).toContain('could not be read');
      expect(html).not.toMatch(/at .*\.ts:\d+|TypeError/);
    }
    expect(errors).not.toHaveBeenCalled();
  });

  it('answers 400 on a logged-in form too', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await agent.get('/login');
    const response = await send(`/users/${user.login}/pseuds/new`, MALFORMED[0]![0], MALFORMED[0]![1], agent.cookies);
    expect(response.status).toBe(400);
  });

  it('answers 400 whatever the case of the media type, with the token in a header', async () => {
    const agent = server.agent();
    await agent.get('/login');
    const response = await send('/login', 'Multipart/Form-Data; boundary=----x', 'not multipart', agent.cookies, { 'x-csrf-token': agent.cookies.get('rr_csrf')! });
    expect(response.status).toBe(400);
  });

  it('reads odd but well-formed url-encoded bodies as forms, and a JSON body as no form', async () => {
    const errors = vi.spyOn(console, 'error');
    const agent = server.agent();
    await agent.get('/login');
    const token = agent.cookies.get('rr_csrf')!;
    const odd = await send('/login', 'application/x-www-form-urlencoded', `_csrf=${token}&login=%ZZ%&password=%E0%A4&&=&x`, agent.cookies);
    expect(odd.status).toBe(422);
    const json = await send('/login', 'application/json', '{"login": "x", broken', agent.cookies, { 'x-csrf-token': token });
    expect(json.status).toBe(422);
    expect(await json.text()).toContain('Enter your user name or e-mail address.');
    expect(errors).not.toHaveBeenCalled();
  });
});
