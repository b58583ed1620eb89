import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { importPaths, type ImportSummary } from '../../src/imports/import.service.ts';
import { runCli } from '../support/cli.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

// AO3 downloads (test/fixtures/ao3: two HTML files and an EPUB, written for the project) imported
// for real, on both engines, through the service `records-room import --as` runs.
const FIXTURES = 'test/fixtures/ao3';

const server = useTestServer();
let archivist: TestUser;
let reader: TestUser;
let first: ImportSummary;

async function storedWork(title: string) {
  const db = server.ctx.db.kysely;
  const work = await db.selectFrom('works').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
  const tags = await db
    .selectFrom('workTags')
    .innerJoin('tags', 'tags.id', 'workTags.tagId')
    .select(['tags.type', 'tags.name'])
    .where('workTags.workId', '=', work.id)
    .orderBy('tags.type')
    .orderBy('tags.name')
    .execute();
  const chapters = await db.selectFrom('chapters').selectAll().where('workId', '=', work.id).orderBy('position').execute();
  const tagsOf = (type: string) => tags.filter((t) => t.type === type).map((t) => t.name);
  return { work, chapters, tagsOf };
}

beforeAll(async () => {
  archivist = await makeUser(server.ctx, { role: 'archivist' });
  reader = await makeUser(server.ctx);
  const result = await importPaths(server.ctx, [FIXTURES], { as: archivist.login, invite: false });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  first = result.value;
});

describe('importing AO3 downloads', () => {
  it('stores each download as one work', () => {
    expect(first).toMatchObject({ filesRead: 3, imported: 3, present: 0 });
    expect(first.skipped).toEqual([]);
  });

  it('stores the tags under our names for AO3’s fixed ones', async () => {
    const { tagsOf } = await storedWork('The Tide Table');
    expect(tagsOf('Rating')).toEqual(['Mature']);
    expect(tagsOf('ArchiveWarning')).toEqual(['Graphic Depictions Of Violence', 'Major Character Death']);
    expect(tagsOf('Category')).toEqual(['F/F', 'Gen']);
    expect(tagsOf('Fandom')).toEqual(['Harbour Lights (TV 1994)']);
    expect(tagsOf('Relationship')).toEqual(['Ines Varga & Tomas Reid', 'Ines Varga/Marguerite Okafor']);
    expect(tagsOf('Character')).toEqual(['Ines Varga', 'Marguerite Okafor', 'Tomas Reid']);
    expect(tagsOf('Freeform')).toEqual(['Lighthouses', 'Slow Burn', 'Storms']);
    const letterbox = await storedWork('Salt in the Letterbox');
    expect(letterbox.tagsOf('ArchiveWarning')).toEqual(['Choose Not To Use Archive Warnings']);
    const ferry = await storedWork('Night Ferry');
    expect(ferry.tagsOf('ArchiveWarning')).toEqual(['Underage Sex']);
    expect(ferry.tagsOf('Rating')).toEqual(['Teen And Up Audiences']);
  });

  it('stores the chapters with their titles, summaries and notes, and the work’s summary and notes', async () => {
    const { work, chapters } = await storedWork('The Tide Table');
    expect(chapters.map((c) => c.title)).toEqual(['Low Water', null, 'The Light Comes On']);
    expect(chapters.map((c) => c.wordCount)).toEqual([71, 53, 39]);
    expect(work.wordCount).toBe(163);
    expect(chapters[0]?.summary).toBe('<p>The relief boat is late.</p>');
    expect(chapters[0]?.notes).toBe('<p>This chapter was the first thing I wrote for the bang.</p>');
    expect(chapters[1]?.endNotes).toBe('<p>The skiff is borrowed from a real one I saw in a harbour once.</p>');
    expect(chapters[0]?.body).toContain('<em>late</em>');
    expect(chapters.map((c) => c.body).join('')).not.toMatch(/Posted originally|adult content|drop by the Archive|Preface|Afterword/);
    expect(work.summary).toContain('she has to decide what she will keep <em>instead</em>.');
    expect(work.notes).toContain('Thanks to my beta');
    expect(work.notes).toContain('Series: Keepers of the Light, part 2');
    expect(work.notes).not.toContain('tidewriter@example.org');
    expect(work.endNotes).toBe('<p>Part three is planned. Thank you for reading!</p>');
  });

  it('keeps the original dates, the language, and complete or in progress', async () => {
    const tide = (await storedWork('The Tide Table')).work;
    expect(tide).toMatchObject({ publishedAt: '2021-03-14T00:00:00.000Z', updatedAt: '2021-06-02T00:00:00.000Z', language: 'en', isComplete: 1, expectedChapters: 3 });
    const letterbox = (await storedWork('Salt in the Letterbox')).work;
    expect(letterbox).toMatchObject({ publishedAt: '2019-11-30T00:00:00.000Z', updatedAt: '2019-11-30T00:00:00.000Z', isComplete: 1, chapterCount: 1 });
    const ferry = (await storedWork('Night Ferry')).work;
    expect(ferry).toMatchObject({ publishedAt: '2022-08-01T00:00:00.000Z', updatedAt: '2022-09-15T00:00:00.000Z', language: 'fr', isComplete: 0, expectedChapters: null, chapterCount: 2 });
  });

  it('shows the work as its author posted it, with AO3 as its provenance', async () => {
    const { work } = await storedWork('The Tide Table');
    const member = await server.agent().signInAs(reader.id);
    const html = await (await member.get(`/works/${work.id}?view_adult=true&view_full_work=true`)).text();
    const text = page(html).text('main') ?? '';
    expect(text).toContain('Low Water');
    expect(text).toContain('The relief boat is late.');
    expect(text).toContain('2021-03-14');
    expect(text).toContain('Archive of Our Own');
    const provenance = await server.ctx.db.kysely.selectFrom('importedWorks').select(['archiveName', 'originalHeader']).where('workId', '=', work.id).executeTakeFirstOrThrow();
    expect(provenance.archiveName).toBe('Archive of Our Own');
    expect(JSON.parse(provenance.originalHeader)).toContainEqual({ label: 'page notice', value: 'This work could have adult content. If you continue, you have agreed that you are willing to see such content.' });
  });

  it('changes nothing when the same downloads are imported again', async () => {
    const again = await importPaths(server.ctx, [FIXTURES], { as: archivist.login, invite: false });
    expect(again.ok && again.value).toMatchObject({ imported: 0, present: 3 });
  });
});

