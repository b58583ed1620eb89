import { describe, expect, it } from 'vitest';
import { findUserByLogin } from '../../src/accounts/user.repository.ts';
import { page } from '../support/dom.ts';
import { drainJobs, makeUser } from '../support/factories.ts';
import { useMailServer } from '../support/mail.ts';

// Account mail through the real server and a real SMTP peer: the links are read from the mail.

const { server, mail } = useMailServer();

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path}[A-Za-z0-9_-]+)`).exec(text ?? '');
  if (!match) throw new Error(`no ${path} link in ${text}`);
  return match[1]!;
}

async function expireTokens(): Promise<void> {
  await server.ctx.db.kysely.updateTable('accountTokens').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).execute();
}

async function signUp(login: string) {
  const agent = server.agent();
  const response = await agent.post('/signup', { login, email: `${login}@example.test`, password: 'a long enough password', password_confirmation: 'a long enough password' });
  expect(response.status).toBe(303);
  await drainJobs(server.ctx);
  const got = await mail.messageTo(`${login}@example.test`);
  return { agent, link: linkIn(got.text, '/confirm_email/'), got };
}

describe('confirming the address', () => {
  it('mails a link at sign-up; the GET shows a button, the POST confirms, a second use is refused', async () => {
    const { agent, link, got } = await signUp('Confirmer');
    expect(got.subject).toMatch(/Confirm your e-mail address/);
    expect(got.headers.get('list-unsubscribe')).toBeUndefined();
    const user = () => findUserByLogin(server.ctx.db.kysely, 'confirmer');
    expect((await user())?.emailConfirmedAt).toBeNull();
    const shown = await agent.get(link);
    expect(shown.status).toBe(200);
    const form = page(await shown.text());
    expect(form.text('main form button')).toContain('Confirm my address');
    expect((await user())?.emailConfirmedAt).toBeNull();
    const confirmed = await agent.post(link, { _csrf: form.value('_csrf') ?? '' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Address confirmed');
    expect((await user())?.emailConfirmedAt).toBeTruthy();
    const again = await agent.post(link, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This link has been used');
  });

  it('refuses an expired or forged link with a clear page, and a resend sends a fresh link', async () => {
    const { agent, link } = await signUp('Expirer');
    await expireTokens();
    const expired = await agent.post(link, {});
    expect(expired.status).toBe(409);
    expect(await expired.text()).toContain('This link has expired');
    const forged = await agent.get('/confirm_email/' + 'x'.repeat(43));
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('This link does not work');
    expect((await findUserByLogin(server.ctx.db.kysely, 'expirer'))?.emailConfirmedAt).toBeNull();

    const resent = await agent.post('/users/Expirer/confirm_email', {});
    expect(resent.status).toBe(303);
    await drainJobs(server.ctx);
    const fresh = linkIn(mail.messagesTo('expirer@example.test')[1]?.text, '/confirm_email/');
    expect(fresh).not.toBe(link);
    expect((await agent.post(fresh, {})).status).toBe(200);
    expect((await findUserByLogin(server.ctx.db.kysely, 'expirer'))?.emailConfirmedAt).toBeTruthy();
  });
});

describe('forgot password', () => {
  it('answers a known and an unknown name alike, and only the known one gets mail', async () => {
    const user = await makeUser(server.ctx, { login: 'Forgetful', email: 'forgetful@example.test' });
    const known = await server.agent().post('/users/password', { login: 'Forgetful' });
    const unknown = await server.agent().post('/users/password', { login: 'nobody-at-all@example.test' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const body = (html: string) => page(html).text('main');
    expect(body(await known.text())).toBe(body(await unknown.text()));
    await drainJobs(server.ctx);
    await mail.messageTo(user.email);
    expect(mail.messagesTo('nobody-at-all@example.test')).toHaveLength(0);
  });

  it('keeps a weak password out, resets once, ends every session, and refuses the link again or expired', async () => {
    const user = await makeUser(server.ctx, { login: 'Resetter', email: 'resetter@example.test' });
    const other = await server.agent().signInAs(user.id);
    await server.agent().post('/users/password', { login: 'resetter@example.test' });
    await drainJobs(server.ctx);
    const link = linkIn((await mail.messageTo(user.email)).text, '/users/password/reset/');
    const agent = server.agent();
    expect((await agent.get(link)).status).toBe(200);
    const weak = await agent.post(link, { password: 'short', password_confirmation: 'short' });
    expect(weak.status).toBe(422);
    const form = page(await weak.text());
    expect(form.text('main') ?? '').toContain('at least 8 characters');
    expect(form.attr('[name="password"]', 'value') ?? '').toBe('');
    const done = await agent.post(link, { password: 'a brand new password', password_confirmation: 'a brand new password' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login');
    expect((await other.get(`/users/${user.login}/preferences`)).status).not.toBe(200);
    const login = await server.agent().post('/login', { login: 'Resetter', password: 'a brand new password' });
    expect(login.status).toBe(303);
    const twice = await agent.post(link, { password: 'another new password', password_confirmation: 'another new password' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('This link has been used');

    await server.agent().post('/users/password', { login: 'Resetter' });
    await drainJobs(server.ctx);
    const second = linkIn(mail.messagesTo(user.email)[1]?.text, '/users/password/reset/');
    await expireTokens();
    const expired = await agent.get(second);
    expect(expired.status).toBe(409);
    expect(await expired.text()).toContain('This link has expired');
  });

  it('asks for a name and keeps what was typed when limited', async () => {
    const empty = await server.agent().post('/users/password', { login: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Enter your user name or e-mail address.');
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await server.agent().post('/users/password', { login: 'hammered@example.test' });
    expect(last!.status).toBe(429);
    expect(page(await last!.text()).value('login')).toBe('hammered@example.test');
  });
});

describe('change of address', () => {
  it('refuses a wrong password keeping the address typed, then confirms the new address and tells the old one', async () => {
    const user = await makeUser(server.ctx, { login: 'Mover', email: 'mover-old@example.test' });
    const agent = await server.agent().signInAs(user.id);
    const wrong = await agent.post('/users/Mover/change_email', { email: 'mover-new@example.test', password: 'not my password' });
    expect(wrong.status).toBe(422);
    const form = page(await wrong.text());
    expect(form.value('email')).toBe('mover-new@example.test');
    expect(form.text('main')).toContain('That is not your current password.');

    const asked = await agent.post('/users/Mover/change_email', { email: 'mover-new@example.test', password: user.password });
    expect(asked.status).toBe(303);
    await drainJobs(server.ctx);
    const told = await mail.messageTo('mover-old@example.test');
    expect(told.subject).toMatch(/change of e-mail address/);
    expect((await findUserByLogin(server.ctx.db.kysely, 'mover'))?.email).toBe('mover-old@example.test');
    const link = linkIn((await mail.messageTo('mover-new@example.test')).text, '/confirm_email/');
    expect((await agent.post(link, {})).status).toBe(200);
    const moved = await findUserByLogin(server.ctx.db.kysely, 'mover');
    expect(moved?.email).toBe('mover-new@example.test');
    expect(moved?.emailConfirmedAt).toBeTruthy();
  });
});
