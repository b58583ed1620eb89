import { describe, expect, it } from 'vitest';
import { issueAccountToken } from '../../src/accounts/account-token.service.ts';
import { confirmEmail } from '../../src/accounts/email.service.ts';
import { deliveriesFor } from '../../src/news/preference.repository.ts';
import { page } from '../support/dom.ts';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// The mail choices page (/users/:login/preferences/mail): one radio group per kind of news,
// defaults as news.kinds.ts says (kudos daily), bad values answered beside their field with
// the rest kept, and only the owner may see or change it.

const server = useTestServer();
const path = (login: string) => `/users/${login}/preferences/mail`;
const ALL = { mail_comment: 'each', mail_reply: 'each', mail_kudos: 'daily', mail_subscription: 'each' };

describe('mail choices', () => {
  it('shows the defaults, saves every choice, and shows them saved', async () => {
    const user = await makeUser(server.ctx, { confirmed: true });
    const agent = await server.agent().signInAs(user.id);
    const shown = page(await (await agent.get(path(user.login))).text());
    expect(shown.text('h1')).toBe('Mail');
    expect(shown.checked('mail_comment', 'each')).toBe(true);
    expect(shown.checked('mail_reply', 'each')).toBe(true);
    expect(shown.checked('mail_kudos', 'daily')).toBe(true);
    expect(shown.checked('mail_subscription', 'each')).toBe(true);
    expect(shown.exists('nav.account-nav a[aria-current="page"][href$="/preferences/mail"]')).toBe(true);
    expect(shown.text('.notice')).toBeNull();

    const saved = await agent.post(path(user.login), { mail_comment: 'daily', mail_reply: 'none', mail_kudos: 'each', mail_subscription: 'none' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(path(user.login));
    const after = page(await (await agent.get(path(user.login))).text());
    expect(after.text('.flash')).toBe('Your mail choices were saved.');
    expect(after.checked('mail_comment', 'daily')).toBe(true);
    expect(after.checked('mail_comment', 'each')).toBe(false);
    expect(after.checked('mail_reply', 'none')).toBe(true);
    expect(after.checked('mail_kudos', 'each')).toBe(true);
    expect(await deliveriesFor(server.ctx.db.kysely, user.id)).toEqual({ comment: 'daily', reply: 'none', kudos: 'each', subscription: 'none' });

    await agent.post(path(user.login), { mail_comment: 'daily', mail_reply: 'none', mail_kudos: 'each', mail_subscription: 'none' });
    expect(page(await (await agent.get(path(user.login))).text()).text('.flash')).toBe('Nothing changed: those were already your mail choices.');
  });

  it('answers an unknown or missing value beside its field, keeps the other choices as sent, and saves nothing', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.post(path(user.login), { mail_comment: 'weekly', mail_reply: 'none', mail_kudos: 'each' });
    expect(response.status).toBe(422);
    const shown = page(await response.text());
    expect(shown.fieldError('mail_comment')).toBe('Choose how you want mail about comments on your works: each as it happens, in a daily digest, or none.');
    expect(shown.fieldError('mail_subscription')).toMatch(/^Choose how you want mail about your subscriptions/);
    expect(shown.fieldError('mail_reply')).toBeNull();
    expect(shown.text('.error-summary h2')).toBe('There are 2 problems');
    expect(shown.checked('mail_reply', 'none')).toBe(true);
    expect(shown.checked('mail_kudos', 'each')).toBe(true);
    expect(shown.checked('mail_comment', 'each')).toBe(false);
    // Mail goes only to a confirmed address: the page says so to someone who has none.
    expect(shown.text('.notice')).toMatch(/not confirmed yet/);
    expect(await deliveriesFor(server.ctx.db.kysely, user.id)).toEqual({ comment: 'each', reply: 'each', kudos: 'daily', subscription: 'each' });
  });

  it('is the owner’s alone: log in first, another user gets 403, a form without its CSRF field is refused', async () => {
    const user = await makeUser(server.ctx);
    const other = await server.agent().signInAs((await makeUser(server.ctx)).id);
    const anonymous = await server.agent().get(path(user.login));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path(user.login))}`);
    expect((await server.agent().post(path(user.login), { ...ALL, mail_comment: 'none' })).status).toBe(303);
    expect((await other.get(path(user.login))).status).toBe(403);
    expect((await other.post(path(user.login), { ...ALL, mail_comment: 'none' })).status).toBe(403);
    const own = await server.agent().signInAs(user.id);
    expect((await own.post(path(user.login), { ...ALL, mail_comment: 'none' }, { csrf: false })).status).toBe(403);
    expect((await server.agent().get(path('no_such_user_here'))).status).toBe(303);
    expect((await deliveriesFor(server.ctx.db.kysely, user.id)).comment).toBe('each');
  });

  it('tells the owner when mail to their address has stopped, and a confirmed address starts it again', async () => {
    const user = await makeUser(server.ctx, { confirmed: true });
    const agent = await server.agent().signInAs(user.id);
    const now = new Date().toISOString();
    await server.ctx.db.kysely.insertInto('mailAddresses').values({ address: user.email.toLowerCase(), hardBounces: 1, softBounces: 0, stoppedAt: now, updatedAt: now }).execute();
    const shown = page(await (await agent.get(path(user.login))).text());
    expect(shown.text('.notice')).toContain('Mail to your address has stopped');
    expect(shown.attr('.notice a', 'href')).toBe(`/users/${user.login}/change_email`);

    const { token } = await server.ctx.db.kysely.transaction().execute((trx) => issueAccountToken(server.ctx, trx, 'confirm_email', user.id, user.email));
    expect((await confirmEmail(server.ctx, token)).status).toBe('done');
    const row = await server.ctx.db.kysely.selectFrom('mailAddresses').selectAll().where('address', '=', user.email.toLowerCase()).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stoppedAt: null, hardBounces: 0, softBounces: 0 });
    expect(page(await (await agent.get(path(user.login))).text()).text('.notice')).toBeNull();
  });
});
