import { describe, expect, it } from 'vitest';
import { formatSummary, importPaths, type ImportEvent } from '../../src/imports/import.service.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import type { Agent } from '../support/server.ts';
import { claimPathIn, legacyStory, settledCountTo, useClaimsArchive } from './support.ts';

const archive = useClaimsArchive();
const { mail, server } = archive;

/** Imports a story, and has its creator (a new account) ask for its removal through the claim link. */
async function removalRequested(author: string, address: string, title: string): Promise<{ workId: number; file: string; claimPath: string; creator: TestUser; creatorAgent: Agent }> {
  const file = legacyStory(author, address, title);
  const result = await importPaths(server.ctx, [file], { as: archive.archivist.login });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const work = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', title).executeTakeFirstOrThrow();
  const claimPath = claimPathIn(await mail.messageTo(address));
  const creator = await makeUser(server.ctx);
  const creatorAgent = await server.agent().signInAs(creator.id);
  expect((await creatorAgent.post(claimPath, { action: 'remove' })).status).toBe(303);
  return { workId: work.id, file, claimPath, creator, creatorAgent };
}

function eventsOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('claimEvents').select(['event', 'actorLogin', 'note', 'workTitle']).where('workId', '=', workId).orderBy('id').execute();
}

const stateOf = async (workId: number) =>
  (await server.ctx.db.kysely.selectFrom('externalCreatorships').select('state').where('workId', '=', workId).executeTakeFirst())?.state;

