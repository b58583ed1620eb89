import { describe, expect, it } from 'vitest';
import { findPseud, listPseuds } from '../../src/accounts/user.repository.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';
import { makeUser, makeWork } from '../support/factories.ts';

const server = useTestServer();

const pseudsOf = (userId: number) => listPseuds(server.ctx.db.kysely, userId);

describe('the pseud list', () => {
  it('is public, with controls only for the owner', async () => {
    const user = await makeUser(server.ctx);
    const anonymous = await server.agent().get(`/users/${user.login}/pseuds`);
    expect(anonymous.status).toBe(200);
    const publicHtml = await anonymous.text();
    expect(publicHtml).toContain(`href="/users/${user.login}/pseuds/${user.login}/works"`);
    expect(publicHtml).not.toContain('/edit"');
    const owner = await server.agent().signInAs(user.id);
    const ownerHtml = await (await owner.get(`/users/${user.login}/pseuds`)).text();
    expect(ownerHtml).toContain(`href="/users/${user.login}/pseuds/new"`);
    expect(ownerHtml).toContain(`href="/users/${user.login}/pseuds/${user.login}/edit"`);
    // The default pseud offers no delete link.
    expect(ownerHtml).not.toContain(`/pseuds/${user.login}/delete"`);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await server.agent().get('/users/no_such_user/pseuds')).status).toBe(404);
  });
});

