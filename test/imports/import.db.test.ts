import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPaths, importWork, type ImportSummary } from '../../src/imports/import.service.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

const FIXTURES = 'test/fixtures/imports';

const server = useTestServer();
let archivist: TestUser;
let reader: TestUser;
let first: ImportSummary;

async function workIdTitled(title: string): Promise<number> {
  const row = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', title).executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  archivist = await makeUser(server.ctx, { role: 'archivist' });
  reader = await makeUser(server.ctx);
  const result = await importPaths(server.ctx, [FIXTURES], { as: archivist.login, archive: 'Kansas Fic Attic', invite: false });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  first = result.value;
});

describe('importing for real', () => {
  it('stores each work once, restricted, under the archivist, and reports the rest', async () => {
    expect(first).toMatchObject({ filesRead: 5, imported: 5, present: 0 });
    expect(first.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['empty file', expect.stringMatching(/DO NOT ARCHIVE/)]));
    const works = await server.ctx.db.kysely.selectFrom('works').select(['title', 'isRestricted', 'isDraft', 'wordCount']).orderBy('id').execute();
    expect(works.map((w) => w.title)).toEqual(['Windows Facing North', 'The Lantern Keeper', 'Salt and Clover', 'The Loft', 'Paper Boats']);
    expect(works.every((w) => w.isRestricted === 1 && w.isDraft === 0 && w.wordCount > 30)).toBe(true);
    const batch = await server.ctx.db.kysely.selectFrom('importBatches').selectAll().where('id', '=', first.batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ archivistId: archivist.id, archiveName: 'Kansas Fic Attic', filesRead: 5, worksImported: 5, skipped: 2 });
    expect(batch.finishedAt).not.toBeNull();
  });

  it('credits the original creator by name, archived by the archivist, with the provenance on the page', async () => {
    const id = await workIdTitled('Windows Facing North');
    const page = await (await (await server.agent().signInAs(reader.id)).get(`/works/${id}`)).text();
    expect(page).toContain('>Marguerite Vale</a><span class="muted"> (imported, not yet claimed)</span>');
    expect(page).not.toContain(`Marguerite Vale (${archivist.login})`);
    expect(page).toContain('Chloe had taped the first sheet');
    expect(page).not.toContain('marguerite.vale@example.org');
    const anonymous = await server.agent().get(`/works/${id}`);
    expect(anonymous.status).toBe(303);
  });

  it('keeps a mail\'s original date as the work\'s published date, and shows it', async () => {
    const id = await workIdTitled('The Lantern Keeper');
    const work = await server.ctx.db.kysely.selectFrom('works').select(['publishedAt', 'updatedAt']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(work).toEqual({ publishedAt: '2002-09-15T02:10:04.000Z', updatedAt: '2002-09-15T02:10:04.000Z' });
    const shown = await (await (await server.agent().signInAs(reader.id)).get(`/works/${id}`)).text();
    expect(shown).toContain('<dt>Published:</dt><dd><time datetime="2002-09-15">2002-09-15</time></dd>');
  });

  it('lists the works under their tags and in search, for logged-in readers', async () => {
    const member = await server.agent().signInAs(reader.id);
    const html = await (await member.get('/works/search?q=pewter')).text();
    expect(html).toContain('Windows Facing North');
    expect(await (await server.agent().get('/works/search?q=pewter')).text()).not.toContain('Windows Facing North');
    expect(await (await member.get('/tags/Smallville/works')).text()).toContain('The Lantern Keeper');
  });

  it('indexes the works of a run that was interrupted, at the next run', async () => {
    const db = server.ctx.db.kysely;
    const id = await workIdTitled('Paper Boats');
    await db.deleteFrom('workSearch').where('workId', '=', id).execute().catch(() => undefined);
    if (engineOf(server.ctx.db.kysely) === 'sqlite') await sql`delete from work_search where rowid = ${id}`.execute(db);
    await db.updateTable('importBatches').set({ finishedAt: null }).where('id', '=', first.batchId).execute();
    const member = await server.agent().signInAs(reader.id);
    expect(await (await member.get('/works/search?q=funnies')).text()).not.toContain('Paper Boats');
    await importPaths(server.ctx, [`${FIXTURES}/empty.txt`], { as: archivist.login, invite: false });
    expect(await (await member.get('/works/search?q=funnies')).text()).toContain('Paper Boats');
    const batch = await db.selectFrom('importBatches').select('finishedAt').where('id', '=', first.batchId).executeTakeFirstOrThrow();
    expect(batch.finishedAt).not.toBeNull();
  });

  it('keeps the private address of each original creator, and marks creators without one', async () => {
    const creators = await server.ctx.db.kysely.selectFrom('externalCreators').select(['name', 'email']).orderBy('name').execute();
    expect(creators).toEqual([
      { name: 'Anselm Grey', email: null },
      // Two messages of one mbox: each sender is found in its own message.
      { name: 'Ignatius Wren', email: 'ignatius@example.net' },
      { name: 'Marguerite Vale', email: 'marguerite.vale@example.org' },
      { name: 'Rowena Marsh', email: 'rowena@example.org' },
      { name: 'Willow Reed', email: 'willow.reed@example.net' },
    ]);
    const flags = await server.ctx.db.kysely.selectFrom('importFlags').select(['code', 'source']).where('batchId', '=', first.batchId).execute();
    expect(flags).toContainEqual({ code: 'unreachable', source: `${FIXTURES}/nobody.html` });
  });

  it('changes nothing when the same files are imported again', async () => {
    const count = async () => {
      const db = server.ctx.db.kysely;
      const [works, chapters, tags, creators] = await Promise.all([
        db.selectFrom('works').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('chapters').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('workTags').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('externalCreators').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return [works.n, chapters.n, tags.n, creators.n].map(Number);
    };
    const before = await count();
    const again = await importPaths(server.ctx, [FIXTURES], { as: archivist.login, invite: false });
    expect(again.ok && again.value).toMatchObject({ imported: 0, present: 5 });
    expect(await count()).toEqual(before);
  });

  it('refuses accounts that are not archivists', async () => {
    const result = await importPaths(server.ctx, [FIXTURES], { as: reader.login });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.as).toMatch(/not an archivist/);
    const nobody = await importPaths(server.ctx, [FIXTURES], { as: 'no_such_person' });
    expect(!nobody.ok && nobody.errors.as).toMatch(/no account/);
  });

  it('leaves nothing of a work whose transaction fails', async () => {
    const db = server.ctx.db.kysely;
    const before = await db.selectFrom('works').select('id').execute();
    const work: ImportedWork = {
      sources: ['broken.txt'], title: 'Half A Story', creators: ['Nobody Known'], fandoms: ['Smallville'], rating: 'Not Rated',
      warnings: ['Choose Not To Use Archive Warnings'], categories: [], relationships: [], characters: [], freeforms: ['Unfinished Business'],
      summary: null, notes: null, endNotes: null, disclaimer: null, challenge: null, series: null, status: 'unknown', form: 'story',
      chapters: [{ title: null, text: 'It began well enough.', words: 4 }], words: 4, archiveConsent: null,
      provenance: { archive: null, list: null, feedback: null, encoding: 'utf-8' }, repairs: [], labels: [], flags: [],
    };
    // A batch that does not exist fails the last insert, after the work and its chapter were written.
    const outcome = await importWork(server.ctx, { id: 987654, archivistId: archivist.id, archive: null, list: null }, work);
    expect(outcome.kind).toBe('skipped');
    expect(await db.selectFrom('works').select('id').execute()).toEqual(before);
    expect(await db.selectFrom('chapters').select('id').where('body', 'like', '%began well enough%').execute()).toEqual([]);
    expect(await db.selectFrom('tags').select('id').where('name', '=', 'Unfinished Business').execute()).toEqual([]);
    expect(await db.selectFrom('externalCreators').select('id').where('name', '=', 'Nobody Known').execute()).toEqual([]);
  });
});
