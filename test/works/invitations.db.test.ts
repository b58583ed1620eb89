import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { up as endOrphanedInvitations } from '../../src/db/migrations/010_orphan_invitations.ts';
import { answerInvitation } from '../../src/works/creatorship.service.ts';
import { orphanAccountPseudId } from '../../src/works/work.repository.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

const server = useTestServer();
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

function creatorshipOf(workId: number, pseudId: number) {
  return server.ctx.db.kysely.selectFrom('creatorships').select(['isApproved']).where('workId', '=', workId).where('pseudId', '=', pseudId).executeTakeFirst();
}

function creatorSortOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('works').select('creatorSort').where('id', '=', workId).executeTakeFirstOrThrow();
}

/**
 * Makes the database refuse the next write of this work's derived columns, as a full disk or
 * a lost connection would refuse it: a trigger on the works row, the engine's own failure.
 */
async function refuseDerivedWrites(workId: number): Promise<() => Promise<void>> {
  const db = server.ctx.db.kysely;
  if (engineOf(server.ctx.db.kysely) === 'postgres') {
    await sql`create function refuse_derived() returns trigger language plpgsql as $$ begin raise exception 'the disk is full'; end $$`.execute(db);
    await sql.raw(`create trigger refuse_derived before update of creator_sort on works for each row when (old.id = ${workId}) execute function refuse_derived()`).execute(db);
    return async () => {
      await sql`drop trigger refuse_derived on works`.execute(db);
      await sql`drop function refuse_derived()`.execute(db);
    };
  }
  await sql.raw(`create trigger refuse_derived before update of creator_sort on works when old.id = ${workId} begin select raise(abort, 'the disk is full'); end`).execute(db);
  return async () => {
    await sql`drop trigger refuse_derived`.execute(db);
  };
}

describe('answering a co-creator invitation', () => {
  it('is one transaction: when the work’s derived rows cannot be written, the answer is not kept either', async () => {
    const invitee = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author, { title: 'Half Done', coCreators: [invitee.login] });
    const before = await creatorSortOf(id);
    const allow = await refuseDerivedWrites(id);
    try {
      await expect(answerInvitation(server.ctx, invitee.id, id, invitee.pseudId, true)).rejects.toThrow(/disk is full/);
      expect(await creatorshipOf(id, invitee.pseudId)).toEqual({ isApproved: 0 });
      await expect(answerInvitation(server.ctx, invitee.id, id, invitee.pseudId, false)).rejects.toThrow(/disk is full/);
      expect(await creatorshipOf(id, invitee.pseudId)).toEqual({ isApproved: 0 });
    } finally {
      await allow();
    }
    expect(await creatorSortOf(id)).toEqual(before);
    // Once the database takes writes again, the same answer goes through whole.
    expect(await answerInvitation(server.ctx, invitee.id, id, invitee.pseudId, true)).toEqual({ ok: true });
    expect(await creatorshipOf(id, invitee.pseudId)).toEqual({ isApproved: 1 });
  });
});

describe('orphaning a work', () => {
  it('ends its pending invitations: the invitee is told, and cannot take the work', async () => {
    const invitee = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author, { title: 'Left to the Archive', coCreators: [invitee.login] });
    const inviteeAgent = await server.agent().signInAs(invitee.id);
    expect(await (await inviteeAgent.get(`/users/${invitee.login}/creatorships`)).text()).toContain('Left to the Archive');

    const authorAgent = await server.agent().signInAs(author.id);
    expect((await authorAgent.post(`/works/${id}/orphan`)).status).toBe(303);
    expect(await creatorshipOf(id, invitee.pseudId)).toBeUndefined();
    expect(await (await inviteeAgent.get(`/users/${invitee.login}/creatorships`)).text()).not.toContain('Left to the Archive');

    // The invitation page was open in another tab: accepting now explains why not.
    const refused = await inviteeAgent.post(`/users/${invitee.login}/creatorships/${id}/${invitee.pseudId}`, { answer: 'accept' });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/users/${invitee.login}/creatorships`);
    const page = await (await inviteeAgent.get(refused.headers.get('location')!)).text();
    expect(page).toContain('That invitation has ended: the work was orphaned');
    expect(await creatorshipOf(id, invitee.pseudId)).toBeUndefined();
    expect((await inviteeAgent.get(`/works/${id}/edit`)).status).toBe(403);
    expect((await inviteeAgent.post(`/works/${id}/delete`)).status).toBe(403);
    expect((await server.agent().get(`/works/${id}`)).status).toBe(200);
  });

  it('with the account ends the invitations of the works it leaves to orphan_account', async () => {
    const leaving = await makeUser(server.ctx);
    const invitee = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, leaving, { title: 'Left With an Account', coCreators: [invitee.login] });
    const agent = await server.agent().signInAs(leaving.id);
    expect((await agent.post(`/users/${leaving.login}/delete`, { password: leaving.password, works: 'orphan' })).status).toBe(303);
    expect(await creatorshipOf(id, invitee.pseudId)).toBeUndefined();
    expect(await answerInvitation(server.ctx, invitee.id, id, invitee.pseudId, true)).toEqual({ ok: false, errors: 'orphaned' });
  });

  it('keeps the invitations of a work another creator still holds', async () => {
    const partner = await makeUser(server.ctx);
    const invitee = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author, { title: 'Still Held', coCreators: [partner.login, invitee.login] });
    expect(await answerInvitation(server.ctx, partner.id, id, partner.pseudId, true)).toEqual({ ok: true });
    const authorAgent = await server.agent().signInAs(author.id);
    expect((await authorAgent.post(`/works/${id}/orphan`)).status).toBe(303);
    expect(await answerInvitation(server.ctx, invitee.id, id, invitee.pseudId, true)).toEqual({ ok: true });
    expect(await creatorshipOf(id, invitee.pseudId)).toEqual({ isApproved: 1 });
  });

  it('from before this fix: migration 010 ends the invitations still open on orphaned works', async () => {
    const invitee = await makeUser(server.ctx);
    const orphaned = await makeWork(server.ctx, author, { title: 'Orphaned Long Ago' });
    const held = await makeWork(server.ctx, author, { title: 'Held All Along', coCreators: [invitee.login] });
    // As orphaning left things until now: the credit moved to orphan_account, the invitation stayed.
    const db = server.ctx.db.kysely;
    const orphanPseud = await orphanAccountPseudId(db);
    await db.updateTable('creatorships').set({ pseudId: orphanPseud }).where('workId', '=', orphaned).execute();
    await db.insertInto('creatorships').values({ workId: orphaned, pseudId: invitee.pseudId, position: 1, isApproved: 0, createdAt: new Date().toISOString() }).execute();
    await endOrphanedInvitations(db);
    expect(await creatorshipOf(orphaned, invitee.pseudId)).toBeUndefined();
    expect(await creatorshipOf(held, invitee.pseudId)).toEqual({ isApproved: 0 });
  });
});
