import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/password.ts';
import { findUserById } from '../../src/accounts/user.repository.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';

const server = useTestServer();

/** Every owner-only page, with a form that would be valid for a POST. */
function ownerPages(user: TestUser): { path: string; form: Record<string, string> }[] {
  return [
    { path: `/users/${user.login}/change_password`, form: { current_password: user.password, password: 'brand new password', password_confirmation: 'brand new password' } },
    { path: `/users/${user.login}/preferences`, form: { show_adult_content: '1' } },
    { path: `/users/${user.login}/delete`, form: { password: user.password } },
    { path: `/users/${user.login}/pseuds/new`, form: { name: 'Side Name', description: '' } },
    { path: `/users/${user.login}/pseuds/${user.login}/edit`, form: { name: user.login, description: 'changed' } },
  ];
}

describe('who may use the account pages', () => {
  it('sends anonymous visitors to log in and back', async () => {
    const user = await makeUser(server.ctx);
    for (const { path, form } of ownerPages(user)) {
      const get = await server.agent().get(path);
      expect(get.status, path).toBe(303);
      expect(get.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path)}`);
      const post = await server.agent().post(path, form);
      expect(post.status, path).toBe(303);
      expect(post.headers.get('location')).toMatch(/^\/login\?return_to=/);
    }
    expect(await findUserById(server.ctx.db.kysely, user.id)).toBeDefined();
  });

  it("refuses another user's pages with 403, on GET and POST", async () => {
    const owner = await makeUser(server.ctx);
    const other = await server.agent().signInAs((await makeUser(server.ctx)).id);
    for (const { path, form } of ownerPages(owner)) {
      expect((await other.get(path)).status, path).toBe(403);
      expect((await other.post(path, form)).status, path).toBe(403);
    }
    const stored = await findUserById(server.ctx.db.kysely, owner.id);
    expect(stored?.showAdultContent).toBe(0);
    expect(await verifyPassword(stored!.passwordHash, owner.password)).toBe(true);
  });

  it('answers 404 for an account that does not exist, or the system account', async () => {
    const agent = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await agent.get('/users/nobody_at_all/preferences')).status).toBe(404);
    expect((await agent.get('/users/orphan_account/preferences')).status).toBe(404);
    expect((await agent.get(`/users/${'x'.repeat(5000)}/preferences`)).status).toBe(404);
  });

  it('refuses every account form without its CSRF token', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    for (const { path, form } of ownerPages(user)) {
      expect((await agent.post(path, form, { csrf: false })).status, path).toBe(403);
    }
    expect(await findUserById(server.ctx.db.kysely, user.id)).toMatchObject({ showAdultContent: 0 });
  });
});

describe('change password', () => {
  it('shows a labelled form', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const html = await (await agent.get(`/users/${user.login}/change_password`)).text();
    for (const name of ['current_password', 'password', 'password_confirmation']) expect(page(html).labelOf(name), name).toBeTruthy();
  });

  it('changes the password and ends every other session, keeping this browser logged in', async () => {
    const user = await makeUser(server.ctx);
    const here = await server.agent().signInAs(user.id);
    const elsewhere = await server.agent().signInAs(user.id);
    const response = await here.post(`/users/${user.login}/change_password`, {
      current_password: user.password,
      password: 'brand new password',
      password_confirmation: 'brand new password',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/users/${user.login}`);
    expect((await here.get(`/users/${user.login}/preferences`)).status).toBe(200);
    expect((await elsewhere.get(`/users/${user.login}/preferences`)).status).toBe(303);
    const sessions = await server.ctx.db.kysely.selectFrom('sessions').select('tokenHash').where('userId', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
    expect((await server.agent().post('/login', { login: user.login, password: user.password })).status).toBe(422);
    expect((await server.agent().post('/login', { login: user.login, password: 'brand new password' })).status).toBe(303);
  });

  it('re-renders with messages for a wrong current password, a weak or unmatched new one', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.post(`/users/${user.login}/change_password`, {
      current_password: 'not my password',
      password: 'short',
      password_confirmation: 'other',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(page(html).fieldError('current_password')).toContain('not your current password');
    expect(page(html).fieldError('password')).toContain('at least 8');
    expect(page(html).fieldError('password_confirmation')).toContain('do not match');
    expect(html).not.toContain('not my password');
    const huge = await agent.post(`/users/${user.login}/change_password`, { current_password: user.password, password: 'p'.repeat(10_000), password_confirmation: '' });
    expect(huge.status).toBe(422);
    expect(page(await huge.text()).fieldError('password')).toContain('too long');
  });
});

describe('preferences', () => {
  it('turns "show adult content without checking" on and off', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const before = page(await (await agent.get(`/users/${user.login}/preferences`)).text());
    expect(before.labelOf('show_adult_content')).toBe('Show me adult content without checking');
    expect(before.checked('show_adult_content')).toBe(false);

    const on = await agent.post(`/users/${user.login}/preferences`, { show_adult_content: '1' });
    expect(on.status).toBe(303);
    expect((await findUserById(server.ctx.db.kysely, user.id))?.showAdultContent).toBe(1);
    const shown = await (await agent.get(`/users/${user.login}/preferences`)).text();
    expect(shown).toContain('Your preferences were saved.');
    expect(page(shown).checked('show_adult_content')).toBe(true);

    await agent.post(`/users/${user.login}/preferences`, {});
    expect((await findUserById(server.ctx.db.kysely, user.id))?.showAdultContent).toBe(0);
  });
});