describe('reviewing removal requests', () => {
  it('deletes a series the removed work leaves empty, in the same transaction', async () => {
    const { workId } = await removalRequested('Saul Brightwater', 'saul@example.org', 'Haystack Series Part');
    const db = server.ctx.db.kysely;
    const stamp = new Date().toISOString();
    const { id: seriesId } = await db.insertInto('series').values({ title: 'Haystacks', titleKey: 'haystacks', summary: null, notes: null, createdAt: stamp, updatedAt: stamp }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('serialWorks').values({ seriesId, workId, position: 1, createdAt: stamp }).execute();
    const agent = await server.agent().signInAs(archive.archivist.id);
    expect((await agent.post(`/imports/removals/${workId}/delete`)).status).toBe(303);
    expect(await db.selectFrom('series').select('id').where('id', '=', seriesId).executeTakeFirst()).toBeUndefined();
    expect((await agent.get(`/series/${seriesId}`)).status).toBe(404);
  });

  it('refuses anonymous visitors and users who are not archivists', async () => {
    const { workId } = await removalRequested('Quentin Lark', 'quentin@example.org', 'Threshing Day');
    const reader = await makeUser(server.ctx);
    const wrangler = await makeUser(server.ctx, { role: 'wrangler' });
    for (const action of ['delete', 'restore']) {
      const path = `/imports/removals/${workId}/${action}`;
      const anonymousPage = await server.agent().get(path);
      expect(anonymousPage.status).toBe(303);
      expect(anonymousPage.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path)}`);
      const anonymousPost = await server.agent().post(path, { reason: 'because' });
      expect(anonymousPost.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent('/imports')}`);
      for (const user of [reader, wrangler]) {
        const agent = await server.agent().signInAs(user.id);
        expect((await agent.get(path)).status, path).toBe(403);
        expect((await agent.post(path, { reason: 'because' })).status, path).toBe(403);
      }
    }
    expect(await stateOf(workId)).toBe('removal-requested');
  });

  it('lists the request with who asked; deletes the work for good after a confirmation page, and keeps the record', async () => {
    const { workId, creator } = await removalRequested('Rhea Dunmore', 'rhea@example.org', 'Combine Lights');
    const agent = await server.agent().signInAs(archive.archivist.id);
    const queue = await (await agent.get('/imports')).text();
    expect(queue).toContain('Combine Lights');
    expect(queue).toContain(`by ${creator.login}`);
    expect(queue).toContain(`href="/imports/removals/${workId}/delete"`);

    const confirm = await agent.get(`/imports/removals/${workId}/delete`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Delete “Combine Lights” for good?');
    expect(confirmHtml).toContain(`action="/imports/removals/${workId}/delete"`);
    // Hidden from readers, still open to the archivist who holds it.
    expect((await agent.get(`/works/${workId}`)).status).toBe(200);

    // Without the CSRF token nothing happens.
    expect((await agent.post(`/imports/removals/${workId}/delete`, {}, { csrf: false })).status).toBe(403);
    expect(await stateOf(workId)).toBe('removal-requested');

    const deleted = await agent.post(`/imports/removals/${workId}/delete`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/imports');
    const after = await (await agent.get('/imports')).text();
    expect(after).toContain('“Combine Lights” was deleted.');
    expect(after).toContain('Recent removal decisions');
    expect(after).toContain(`deleted by ${archive.archivist.login}`);
    expect((await agent.get(`/works/${workId}`)).status).toBe(404);
    expect(await eventsOf(workId)).toEqual([
      { event: 'removal-requested', actorLogin: creator.login, note: null, workTitle: 'Combine Lights' },
      { event: 'work-deleted', actorLogin: archive.archivist.login, note: null, workTitle: 'Combine Lights' },
    ]);
    const hash = await server.ctx.db.kysely.selectFrom('claimEvents').select('contentHash').where('workId', '=', workId).where('event', '=', 'work-deleted').executeTakeFirstOrThrow();
    expect(hash.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // A second click, or the confirmation page opened again, says what happened instead of failing.
    const again = await agent.post(`/imports/removals/${workId}/delete`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`deleted by ${archive.archivist.login}`);
    expect((await agent.get(`/imports/removals/${workId}/delete`)).status).toBe(409);
    expect((await agent.get(`/imports/removals/${workId}/restore`)).status).toBe(409);
  });

  it('does not bring a deleted work back when the same file is imported again, and says why', async () => {
    const { workId, file } = await removalRequested('Nell Ashby', 'nell@example.org', 'Silo Ladder');
    const agent = await server.agent().signInAs(archive.archivist.id);
    expect((await agent.post(`/imports/removals/${workId}/delete`)).status).toBe(303);

    const events: ImportEvent[] = [];
    const again = await importPaths(server.ctx, [file], { as: archive.archivist.login, onEvent: (event) => events.push(event) });
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    const reason = 'its creator asked for its removal and an archivist deleted it: it is not imported again';
    expect(again.value).toMatchObject({ imported: 0, present: 0, skipped: [{ source: file, reason }] });
    expect(events.filter((e) => e.type !== 'file')).toEqual([{ type: 'skipped', skipped: { source: file, reason } }]);
    expect(formatSummary(again.value, 0)).toContain(`skipped 1: ${reason}`);
    expect(await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Silo Ladder').execute()).toEqual([]);
    // The batch page lists the skip, and the creator is not invited again.
    const page = await (await agent.get(`/imports/${again.value.batchId}`)).text();
    expect(page).toContain(reason);
    expect(await settledCountTo(mail, 'nell@example.org')).toBe(1);
  });

  it('warns before deleting a work that another original creator kept', async () => {
    const { workId } = await removalRequested('Vera Lund', 'vera@example.org', 'Two Hands');
    // A co-creator who claimed the work (set up directly: the test stories name one creator).
    const now = new Date().toISOString();
    const coCreator = await server.ctx.db.kysely.insertInto('externalCreators').values({ name: 'Wes Lund', nameKey: 'wes lund', email: null, emailKey: null, createdAt: now }).returning('id').executeTakeFirstOrThrow();
    await server.ctx.db.kysely.insertInto('externalCreatorships').values({ workId, externalCreatorId: coCreator.id, position: 1, state: 'claimed', decidedAt: now }).execute();
    const agent = await server.agent().signInAs(archive.archivist.id);
    expect(await (await agent.get(`/imports/removals/${workId}/delete`)).text()).toContain('Another of its original creators kept it (Wes Lund): it goes for them too.');
  });

  it('restores a work only with a reason, kept with the archivist’s name; the creator decides again', async () => {
    const { workId, claimPath, creatorAgent } = await removalRequested('Sable Hart', 'sable@example.org', 'Gravel Road');
    const agent = await server.agent().signInAs(archive.archivist.id);
    const form = await agent.get(`/imports/removals/${workId}/restore`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Restore “Gravel Road”?');

    const noReason = await agent.post(`/imports/removals/${workId}/restore`, { reason: '   ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Say why the work is restored');
    expect((await agent.post(`/imports/removals/${workId}/restore`, { reason: 'x'.repeat(501) })).status).toBe(422);
    expect(await stateOf(workId)).toBe('removal-requested');

    const restored = await agent.post(`/imports/removals/${workId}/restore`, { reason: 'The creator wrote from the old address: a misclick.' });
    expect(restored.status).toBe(303);
    expect(await (await agent.get('/imports')).text()).toContain('“Gravel Road” was restored');
    expect(await stateOf(workId)).toBe('unclaimed');
    // Shown again, still only to logged-in readers.
    expect((await (await server.agent().signInAs((await makeUser(server.ctx)).id)).get(`/works/${workId}`)).status).toBe(200);
    expect((await server.agent().get(`/works/${workId}`)).status).toBe(303);
    expect((await eventsOf(workId)).at(-1)).toEqual({ event: 'work-restored', actorLogin: archive.archivist.login, note: 'The creator wrote from the old address: a misclick.', workTitle: 'Gravel Road' });

    const twice = await agent.post(`/imports/removals/${workId}/restore`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Already decided');
    // The creator's link works again: the work waits for their decision.
    expect(await (await creatorAgent.get(claimPath)).text()).toContain('Claim them to one of my pseuds');
    expect((await creatorAgent.post(claimPath, { action: 'orphan' })).status).toBe(303);
  });

  it('lets the creator withdraw their own request from the claim link, after which there is nothing to delete', async () => {
    const { workId, claimPath, creator, creatorAgent } = await removalRequested('Tobin Reyes', 'tobin@example.org', 'Pump House');
    const page = await (await creatorAgent.get(claimPath)).text();
    expect(page).toContain('Withdraw my removal request');
    expect(page).toContain(`action="${claimPath}/withdraw"`);

    expect((await creatorAgent.post(`${claimPath}/withdraw`, {}, { csrf: false })).status).toBe(403);
    const anonymous = await server.agent().post(`${claimPath}/withdraw`);
    expect(anonymous.headers.get('location')).toContain('/login');
    expect(await stateOf(workId)).toBe('removal-requested');

    const withdrawn = await creatorAgent.post(`${claimPath}/withdraw`);
    expect(withdrawn.status).toBe(303);
    expect(await stateOf(workId)).toBe('unclaimed');
    expect((await creatorAgent.get(`/works/${workId}`)).status).toBe(200);
    expect((await eventsOf(workId)).at(-1)).toMatchObject({ event: 'removal-withdrawn', actorLogin: creator.login });

    const twice = await creatorAgent.post(`${claimPath}/withdraw`);
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('There is no removal request to withdraw');
    const agent = await server.agent().signInAs(archive.archivist.id);
    const late = await agent.post(`/imports/removals/${workId}/delete`);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('request withdrawn by the creator');
    expect(await (await agent.get('/imports')).text()).not.toContain(`/imports/removals/${workId}/delete`);
  });

  it('answers works without a request, unknown works and bad links clearly', async () => {
    const result = await importPaths(server.ctx, [legacyStory('Uma Wilde', 'uma@example.org', 'Seed Catalogue')], { as: archive.archivist.login });
    if (!result.ok) throw new Error('import failed');
    const work = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Seed Catalogue').executeTakeFirstOrThrow();
    const agent = await server.agent().signInAs(archive.archivist.id);
    const notAsked = await agent.post(`/imports/removals/${work.id}/delete`);
    expect(notAsked.status).toBe(409);
    expect(await notAsked.text()).toContain('No removal was requested');
    expect((await agent.get(`/imports/removals/${work.id}/restore`)).status).toBe(409);
    expect((await agent.get('/imports/removals/99999/delete')).status).toBe(404);
    expect((await agent.post('/imports/removals/abc/delete')).status).toBe(404);
    expect((await agent.post('/imports/removals/99999/restore', { reason: 'x' })).status).toBe(404);
    expect((await agent.get(`/works/${work.id}`)).status).toBe(200);
    const unknownWithdraw = await (await server.agent().signInAs(archive.archivist.id)).post('/claims/not-a-real-token-at-all-0000/withdraw');
    expect(unknownWithdraw.status).toBe(404);
    expect(await unknownWithdraw.text()).toContain('This claim link is not valid');
  });
});
