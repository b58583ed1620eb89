import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/imports/import.service.ts';
import { page } from '../support/dom.ts';
import { makeUser } from '../support/factories.ts';
import { legacyStory, useClaimsArchive } from './support.ts';

// An account whose confirmed address is an original creator's is offered that creator's waiting
// works on its own page, and can open their claim page without the mailed link; an unconfirmed
// address, another account and a decided or blocked creator are offered nothing.

const archive = useClaimsArchive();
const { server } = archive;

async function importStory(author: string, address: string, title: string): Promise<number> {
  const result = await importPaths(server.ctx, [legacyStory(author, address, title)], { as: archive.archivist.login, archive: 'Prairie Archive' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return (await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
}

describe('claims offered to a confirmed address', () => {
  it('shows the waiting works on the account’s own page and opens their claim page from it', async () => {
    const address = `wren${Date.now()}@example.org`;
    const workId = await importStory('Wren Hollis', address, 'Long Furrows');
    const wren = await makeUser(server.ctx, { email: address, confirmed: true });
    const agent = await server.agent().signInAs(wren.id);

    const own = page(await (await agent.get(`/users/${wren.login}`)).text());
    expect(own.text('.notice')).toContain('1 imported work waits for you to claim it');
    const offers = await agent.get(`/users/${wren.login}/claims`);
    const list = page(await offers.text());
    expect(list.text('.claim-offers li')).toContain('1 work by Wren Hollis');
    const form = list.attr('.claim-offers form', 'action')!;
    const opened = await agent.post(form, {});
    expect(opened.status).toBe(303);
    const claimPath = opened.headers.get('location')!;
    expect(claimPath).toMatch(/^\/claims\/[A-Za-z0-9_-]{40,}$/);
    const claimPage = await (await agent.get(claimPath)).text();
    expect(claimPage).toContain('Long Furrows');

    const claimed = await agent.post(claimPath, { action: 'claim', pseudId: String(wren.pseudId) });
    expect(claimed.status).toBe(303);
    const credits = await server.ctx.db.kysely.selectFrom('creatorships').select('pseudId').where('workId', '=', workId).execute();
    expect(credits.map((c) => c.pseudId)).toContain(wren.pseudId);
    // Decided: nothing is offered any more, and the old form says so.
    expect(page(await (await agent.get(`/users/${wren.login}`)).text()).text('.notice')).toBeNull();
    const again = await agent.post(form, {});
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toContain(`/users/${wren.login}/claims`);
  });

  it('offers nothing to an unconfirmed address, and refuses another account and strangers', async () => {
    const address = `moss${Date.now()}@example.org`;
    await importStory('Moss Carver', address, 'Silo Song');
    const unconfirmed = await makeUser(server.ctx, { email: address });
    const agent = await server.agent().signInAs(unconfirmed.id);
    const list = await (await agent.get(`/users/${unconfirmed.login}/claims`)).text();
    expect(page(list).text('h1')).toBe('Works that may be yours');
    expect(list).toContain('Confirm your e-mail address first');
    expect(list).not.toContain('Moss Carver');
    const creator = await server.ctx.db.kysely.selectFrom('externalCreators').select('id').where('name', '=', 'Moss Carver').executeTakeFirstOrThrow();
    const forced = await agent.post(`/users/${unconfirmed.login}/claims/${creator.id}`, {});
    expect(forced.headers.get('location')).toContain(`/users/${unconfirmed.login}/claims`);
    const invitations = await server.ctx.db.kysely.selectFrom('claimInvitations').select('id').where('externalCreatorId', '=', creator.id).execute();
    expect(invitations).toHaveLength(1); // the mailed one only

    const other = await makeUser(server.ctx, { confirmed: true });
    const otherAgent = await server.agent().signInAs(other.id);
    expect((await otherAgent.get(`/users/${unconfirmed.login}/claims`)).status).toBe(403);
    expect((await server.agent().get(`/users/${unconfirmed.login}/claims`)).status).toBe(303);
    expect((await otherAgent.post(`/users/${other.login}/claims/${creator.id}`, {})).headers.get('location')).toContain('/claims');
    expect(await server.ctx.db.kysely.selectFrom('claimInvitations').select('id').where('externalCreatorId', '=', creator.id).execute()).toHaveLength(1);
  });
});
