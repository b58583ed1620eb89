import { beforeAll, describe, expect, it } from 'vitest';
import { insertBatch } from '../../src/imports/import.repository.ts';
import { importPaths } from '../../src/imports/import.service.ts';
import { storeGroup, type Batch } from '../../src/imports/import.store.ts';
import { parsePaths } from '../../src/legacy/parse.ts';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// What a batch records of its run: a legacy page's emphasis and repairs, a path that is not
// there, and the counts of a run that was interrupted.

const HTML_FIXTURES = 'test/fixtures/imports-html';

const server = useTestServer();
let archivist: TestUser;

beforeAll(async () => {
  archivist = await makeUser(server.ctx, { role: 'archivist' });
});

async function batchCount(): Promise<number> {
  const row = await server.ctx.db.kysely.selectFrom('importBatches').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a legacy web page imported', () => {
  let batchId: number;
  let workId: number;
  beforeAll(async () => {
    const result = await importPaths(server.ctx, [HTML_FIXTURES], { as: archivist.login, invite: false });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    batchId = result.value.batchId;
    const row = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Hayloft Weather').executeTakeFirstOrThrow();
    workId = row.id;
  });

  it('keeps its italics as emphasis, not as asterisks', async () => {
    const chapter = await server.ctx.db.kysely.selectFrom('chapters').select('body').where('workId', '=', workId).executeTakeFirstOrThrow();
    expect(chapter.body).toContain('<em>never</em> wrong');
    expect(chapter.body).toContain('<em>exactly</em> as she had said');
    expect(chapter.body).not.toContain('*');
    const reader = await makeUser(server.ctx);
    const page = await (await (await server.agent().signInAs(reader.id)).get(`/works/${workId}`)).text();
    expect(page).toContain('<em>never</em>');
  });

  it('lists each repair once on the batch page, and counts it as one', async () => {
    const flags = await server.ctx.db.kysely.selectFrom('importFlags').select(['code', 'detail']).where('workId', '=', workId).execute();
    expect(flags.filter((flag) => flag.detail.includes('clich'))).toEqual([{ code: 'repair:lost-letter', detail: 'clich → cliché' }]);
    const page = await (await (await server.agent().signInAs(archivist.id)).get(`/imports/${batchId}`)).text();
    expect(page.split('clich →').length - 1).toBe(1);
    expect(page).not.toContain('restored as');
    expect(page).toContain('1 file read, 1 work imported');
    expect(page).toContain('1 repair,');
    expect(page).not.toMatch(/\b1 (files|works|repairs|flags)\b/);
  });
});

describe('a path that is not there', () => {
  it('is refused before a batch is made, naming the path', async () => {
    const before = await batchCount();
    const result = await importPaths(server.ctx, [HTML_FIXTURES, 'test/fixtures/no-such-folder'], { as: archivist.login, invite: false });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.paths).toMatch(/no file or folder "test\/fixtures\/no-such-folder"/);
    expect(await batchCount()).toBe(before);
  });
});

describe('a batch whose run was interrupted', () => {
  it('is closed by the next run with the counts of what it stored', async () => {
    const db = server.ctx.db.kysely;
    // The state a killed run leaves: its batch started, groups of works stored, its counts never written.
    const id = await insertBatch(db, { archivistId: archivist.id, archiveName: null, listName: null, startedAt: new Date().toISOString() });
    const batch: Batch = { id, archivistId: archivist.id, archive: null, list: null, contacts: { mbox: null } };
    const works: ImportedWork[] = [];
    for await (const event of parsePaths(['test/fixtures/imports'])) if (event.type === 'work') works.push(event.work);
    const results = await storeGroup(server.ctx, batch, works.map((work) => ({ kind: 'work' as const, work })), 0);
    const stored = results.filter((result) => result.kind === 'work' && result.outcome.kind === 'imported').length;
    expect(stored).toBeGreaterThan(1);
    await storeGroup(server.ctx, batch, [{ kind: 'skipped', skipped: { source: 'gone.txt', reason: 'empty file' } }], 0);

    const next = await importPaths(server.ctx, [`${HTML_FIXTURES}/hayloft.html`], { as: archivist.login, invite: false });
    expect(next.ok).toBe(true);
    const closed = await db.selectFrom('importBatches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(closed.finishedAt).not.toBeNull();
    expect(closed).toMatchObject({ worksImported: stored, skipped: 1 });
    const flags = await db.selectFrom('importFlags').select('code').where('batchId', '=', id).where('workId', 'is not', null).execute();
    expect(closed.flags).toBe(flags.filter((flag) => !flag.code.startsWith('repair:')).length);
  });
});
