import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/user.service.ts';
import { importPaths } from '../../src/imports/import.service.ts';
import { makeUser } from '../support/factories.ts';
import { claimPathIn, legacyStory, useClaimsArchive } from './support.ts';
import { page } from '../support/dom.ts';

const archive = useClaimsArchive();
const { mail, server } = archive;

/** Imports one story and returns its work id and the claim path mailed to its creator. */
async function importStory(author: string, address: string, title: string): Promise<{ workId: number; claimPath: string }> {
  const result = await importPaths(server.ctx, [legacyStory(author, address, title)], { as: archive.archivist.login, archive: 'Prairie Archive' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  expect(result.value).toMatchObject({ imported: 1, invitations: 1 });
  const work = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', title).executeTakeFirstOrThrow();
  return { workId: work.id, claimPath: claimPathIn(await mail.messageTo(address)) };
}

async function creatorsOf(workId: number) {
  return server.ctx.db.kysely
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .innerJoin('users', 'users.id', 'pseuds.userId')
    .select(['users.login', 'pseuds.name'])
    .where('creatorships.workId', '=', workId)
    .execute();
}

describe('claiming by invitation', () => {
  it('mails the creator, who logs in and claims the work to a pseud', async () => {
    const { workId, claimPath } = await importStory('Rowan Ashdown', 'rowan@example.org', 'Harvest Bells');
    const invitation = await mail.messageTo('rowan@example.org');
    expect(invitation.subject).toContain('rescued');
    expect(invitation.text).toContain('Harvest Bells (Smallville)');
    expect(invitation.from?.text).toContain('archivists@records-room.invalid');
    const stored = await server.ctx.db.kysely.selectFrom('claimInvitations').select('tokenHash').execute();
    expect(stored.map((s) => s.tokenHash)).not.toContain(claimPath.split('/').pop());

    const rowan = await makeUser(server.ctx, { login: 'rowan_now' });
    const visitor = server.agent();
    const landing = await visitor.get(claimPath);
    expect(landing.status).toBe(200);
    const landingText = await landing.text();
    expect(landingText).toContain('Works by Rowan Ashdown');
    expect(landingText).toContain(`/login?return_to=${encodeURIComponent(claimPath)}`);
    const login = await visitor.post('/login', { login: rowan.login, password: rowan.password, return_to: claimPath });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(claimPath);

    const form = await (await visitor.get(claimPath)).text();
    expect(form).toContain('Harvest Bells');
    expect(form).toContain('Claim them to one of my pseuds');
    const claimed = await visitor.post(claimPath, { action: 'claim', pseudId: String(rowan.pseudId) });
    expect(claimed.status).toBe(303);
    expect(await creatorsOf(workId)).toEqual([{ login: 'rowan_now', name: 'rowan_now' }]);

    const page = await (await visitor.get(`/works/${workId}`)).text();
    expect(page).toContain('/users/rowan_now/pseuds/rowan_now');
    expect(page).not.toContain('rowan@example.org');
    // Claimed: no longer marked as waiting for its creator.
    expect(page).toContain('Its creator has claimed it.');
    expect(page).not.toContain('to claim it');
    expect(page).not.toContain('not yet claimed');
    // Still restricted: the creator did not ask to show it to everyone.
    expect((await server.agent().get(`/works/${workId}`)).status).toBe(303);
    expect((await visitor.get(`/works/${workId}/edit`)).status).toBe(200);
  });

  it('claims to another of their pseuds only, and can make the work public', async () => {
    const { workId, claimPath } = await importStory('Linnea Brook', 'linnea@example.org', 'Lantern Field');
    const linnea = await makeUser(server.ctx);
    const stranger = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(linnea.id);
    const refused = await agent.post(claimPath, { action: 'claim', pseudId: String(stranger.pseudId) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Choose one of your own pseuds');
    expect((await agent.post(claimPath, { action: 'claim', pseudId: String(linnea.pseudId), makePublic: '1' })).status).toBe(303);
    expect((await server.agent().get(`/works/${workId}`)).status).toBe(200);
  });

  it('orphans the works', async () => {
    const { workId, claimPath } = await importStory('Tamsin Hale', 'tamsin@example.org', 'Quiet Acre');
    const tamsin = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(tamsin.id);
    expect((await agent.post(claimPath, { action: 'orphan' })).status).toBe(303);
    expect(await creatorsOf(workId)).toEqual([{ login: 'orphan_account', name: 'orphan_account' }]);
    const state = await server.ctx.db.kysely.selectFrom('externalCreatorships').select('state').where('workId', '=', workId).executeTakeFirstOrThrow();
    expect(state.state).toBe('orphaned');
  });

  it('hides works whose removal is asked for, and queues them for the archivist', async () => {
    const { workId, claimPath } = await importStory('Osric Vane', 'osric@example.org', 'Cellar Door');
    const osric = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(osric.id);
    expect((await agent.post(claimPath, { action: 'remove' })).status).toBe(303);
    expect((await agent.get(`/works/${workId}`)).status).toBe(404);
    const queue = await (await (await server.agent().signInAs(archive.archivist.id)).get('/imports')).text();
    expect(queue).toContain('Removal requests');
    expect(queue).toContain('Cellar Door');
  });

  it('blocks future imports under the address', async () => {
    const { claimPath } = await importStory('Wren Calloway', 'wren@example.org', 'Grain Elevator');
    const wren = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(wren.id);
    const blocked = await agent.post(claimPath, { action: 'none', block: '1' });
    expect(blocked.status).toBe(303);
    const again = await importPaths(server.ctx, [legacyStory('Wren Calloway', 'WREN@example.org', 'Another Field')], { as: archive.archivist.login });
    expect(again.ok && again.value.imported).toBe(0);
    expect(again.ok && again.value.skipped.map((s) => s.reason)).toEqual(['its creator asked that works under their address not be imported']);
  });

  it('answers unknown and expired links with a clear page', async () => {
    const unknown = await server.agent().get('/claims/not-a-real-token-at-all-0000');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This claim link is not valid');
    const { claimPath } = await importStory('Ada Thorne', 'ada@example.org', 'Old Orchard');
    await server.ctx.db.kysely.updateTable('claimInvitations').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).execute();
    const expired = await server.agent().get(claimPath);
    expect(await expired.text()).toContain('This claim link has expired');
    const ada = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(ada.id);
    expect(await (await agent.post(claimPath, { action: 'orphan' })).text()).toContain('This claim link has expired');
  });

  it('refuses a claim without the CSRF token, and sends anonymous posts to log in', async () => {
    const { workId, claimPath } = await importStory('Bram Kettle', 'bram@example.org', 'Water Tower');
    const bram = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(bram.id);
    expect((await agent.post(claimPath, { action: 'orphan' }, { csrf: false })).status).toBe(403);
    const anonymous = await server.agent().post(claimPath, { action: 'orphan' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login');
    expect((await creatorsOf(workId)).map((c) => c.login)).toEqual([archive.archivist.login]);
  });
});

describe('an account that uses the invitation\'s address', () => {
  it('gets no works by itself: the mailed link is the proof, and the page then recognises the address', async () => {
    // Accounts do not verify their address, so this one could belong to anybody.
    const signedUp = await createUser(server.ctx, { login: 'june_here', email: 'June@Example.org', password: 'correct horse battery' });
    if (!signedUp.ok) throw new Error(JSON.stringify(signedUp.errors));
    const { workId, claimPath } = await importStory('June Harrow', 'june@example.org', 'Fence Line');
    expect((await creatorsOf(workId)).map((c) => c.login)).toEqual([archive.archivist.login]);
    expect((await mail.messageTo('june@example.org')).text).toContain('An account on Records Room already uses this address');

    const june = await server.agent().signInAs(signedUp.value.id);
    const own = await (await june.get(claimPath)).text();
    expect(own).toContain('This invitation was sent to the address of the account you are logged in with');
    expect(page(own).exists('input[value="claim"][checked]')).toBe(true);
    const other = await server.agent().signInAs((await makeUser(server.ctx)).id);
    const otherPage = await (await other.get(claimPath)).text();
    expect(otherPage).not.toContain('address of the account you are logged in with');
    expect(page(otherPage).exists('input[value="claim"]')).toBe(true);
    expect(page(otherPage).exists('input[value="claim"][checked]')).toBe(false);

    const defaultPseud = await server.ctx.db.kysely.selectFrom('pseuds').select('id').where('userId', '=', signedUp.value.id).executeTakeFirstOrThrow();
    expect((await june.post(claimPath, { action: 'claim', pseudId: String(defaultPseud.id) })).status).toBe(303);
    expect(await creatorsOf(workId)).toEqual([{ login: 'june_here', name: 'june_here' }]);
  });

  it('tells a second submit that nothing is waiting, and records each decision', async () => {
    const { workId, claimPath } = await importStory('Kay Morrow', 'kay@example.org', 'Root Cellar');
    const kay = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(kay.id);
    expect((await agent.post(claimPath, { action: 'orphan' })).status).toBe(303);
    const again = await agent.post(claimPath, { action: 'claim', pseudId: String(kay.pseudId) });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Nothing is waiting for a decision any more');
    expect(await creatorsOf(workId)).toEqual([{ login: 'orphan_account', name: 'orphan_account' }]);
    // Orphaning cuts the tie to the person, so the record of it names nobody.
    const record = await server.ctx.db.kysely.selectFrom('claimEvents').select(['event', 'actorId', 'workTitle']).where('workId', '=', workId).execute();
    expect(record).toEqual([{ event: 'orphaned', actorId: null, workTitle: 'Root Cellar' }]);
  });
});
