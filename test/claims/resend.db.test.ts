import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/imports/import.service.ts';
import { makeUser } from '../support/factories.ts';
import type { TestServer } from '../support/server.ts';
import { claimPathsTo, legacyStory, settledCountTo, useClaimsArchive } from './support.ts';
import { page } from '../support/dom.ts';

const archive = useClaimsArchive();
const { mail, server } = archive;

/** Imports one batch of stories, each [author, address, title]; returns the batch and each creator's id by address. */
async function importBatch(stories: [string, string | null, string][]) {
  const result = await importPaths(server.ctx, stories.map(([author, address, title]) => legacyStory(author, address, title)), { as: archive.archivist.login });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const creators = await server.ctx.db.kysely.selectFrom('externalCreators').select(['id', 'emailKey', 'name']).execute();
  const idOf = (name: string) => creators.find((c) => c.name === name)!.id;
  return { batchId: result.value.batchId, idOf };
}

/** Moves every invitation out of the re-send window, as if the import ran an hour ago. */
async function ageInvitations() {
  await server.ctx.db.kysely.updateTable('claimInvitations').set({ createdAt: '2000-01-01T00:00:00.000Z' }).execute();
}

const flashOf = async (agent: ReturnType<TestServer['agent']>, path: string) => page(await (await agent.get(path)).text()).text('p.flash[role="status"]') ?? '';