describe('delete account', () => {
  it('asks for the password, and for a choice only when there are works', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const empty = await (await agent.get(`/users/${user.login}/delete`)).text();
    expect(page(empty).labelOf('password')).toBeTruthy();
    expect(page(empty).exists('[name="works"]')).toBe(false);
    await makeWork(server.ctx, user);
    const withWorks = await (await agent.get(`/users/${user.login}/delete`)).text();
    expect(page(withWorks).checked('works', 'orphan')).toBe(false);
    expect(page(withWorks).checked('works', 'delete')).toBe(false);
  });

  it('keeps the account on a wrong password or a missing choice, keeping the choice made', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await makeWork(server.ctx, user);
    const wrong = await agent.post(`/users/${user.login}/delete`, { password: 'not it', works: 'orphan' });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(page(html).fieldError('password')).toContain('not your password');
    expect(page(html).checked('works', 'orphan')).toBe(true);
    expect(page(html).checked('works', 'delete')).toBe(false);
    const noChoice = await agent.post(`/users/${user.login}/delete`, { password: user.password });
    expect(noChoice.status).toBe(422);
    expect(page(await noChoice.text()).fieldError('works')).toContain('Choose');
    const bogus = await agent.post(`/users/${user.login}/delete`, { password: user.password, works: 'sell' });
    expect(bogus.status).toBe(422);
    expect(await findUserById(server.ctx.db.kysely, user.id)).toBeDefined();
  });

  it('deletes an account without works: pseuds and sessions go, the cookie is cleared', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.post(`/users/${user.login}/delete`, { password: user.password });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(agent.cookies.has('rr_session')).toBe(false);
    const db = server.ctx.db.kysely;
    expect(await findUserById(db, user.id)).toBeUndefined();
    expect(await db.selectFrom('pseuds').select('id').where('userId', '=', user.id).execute()).toHaveLength(0);
    expect(await db.selectFrom('sessions').select('userId').where('userId', '=', user.id).execute()).toHaveLength(0);
    expect(await (await agent.get('/login')).text()).toContain(`The account ${user.login} has been deleted.`);
  });

  it('orphans the works when asked: they stay, under orphan_account', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const workId = await makeWork(server.ctx, user, { title: 'Kept' });
    const response = await agent.post(`/users/${user.login}/delete`, { password: user.password, works: 'orphan' });
    expect(response.status).toBe(303);
    const db = server.ctx.db.kysely;
    expect(await findUserById(db, user.id)).toBeUndefined();
    const credits = await db
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
      .select('pseuds.name')
      .where('creatorships.workId', '=', workId)
      .execute();
    expect(credits.map((c) => c.name)).toEqual(['orphan_account']);
  });

  it('deletes the works when asked, but leaves a co-created work to its other creator', async () => {
    const user = await makeUser(server.ctx);
    const friend = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const own = await makeWork(server.ctx, user);
    const shared = await makeWork(server.ctx, friend);
    await server.ctx.db.kysely
      .insertInto('creatorships')
      .values({ workId: shared, pseudId: user.pseudId, position: 1, isApproved: 1, createdAt: new Date().toISOString() })
      .execute();
    const response = await agent.post(`/users/${user.login}/delete`, { password: user.password, works: 'delete' });
    expect(response.status).toBe(303);
    const db = server.ctx.db.kysely;
    expect(await db.selectFrom('works').select('id').where('id', '=', own).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('works').select('id').where('id', '=', shared).executeTakeFirst()).toBeDefined();
    expect(await findUserById(db, user.id)).toBeUndefined();
  });
});