describe('creating a pseud', () => {
  it('creates one with a description and lists it', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    expect((await agent.get(`/users/${user.login}/pseuds/new`)).status).toBe(200);
    const response = await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Night Owl.2', description: 'Writes at night.' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/users/${user.login}/pseuds`);
    const pseud = await findPseud(server.ctx.db.kysely, user.id, 'night owl.2');
    expect(pseud).toMatchObject({ name: 'Night Owl.2', description: 'Writes at night.', isDefault: 0 });
    const list = await (await agent.get(`/users/${user.login}/pseuds`)).text();
    expect(list).toContain('Pseud Night Owl.2 was created.');
    expect(list).toContain(`href="/users/${user.login}/pseuds/Night%20Owl.2/edit"`);
  });

  it('takes a second submit of the same form as the first, not as a clash', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const form = { name: 'Twice', description: 'Same words.' };
    expect((await agent.post(`/users/${user.login}/pseuds/new`, form)).status).toBe(303);
    expect((await agent.post(`/users/${user.login}/pseuds/new`, form)).status).toBe(303);
    expect(await pseudsOf(user.id)).toHaveLength(2);
  });

  it('refuses bad names with a message and keeps what was typed', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Taken', description: '' });
    const cases: [string, string][] = [
      ['', 'Enter a name'],
      ['   ', 'Enter a name'],
      ['bad/name!', 'letters, digits'],
      ['...', 'letters, digits'],
      ['TAKEN', 'already have a pseud'],
      ['n'.repeat(41), 'too long'],
    ];
    for (const [name, message] of cases) {
      const response = await agent.post(`/users/${user.login}/pseuds/new`, { name, description: 'kept text' });
      expect(response.status, name).toBe(422);
      const html = await response.text();
      expect(page(html).fieldError('name'), name).toContain(message);
      expect(page(html).value('description')).toBe('kept text');
    }
    const long = await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Fine', description: 'd'.repeat(501) });
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(page(html).fieldError('description')).toContain('too long');
    expect(page(html).value('name')).toBe('Fine');
    expect(await pseudsOf(user.id)).toHaveLength(2);
  });

  it('accepts letters of any script', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const response = await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Ёжик в тумане', description: '' });
    expect(response.status).toBe(303);
    const edit = await agent.get(`/users/${user.login}/pseuds/${encodeURIComponent('ёжик в тумане')}/edit`);
    expect(edit.status).toBe(200);
  });

  it('escapes script in names and descriptions', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const attack = '"><script>alert(1)</script>';
    const refused = await agent.post(`/users/${user.login}/pseuds/new`, { name: attack, description: attack });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect((await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Plain', description: attack })).status).toBe(303);
    const list = await (await server.agent().get(`/users/${user.login}/pseuds`)).text();
    expect(list).not.toContain('<script>alert(1)</script>');
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('editing a pseud', () => {
  it('renames the default pseud and changes its description', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    const form = await (await agent.get(`/users/${user.login}/pseuds/${user.login}/edit`)).text();
    expect(page(form).value('name')).toBe(user.login);
    const response = await agent.post(`/users/${user.login}/pseuds/${user.login}/edit`, { name: 'Renamed', description: 'About me' });
    expect(response.status).toBe(303);
    const pseuds = await pseudsOf(user.id);
    expect(pseuds).toHaveLength(1);
    expect(pseuds[0]).toMatchObject({ name: 'Renamed', nameKey: 'renamed', description: 'About me', isDefault: 1 });
  });

  it("may change only a name's case, but not take another pseud's name", async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Second', description: '' });
    expect((await agent.post(`/users/${user.login}/pseuds/Second/edit`, { name: 'SECOND', description: '' })).status).toBe(303);
    const clash = await agent.post(`/users/${user.login}/pseuds/SECOND/edit`, { name: user.login, description: 'typed' });
    expect(clash.status).toBe(422);
    const html = await clash.text();
    expect(page(html).fieldError('name')).toContain('already have a pseud');
    expect(page(html).value('description')).toBe('typed');
  });

  it("answers 404 for an unknown pseud and 403 for another user's", async () => {
    const user = await makeUser(server.ctx);
    const other = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    expect((await agent.get(`/users/${user.login}/pseuds/Nope/edit`)).status).toBe(404);
    expect((await agent.get(`/users/${other.login}/pseuds/${other.login}/edit`)).status).toBe(403);
    expect((await agent.post(`/users/${other.login}/pseuds/${other.login}/edit`, { name: 'Stolen', description: '' })).status).toBe(403);
    expect((await server.agent().get(`/users/${other.login}/pseuds/${other.login}/edit`)).status).toBe(303);
    expect((await pseudsOf(other.id))[0]?.name).toBe(other.login);
  });
});

describe('deleting a pseud', () => {
  it('asks first, then moves its works to the default pseud', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    await agent.post(`/users/${user.login}/pseuds/new`, { name: 'Moving Out', description: '' });
    const db = server.ctx.db.kysely;
    const side = (await findPseud(db, user.id, 'Moving Out'))!;
    const main = user.pseudId;
    const alone = await makeWork(server.ctx, user, { pseudIds: [side.id] });
    const both = await makeWork(server.ctx, user, { pseudIds: [main, side.id] });

    const confirm = await agent.get(`/users/${user.login}/pseuds/Moving%20Out/delete`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Its 2 works move to your default pseud');
    expect(html).toContain(`action="/users/${user.login}/pseuds/Moving%20Out/delete"`);

    const response = await agent.post(`/users/${user.login}/pseuds/Moving%20Out/delete`);
    expect(response.status).toBe(303);
    expect(await findPseud(db, user.id, 'Moving Out')).toBeUndefined();
    const credits = await db.selectFrom('creatorships').select(['workId', 'pseudId']).where('workId', 'in', [alone, both]).orderBy('workId').execute();
    expect(credits).toEqual([
      { workId: alone, pseudId: main },
      { workId: both, pseudId: main },
    ]);
  });

  it('refuses to delete the default pseud', async () => {
    const user = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(user.id);
    expect((await agent.get(`/users/${user.login}/pseuds/${user.login}/delete`)).status).toBe(409);
    expect((await agent.post(`/users/${user.login}/pseuds/${user.login}/delete`)).status).toBe(409);
    expect(await pseudsOf(user.id)).toHaveLength(1);
  });

  it("refuses anonymous visitors, other users and a missing CSRF token", async () => {
    const user = await makeUser(server.ctx);
    const owner = await server.agent().signInAs(user.id);
    await owner.post(`/users/${user.login}/pseuds/new`, { name: 'Keep', description: '' });
    const path = `/users/${user.login}/pseuds/Keep/delete`;
    const anonymous = await server.agent().post(path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path)}`);
    const other = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await other.get(path)).status).toBe(403);
    expect((await other.post(path)).status).toBe(403);
    expect((await owner.post(path, {}, { csrf: false })).status).toBe(403);
    expect(await pseudsOf(user.id)).toHaveLength(2);
  });
});