// The command itself, in a child process on the SQLite file in DATA_DIR (as command.db.test.ts).
describe.runIf((process.env.RR_TEST_ENGINE ?? 'sqlite') === 'sqlite')('records-room import of AO3 downloads', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rr-import-ao3-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) => runCli(args, { env: { DATA_DIR: dataDir } });

  it('prints each download as one work in the dry run, and stores it with its dates and tags', async () => {
    const dry = await run('import', '--dry-run', '--json', FIXTURES);
    expect(dry.code).toBe(0);
    const printed = dry.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(printed.map((w) => [w.title, w.chapters.length, w.publishedAt])).toEqual([
      ['Salt in the Letterbox', 1, '2019-11-30'], ['Night Ferry', 2, '2022-08-01'], ['The Tide Table', 3, '2021-03-14'],
    ]);
    expect((await run('user', 'create', '--role', 'archivist', 'ao3_keeper')).code).toBe(0);
    const real = await run('import', '--as', 'ao3_keeper', FIXTURES);
    expect(real.code).toBe(0);
    expect(real.stderr).toMatch(/3 files read, 3 works imported/);
    const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
    try {
      const work = await db.kysely.selectFrom('works').select(['id', 'publishedAt', 'language']).where('title', '=', 'Night Ferry').executeTakeFirstOrThrow();
      expect(work).toMatchObject({ publishedAt: '2022-08-01T00:00:00.000Z', language: 'fr' });
      const warnings = await db.kysely.selectFrom('workTags').innerJoin('tags', 'tags.id', 'workTags.tagId').select('tags.name').where('workTags.workId', '=', work.id).where('tags.type', '=', 'ArchiveWarning').execute();
      expect(warnings.map((w) => w.name)).toEqual(['Underage Sex']);
    } finally {
      await db.close();
    }
  }, 60_000);
});
