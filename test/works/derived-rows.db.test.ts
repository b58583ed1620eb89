import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPseud, editPseud } from '../../src/accounts/pseud.service.ts';
import { importPaths } from '../../src/imports/import.service.ts';
import { bulkWrangle } from '../../src/tags/wrangling.service.ts';
import { rebuildAllDerivedRows } from '../../src/works/derived.repository.ts';
import { drainJobs, makeTag, makeUser, makeWork, tagNamed, type TestUser, workForm, wrangle } from '../support/factories.ts';
import { claimPathIn, legacyStory, useClaimsArchive } from '../claims/support.ts';
import { engineOf } from '../../src/db/dialect.ts';

// Every use case that writes a work, one after another through the real server (or the real
// service where there is no page for it), and after each the derived rows (counts, creator
// sort, filter sets, search index) must be exactly what a rebuild from scratch makes of the
// archive as it then is. The rebuild also resets them, so each case is judged on its own.

const archive = useClaimsArchive();
const { mail, server } = archive;
let author: TestUser;
let coauthor: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
  coauthor = await makeUser(server.ctx);
});

type Rows = Map<string, string>;

/** The derived rows of the whole archive, each keyed by what identifies it. */
async function derivedRows(): Promise<Record<string, Rows>> {
  const db = server.ctx.db.kysely;
  const keyed = (rows: Record<string, unknown>[], key: (row: any) => string): Rows => {
    const map: Rows = new Map(rows.map((row) => [key(row), JSON.stringify(row)]));
    if (map.size !== rows.length) throw new Error('derivedRows: two rows share a key');
    return map;
  };
  const works = await db.selectFrom('works').select(['id', 'wordCount', 'chapterCount', 'isComplete', 'creatorSort']).execute();
  const filters = await db.selectFrom('workFilters').select(['workId', 'tagId', 'isInherited']).execute();
  const search =
    engineOf(server.ctx.db.kysely) === 'postgres'
      ? await sql<Record<string, unknown>>`select work_id, title, summary, tags, creators, body, document::text as document,
          tags_vector::text as tags_vector, creators_vector::text as creators_vector, pairs::text as pairs, ranking::text as ranking
          from work_search`.execute(db)
      : await sql<Record<string, unknown>>`select rowid as work_id, title, summary, tags, creators, body from work_search`.execute(db);
  return {
    works: keyed(works, (w) => `work ${w.id}`),
    filters: keyed(filters, (f) => `work ${f.workId} tag ${f.tagId}`),
    search: keyed(search.rows, (s) => `work ${s.workId}`),
  };
}

/** What differs between the derived rows as the use cases left them and as a rebuild makes them. */
async function staleRows(): Promise<string[]> {
  const current = await derivedRows();
  await rebuildAllDerivedRows(server.ctx.db.kysely);
  const rebuilt = await derivedRows();
  const problems: string[] = [];
  for (const table of Object.keys(rebuilt)) {
    const [now, fresh] = [current[table]!, rebuilt[table]!];
    for (const [key, row] of fresh) {
      if (!now.has(key)) problems.push(`${table}: missing ${key}`);
      else if (now.get(key) !== row) problems.push(`${table}: ${key} was ${now.get(key)!.slice(0, 300)}, a rebuild makes ${row.slice(0, 300)}`);
    }
    for (const key of now.keys()) if (!fresh.has(key)) problems.push(`${table}: left over ${key}`);
  }
  return problems;
}

function workIdFrom(response: Response): number {
  const match = /\/works\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (!match) throw new Error(`expected a redirect to a work, got ${response.status} ${response.headers.get('location')}`);
  return Number(match[1]);
}

function chaptersOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('chapters').select(['id', 'position']).where('workId', '=', workId).orderBy('position').execute();
}