describe('re-sending claim invitations', () => {
  it('refuses anonymous visitors and users who are not archivists, and sends nothing', async () => {
    const { batchId, idOf } = await importBatch([['Petra Quill', 'petra@example.org', 'Silo Song']]);
    await ageInvitations();
    const reader = await makeUser(server.ctx);
    const wrangler = await makeUser(server.ctx, { role: 'wrangler' });
    for (const path of [`/imports/${batchId}/invitations`, `/imports/${batchId}/creators/${idOf('Petra Quill')}/invitation`]) {
      const anonymous = await server.agent().post(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(`/imports/${batchId}`)}`);
      for (const user of [reader, wrangler]) expect((await (await server.agent().signInAs(user.id)).post(path)).status, path).toBe(403);
    }
    expect(await settledCountTo(mail, 'petra@example.org')).toBe(1);
  });

  it('re-sends one creator a fresh link; the old one still works, and a second click does not mail again', async () => {
    const { batchId, idOf } = await importBatch([['Rosalind Fenn', 'rosalind@example.org', 'Weathervane']]);
    const [first] = claimPathsTo(mail, 'rosalind@example.org');
    const agent = await server.agent().signInAs(archive.archivist.id);
    const path = `/imports/${batchId}/creators/${idOf('Rosalind Fenn')}/invitation`;

    // Right after the import the first mail is too recent to repeat.
    const tooSoon = await agent.post(path);
    expect(tooSoon.status).toBe(303);
    expect(await flashOf(agent, tooSoon.headers.get('location')!)).toContain('Not sent again to Rosalind Fenn');
    expect(await settledCountTo(mail, 'rosalind@example.org')).toBe(1);

    await ageInvitations();
    const sent = await agent.post(path);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/imports/${batchId}`);
    expect(await flashOf(agent, `/imports/${batchId}`)).toBe('Invitation sent to Rosalind Fenn.');
    const paths = claimPathsTo(mail, 'rosalind@example.org');
    expect(paths).toHaveLength(2);
    expect(paths[1]).not.toBe(first);
    for (const claimPath of paths) expect(await (await server.agent().get(claimPath)).text()).toContain('Works by Rosalind Fenn');

    // A double click: the second post finds the invitation just sent and mails nothing.
    expect((await agent.post(path)).status).toBe(303);
    expect(await settledCountTo(mail, 'rosalind@example.org')).toBe(2);

    // Two posts at the same moment (two archivists): the window check and the new token are one locked step.
    await ageInvitations();
    const other = await server.agent().signInAs((await makeUser(server.ctx, { role: 'admin' })).id);
    const both = await Promise.all([agent.post(path), other.post(path)]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect(await settledCountTo(mail, 'rosalind@example.org')).toBe(3);

    const record = await server.ctx.db.kysely.selectFrom('claimEvents').select(['event', 'batchId']).where('externalCreatorId', '=', idOf('Rosalind Fenn')).execute();
    expect(record).toEqual([{ event: 'invitation-resent', batchId }, { event: 'invitation-resent', batchId }]);
    const firstRecord = await server.ctx.db.kysely.selectFrom('claimEvents').select('actorLogin').where('externalCreatorId', '=', idOf('Rosalind Fenn')).orderBy('id').executeTakeFirstOrThrow();
    expect(firstRecord.actorLogin).toBe(archive.archivist.login);
  });

  it('re-sends to every creator of the batch still waiting, not to those who decided or blocked imports', async () => {
    const { batchId, idOf } = await importBatch([
      ['Hollis Grey', 'hollis@example.org', 'Tin Roof'],
      ['Ines Marsh', 'ines@example.org', 'Cornflower'],
      ['Juno Pike', 'juno@example.org', 'Dust Devil'],
      ['Kit Nobody', null, 'No Return Address'],
    ]);
    const [hollisLink] = claimPathsTo(mail, 'hollis@example.org');
    const [junoLink] = claimPathsTo(mail, 'juno@example.org');
    const hollis = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await hollis.post(hollisLink!, { action: 'orphan' })).status).toBe(303);
    const juno = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await juno.post(junoLink!, { action: 'none', block: '1' })).status).toBe(303);
    await ageInvitations();

    const agent = await server.agent().signInAs(archive.archivist.id);
    const page = await (await agent.get(`/imports/${batchId}`)).text();
    expect(page).toContain(`action="/imports/${batchId}/invitations"`);
    expect(page).toContain(`action="/imports/${batchId}/creators/${idOf('Ines Marsh')}/invitation"`);
    expect(page).not.toContain(`/creators/${idOf('Hollis Grey')}/invitation`);
    expect(page).not.toContain(`/creators/${idOf('Juno Pike')}/invitation`);
    expect(page).not.toMatch(/@example\.org/);

    const all = await agent.post(`/imports/${batchId}/invitations`);
    expect(all.status).toBe(303);
    expect(await flashOf(agent, `/imports/${batchId}`)).toBe('Invitation sent to Ines Marsh. Not sent to Juno Pike: they asked not to be imported.');
    expect(await settledCountTo(mail, 'ines@example.org')).toBe(2);
    expect(claimPathsTo(mail, 'hollis@example.org')).toHaveLength(1);
    expect(claimPathsTo(mail, 'juno@example.org')).toHaveLength(1);

    // A second click on "every creator" within the window mails nobody.
    expect((await agent.post(`/imports/${batchId}/invitations`)).status).toBe(303);
    expect(await settledCountTo(mail, 'ines@example.org')).toBe(2);
  });

  it('refuses a crafted re-send to a blocked address, to a creator who decided, and to one with no address', async () => {
    const { batchId, idOf } = await importBatch([
      ['Lorne Abbot', 'lorne@example.org', 'Feed Store'],
      ['Mira Solace', 'mira@example.org', 'Creek Bed'],
      ['Nell Unknown', null, 'Lost Letter'],
    ]);
    const [lorneLink] = claimPathsTo(mail, 'lorne@example.org');
    const [miraLink] = claimPathsTo(mail, 'mira@example.org');
    const lorne = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await lorne.post(lorneLink!, { action: 'none', block: '1' })).status).toBe(303);
    const mira = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await mira.post(miraLink!, { action: 'orphan' })).status).toBe(303);
    await ageInvitations();

    const agent = await server.agent().signInAs(archive.archivist.id);
    const blocked = await agent.post(`/imports/${batchId}/creators/${idOf('Lorne Abbot')}/invitation`);
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain('Lorne Abbot asked that works under their address not be imported');
    const decided = await agent.post(`/imports/${batchId}/creators/${idOf('Mira Solace')}/invitation`);
    expect(decided.status).toBe(409);
    expect(await decided.text()).toContain('no works left to decide on');
    const unreachable = await agent.post(`/imports/${batchId}/creators/${idOf('Nell Unknown')}/invitation`);
    expect(unreachable.status).toBe(409);
    expect(await unreachable.text()).toContain('no address to write to');
    expect(await settledCountTo(mail, 'lorne@example.org')).toBe(1);
    expect(claimPathsTo(mail, 'mira@example.org')).toHaveLength(1);
  });

  it('answers unknown batches and creators with 404 and a missing CSRF token with 403', async () => {
    const { batchId, idOf } = await importBatch([['Odile Crane', 'odile@example.org', 'Hayloft']]);
    const other = await importBatch([['Pim Vasquez', 'pim@example.org', 'Grain Bin']]);
    await ageInvitations();
    const agent = await server.agent().signInAs(archive.archivist.id);
    expect((await agent.post('/imports/99999/invitations')).status).toBe(404);
    expect((await agent.post('/imports/abc/invitations')).status).toBe(404);
    expect((await agent.post(`/imports/${batchId}/creators/abc/invitation`)).status).toBe(404);
    expect((await agent.post(`/imports/${batchId}/creators/99999/invitation`)).status).toBe(404);
    // A creator of another batch is not this batch's to re-send.
    expect((await agent.post(`/imports/${batchId}/creators/${other.idOf('Pim Vasquez')}/invitation`)).status).toBe(404);
    const forged = await agent.post(`/imports/${batchId}/creators/${idOf('Odile Crane')}/invitation`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await settledCountTo(mail, 'odile@example.org')).toBe(1);
    expect(claimPathsTo(mail, 'pim@example.org')).toHaveLength(1);
  });
});