describe('derived rows', () => {
  it('a check that notices rows written behind the use cases’ back', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Behind the Back' });
    expect(await staleRows()).toEqual([]);
    await server.ctx.db.kysely.updateTable('chapters').set({ wordCount: 999 }).where('workId', '=', id).execute();
    await server.ctx.db.kysely.updateTable('pseuds').set({ name: 'Renamed Quietly' }).where('id', '=', author.pseudId).execute();
    const stale = await staleRows();
    expect(stale.some((p) => p.startsWith(`works: work ${id} `) && p.includes('"wordCount":999'))).toBe(true);
    expect(stale.some((p) => p.startsWith(`search: work ${id} `))).toBe(true);
    await server.ctx.db.kysely.updateTable('pseuds').set({ name: author.login }).where('id', '=', author.pseudId).execute();
    await rebuildAllDerivedRows(server.ctx.db.kysely);
  });

  it('follow posting, editing and publishing a work', async () => {
    const agent = await server.agent().signInAs(author.id);
    const id = workIdFrom(await agent.post('/works', workForm(author, { title: 'Storm Cellar', coCreators: coauthor.login, expectedChapters: '3' })));
    expect(await staleRows()).toEqual([]);
    workIdFrom(await agent.post(`/works/${id}/edit`, workForm(author, { title: 'The Storm Cellar', freeforms: 'Thunder, Lanterns', summary: 'Changed.', isComplete: '1' })));
    expect(await staleRows()).toEqual([]);
    const draft = workIdFrom(await agent.post('/works', workForm(author, { title: 'Drafted First', action: 'draft' })));
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/works/${draft}/post`)).status).toBe(303);
    expect(await staleRows()).toEqual([]);
  });

  it('follow posting a work with several chapters at once (as post by mail does)', async () => {
    const second = { title: 'Two', summary: null, notes: null, endNotes: null, text: 'The second part came by the evening post.' };
    await makeWork(server.ctx, author, { title: 'Mailed Whole', asDraft: true, isComplete: true, moreChapters: [second] });
    expect(await staleRows()).toEqual([]);
  });

  it('follow adding, editing, reordering and deleting chapters', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Four Seasons', expectedChapters: 2 });
    const agent = await server.agent().signInAs(author.id);
    expect((await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Summer', text: 'The heat sat on the fields for a week.' })).status).toBe(303);
    const complete = await server.ctx.db.kysely.selectFrom('works').select(['isComplete', 'chapterCount']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(complete).toEqual({ isComplete: 1, chapterCount: 2 });
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Autumn', text: 'Leaves on the porch steps.' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    const [first, second, third] = await chaptersOf(id);
    expect((await agent.post(`/works/${id}/chapters/${second!.id}/edit`, { chapterTitle: 'High Summer', text: 'The heat sat on the fields for a whole month, and nobody went out.' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    const reordered = await agent.post(`/works/${id}/chapters/manage`, { [`position_${first!.id}`]: '3', [`position_${second!.id}`]: '1', [`position_${third!.id}`]: '2' });
    expect(reordered.status).toBe(303);
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/works/${id}/chapters/${third!.id}/delete`)).status).toBe(303);
    expect((await chaptersOf(id)).length).toBe(2);
    expect(await staleRows()).toEqual([]);
  });

  it('follow co-creators accepting, declining and leaving', async () => {
    const agent = await server.agent().signInAs(coauthor.id);
    const accepted = await makeWork(server.ctx, author, { title: 'Accepted Together', coCreators: [coauthor.login] });
    const declined = await makeWork(server.ctx, author, { title: 'Declined Together', coCreators: [coauthor.login] });
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/users/${coauthor.login}/creatorships/${accepted}/${coauthor.pseudId}`, { answer: 'accept' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/users/${coauthor.login}/creatorships/${declined}/${coauthor.pseudId}`, { answer: 'decline' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    // The author leaves; the work stays with the co-creator, who now sorts first.
    const authorAgent = await server.agent().signInAs(author.id);
    expect((await authorAgent.post(`/works/${accepted}/orphan`)).status).toBe(303);
    const work = await server.ctx.db.kysely.selectFrom('works').select('creatorSort').where('id', '=', accepted).executeTakeFirstOrThrow();
    expect(work.creatorSort).toBe(coauthor.login.toLowerCase());
    expect(await staleRows()).toEqual([]);
  });

  it('follow renaming and deleting a pseud', async () => {
    const writer = await makeUser(server.ctx);
    const second = await createPseud(server.ctx, writer.id, { name: 'Second Name', description: '' });
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    const pseud = await server.ctx.db.kysely.selectFrom('pseuds').selectAll().where('userId', '=', writer.id).where('nameKey', '=', 'second name').executeTakeFirstOrThrow();
    await makeWork(server.ctx, writer, { title: 'Under a Second Name', pseudIds: [pseud.id] });
    const agent = await server.agent().signInAs(writer.id);
    expect((await agent.post(`/users/${writer.login}/pseuds/${encodeURIComponent(pseud.name)}/edit`, { name: 'Zed Renamed', description: '' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/users/${writer.login}/pseuds/${encodeURIComponent('Zed Renamed')}/delete`)).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    // A description alone changes nothing derived, and needs no refresh.
    const renamed = await editPseud(server.ctx, (await server.ctx.db.kysely.selectFrom('pseuds').selectAll().where('id', '=', writer.pseudId).executeTakeFirstOrThrow()), { name: writer.login, description: 'Just words.' });
    expect(renamed.ok).toBe(true);
    expect(await staleRows()).toEqual([]);
  });

  it('follow wrangling, through the jobs that re-filter', async () => {
    const agent = await server.agent().signInAs(author.id);
    workIdFrom(await agent.post('/works', workForm(author, { title: 'Wrangled One', freeforms: 'Barn Cats, Kittens' })));
    workIdFrom(await agent.post('/works', workForm(author, { title: 'Wrangled Two', freeforms: 'Barn Kitties, Rain' })));
    await makeTag(server.ctx, 'Freeform', 'Animals', { canonical: true });
    await wrangle(server.ctx, 'Barn Cats', { isCanonical: true, metaTags: ['Animals'] });
    await drainJobs(server.ctx);
    expect(await staleRows()).toEqual([]);
    await wrangle(server.ctx, 'Barn Kitties', { synonymOf: 'Barn Cats' });
    await drainJobs(server.ctx);
    expect(await staleRows()).toEqual([]);
    const kittens = await tagNamed(server.ctx, 'Kittens');
    const bulk = await bulkWrangle(server.ctx, { action: 'synonym', tagIds: [kittens.id], synonymOf: 'Barn Cats', fandomId: null });
    expect(bulk.ok).toBe(true);
    await drainJobs(server.ctx);
    expect(await staleRows()).toEqual([]);
    // A canonical merged into another takes its synonyms along.
    await makeTag(server.ctx, 'Freeform', 'Cats', { canonical: true });
    await wrangle(server.ctx, 'Barn Cats', { synonymOf: 'Cats' });
    await drainJobs(server.ctx);
    expect(await staleRows()).toEqual([]);
    // A fandom parent changes no filter, and queues nothing.
    await makeTag(server.ctx, 'Fandom', 'Smallville (TV)', { canonical: true });
    await wrangle(server.ctx, 'Rain', { isCanonical: true, fandoms: ['Smallville (TV)'] });
    await drainJobs(server.ctx);
    expect(await staleRows()).toEqual([]);
  });

  it('follow importing, claiming and orphaning imported works, and removing one on request', async () => {
    const imported = await importPaths(server.ctx, ['test/fixtures/imports'], { as: archive.archivist.login, archive: 'Kansas Fic Attic', invite: false });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.value.imported).toBeGreaterThan(0);
    expect(await staleRows()).toEqual([]);

    const importStory = async (name: string, address: string, title: string) => {
      const result = await importPaths(server.ctx, [legacyStory(name, address, title)], { as: archive.archivist.login, archive: 'Prairie Archive' });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return claimPathIn(await mail.messageTo(address));
    };
    const claimer = await makeUser(server.ctx);
    const claimAgent = await server.agent().signInAs(claimer.id);
    const claimPath = await importStory('Rowan Ashdown', 'rowan.derived@example.org', 'Harvest of Bells');
    expect(await staleRows()).toEqual([]);
    expect((await claimAgent.post(claimPath, { action: 'claim', pseudId: String(claimer.pseudId), makePublic: '1' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    const orphanPath = await importStory('Linnea Vale', 'linnea.derived@example.org', 'Orphaned Harvest');
    expect((await claimAgent.post(orphanPath, { action: 'orphan' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    const removePath = await importStory('Kay Thorne', 'kay.derived@example.org', 'Harvest to Remove');
    expect((await claimAgent.post(removePath, { action: 'remove' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    const removed = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Harvest to Remove').executeTakeFirstOrThrow();
    const archivistAgent = await server.agent().signInAs(archive.archivist.id);
    expect((await archivistAgent.post(`/imports/removals/${removed.id}/delete`)).status).toBe(303);
    expect(await staleRows()).toEqual([]);
  });

  it('follow orphaning and deleting a work, and deleting an account', async () => {
    const leaving = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(leaving.id);
    const orphaned = await makeWork(server.ctx, leaving, { title: 'Left Behind' });
    const deleted = await makeWork(server.ctx, leaving, { title: 'Taken Away' });
    await makeWork(server.ctx, leaving, { title: 'Left With the Account' });
    expect((await agent.post(`/works/${orphaned}/orphan`)).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/works/${deleted}/delete`)).status).toBe(303);
    expect(await staleRows()).toEqual([]);
    expect((await agent.post(`/users/${leaving.login}/delete`, { password: leaving.password, works: 'orphan' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);

    const deleting = await makeUser(server.ctx);
    await makeWork(server.ctx, deleting, { title: 'Gone With the Account' });
    await makeWork(server.ctx, deleting, { title: 'Shared and Kept', coCreators: [author.login] });
    const deletingAgent = await server.agent().signInAs(deleting.id);
    expect((await deletingAgent.post(`/users/${deleting.login}/delete`, { password: deleting.password, works: 'delete' })).status).toBe(303);
    expect(await staleRows()).toEqual([]);
  });
});
