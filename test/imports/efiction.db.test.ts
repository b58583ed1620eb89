import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDump, type ScratchDatabase } from '../../src/imports/efiction.dump.ts';
import { importEfiction, type EfictionImportOptions, type EfictionSummary } from '../../src/imports/efiction.service.ts';
import { page } from '../support/dom.ts';
import { makeUser, type TestUser } from '../support/factories.ts';
import { mariadbReachable, mysqlRows, mysqlServerUrl } from '../support/mariadb.ts';
import { useTestServer } from '../support/server.ts';

// A whole eFiction archive, read from MariaDB as eFiction left it (the project's own small
// archive, and the shared 40-story dump where ../shared is there), stored on the engine under
// test, and its old addresses answered by the real server.

const haveMariadb = await mariadbReachable();
const fixtures = fileURLToPath(new URL('../fixtures/efiction', import.meta.url));
const sampleDump = fileURLToPath(new URL('../../../../shared/samples/efiction/efiction-sample.sql', import.meta.url));
const haveSample = existsSync(sampleDump) || existsSync('/work/shared/samples/efiction/efiction-sample.sql');
const samplePath = existsSync(sampleDump) ? sampleDump : '/work/shared/samples/efiction/efiction-sample.sql';
if (haveMariadb && !haveSample) console.warn('note: ../shared/samples/efiction is not there, so the eFiction sample dump test is skipped.');

const server = useTestServer();
const SMALL_SOURCE = 'efiction:http://lantern-row.example.invalid/fiction';

async function run(scratch: ScratchDatabase, options: Partial<EfictionImportOptions> = {}): Promise<EfictionSummary> {
  const result = await importEfiction(server.ctx, { url: scratch.url, as: 'keeper', storiesDir: `${fixtures}/stories`, ...options });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

async function counts() {
  const db = server.ctx.db.kysely;
  const count = async (table: 'works' | 'chapters' | 'tags' | 'externalCreators' | 'externalCreatorships' | 'legacyIds' | 'creatorships' | 'pseuds' | 'comments' | 'notifications') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const commentCounts = await db.selectFrom('works').select((eb) => eb.fn.sum<number>('commentCount').as('n')).executeTakeFirstOrThrow();
  return {
    works: await count('works'), chapters: await count('chapters'), tags: await count('tags'), creators: await count('externalCreators'), creatorships: await count('externalCreatorships'),
    legacy: await count('legacyIds'), credits: await count('creatorships'), pseuds: await count('pseuds'), comments: await count('comments'), notifications: await count('notifications'), commentCounts: Number(commentCounts.n ?? 0),
  };
}

async function workOfStory(source: string, sid: number): Promise<number> {
  const row = await server.ctx.db.kysely.selectFrom('legacyIds').select('newId').where('source', '=', source).where('kind', '=', 'story').where('legacyId', '=', sid).executeTakeFirstOrThrow();
  return row.newId!;
}

async function tagsOf(workId: number): Promise<string[]> {
  const rows = await server.ctx.db.kysely.selectFrom('workTags').innerJoin('tags', 'tags.id', 'workTags.tagId').select(['tags.type', 'tags.name']).where('workTags.workId', '=', workId).execute();
  return rows.map((r) => `${r.type}:${r.name}`).sort();
}

async function location(path: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

let keeper: TestUser;
beforeAll(async () => {
  keeper = await makeUser(server.ctx, { login: 'keeper', role: 'archivist' });
});

describe.runIf(haveMariadb)('records-room import-efiction: the project archive', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await loadDump(mysqlServerUrl, `${fixtures}/small-archive.sql`);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('stops after --limit stories, and a run again goes on without duplicates', async () => {
    const first = await run(scratch, { limit: 1 });
    expect(first).toMatchObject({ imported: 1, present: 0, stoppedEarly: true, series: 0, reviewsInSource: 3, reviews: 1, reviewsLeft: 2 });
    expect((await counts()).works).toBe(1);
    const second = await run(scratch);
    expect(second).toMatchObject({ storiesInSource: 4, imported: 2, present: 1, stoppedEarly: false, series: 2, challenges: 1, reviews: 2, reviewsLeft: 1 });
    expect(second.skipped).toEqual([{ storyId: 12, reason: expect.stringMatching(/not validated/) }]);
    expect((await counts()).works).toBe(3);
  });

  it('stores stories with their chapters, creators, tags and original dates', async () => {
    const db = server.ctx.db.kysely;
    const lamps = await workOfStory(SMALL_SOURCE, 3);
    const work = await db.selectFrom('works').selectAll().where('id', '=', lamps).executeTakeFirstOrThrow();
    expect(work).toMatchObject({ title: "The Lamplighter's Almanac", publishedAt: '2005-01-01T00:00:00.000Z', updatedAt: '2005-02-01T00:00:00.000Z', isRestricted: 1, expectedChapters: 2 });
    expect(work.summary).toContain('<b>record</b>');
    expect(work.notes).toContain('Written for the winter exchange.');
    expect(work.notes).toContain('Challenge: Lamps in Winter');
    // The chapter eFiction never validated is left out; the others keep their order, HTML and notes.
    const chapters = await db.selectFrom('chapters').selectAll().where('workId', '=', lamps).orderBy('position').execute();
    expect(chapters.map((c) => c.title)).toEqual(['First Lamp', 'Last Lamp']);
    expect(chapters[0]!.body).toContain('<i>stubborn</i>');
    expect(chapters[0]!.body).toMatch(/^<p>The first lamp/);
    expect(chapters[0]!.notes).toContain('The quay is imaginary.');
    expect(chapters[0]!.endNotes).toContain('More lamps next week.');
    expect(chapters[1]!.body).toContain('naïve as a candle');
    expect(await tagsOf(lamps)).toEqual([
      'ArchiveWarning:No Archive Warnings Apply', 'Character:Captain Pell', 'Character:Isolde Marsh', 'Fandom:Harbour Lights: Radio Plays', 'Freeform:Angst', 'Rating:Teen And Up Audiences',
    ]);
    const salt = await workOfStory(SMALL_SOURCE, 7);
    expect(await tagsOf(salt)).toEqual(expect.arrayContaining(['Rating:Explicit', 'ArchiveWarning:Graphic Depictions Of Violence', 'Freeform:Language', 'Freeform:Mystery', 'Fandom:Harbour Lights']));
    // A chapter kept as a file (store = files) is read from the stories folder.
    const saltChapters = await db.selectFrom('chapters').select('body').where('workId', '=', salt).execute();
    expect(saltChapters[0]!.body).toContain('The salt was coarse');
    const ferry = await workOfStory(SMALL_SOURCE, 9);
    expect(await tagsOf(ferry)).toEqual(expect.arrayContaining(['Category:M/M', 'Rating:General Audiences', 'Fandom:Quiet Orchard']));
    expect((await db.selectFrom('works').select('notes').where('id', '=', ferry).executeTakeFirstOrThrow()).notes).toContain('Series: Tidewater Cycle, part 2');
  });

  it('credits authors and co-authors as external creators, invites them, and never keeps a password', async () => {
    const db = server.ctx.db.kysely;
    const lamps = await workOfStory(SMALL_SOURCE, 3);
    const creators = await db.selectFrom('externalCreatorships').innerJoin('externalCreators', 'externalCreators.id', 'externalCreatorships.externalCreatorId')
      .select(['externalCreators.name', 'externalCreators.email', 'externalCreatorships.state']).where('workId', '=', lamps).orderBy('position').execute();
    expect(creators).toEqual([
      { name: 'Wren Tallow', email: 'wren.tallow@example.invalid', state: 'unclaimed' },
      { name: 'Marrow Finch', email: 'marrow.finch@example.invalid', state: 'unclaimed' },
    ]);
    const pseuds = await db.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId').select('pseuds.name').where('workId', '=', lamps).orderBy('position').execute();
    expect(pseuds.map((p) => p.name)).toEqual(['Wren Tallow', 'Marrow Finch']);
    // Invitations went to the two authors with an address (Ottoline Grey has none).
    const invited = await db.selectFrom('claimInvitations').innerJoin('externalCreators', 'externalCreators.id', 'claimInvitations.externalCreatorId').select('externalCreators.name').execute();
    // (Wren Tallow was invited by each of the two runs that stored a work of theirs; either link claims them all.)
    expect([...new Set(invited.map((i) => i.name))].sort()).toEqual(['Marrow Finch', 'Wren Tallow']);
    const authors = await db.selectFrom('legacyIds').select(['legacyId']).where('source', '=', SMALL_SOURCE).where('kind', '=', 'author').orderBy('legacyId').execute();
    expect(authors.map((a) => a.legacyId)).toEqual([2, 4, 5]);
    for (const table of ['externalCreators', 'importedWorks', 'legacyIds', 'works', 'pseuds', 'users'] as const) {
      const rows = await db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('5f4dcc3b5aa765d61d8327deb882cf99');
    }
  });

  it('keeps reviews as published comments on their chapters, dated, signed, counted, and in nobody\'s inbox', async () => {
    const db = server.ctx.db.kysely;
    const lamps = await workOfStory(SMALL_SOURCE, 3);
    const ferry = await workOfStory(SMALL_SOURCE, 9);
    const comments = await db.selectFrom('comments').selectAll().orderBy('createdAt').execute();
    const [onLamps, onFerry] = comments;
    expect(comments).toHaveLength(2);
    // Review 1 named chapter 10 (the Almanac's first); review 2 was of the whole story: its first chapter.
    const lampChapters = await db.selectFrom('chapters').select('id').where('workId', '=', lamps).orderBy('position').execute();
    const ferryChapters = await db.selectFrom('chapters').select('id').where('workId', '=', ferry).orderBy('position').execute();
    expect(onLamps).toMatchObject({ workId: lamps, chapterId: lampChapters[0]!.id, guestName: 'Just A Reader', externalCreatorId: null, userId: null, guestEmail: null, status: 'published', depth: 0, createdAt: '2005-01-02T10:00:00.000Z', body: '<p>Lovely lamps.</p>' });
    // Wren Tallow (uid 2) is one of the archive's authors: the comment is linked to the creator she was imported as.
    const wren = await db.selectFrom('externalCreators').select('id').where('name', '=', 'Wren Tallow').executeTakeFirstOrThrow();
    expect(onFerry).toMatchObject({ workId: ferry, chapterId: ferryChapters[0]!.id, guestName: 'Wren Tallow', externalCreatorId: wren.id, status: 'published', createdAt: '2006-03-04T05:06:07.000Z' });
    expect(onFerry!.body).toContain('<b>fine</b>');
    const reviewRows = await db.selectFrom('legacyIds').select(['legacyId', 'newId']).where('source', '=', SMALL_SOURCE).where('kind', '=', 'review').orderBy('legacyId').execute();
    expect(reviewRows).toEqual([{ legacyId: 1, newId: onLamps!.id }, { legacyId: 2, newId: onFerry!.id }]);
    const works = await db.selectFrom('works').select(['id', 'commentCount']).where('id', 'in', [lamps, ferry]).orderBy('id').execute();
    expect(Object.fromEntries(works.map((w) => [w.id, w.commentCount]))).toEqual({ [lamps]: 1, [ferry]: 1 });
    expect((await counts()).notifications).toBe(0);
    // The work's comments page shows them (the works are for logged-in readers).
    const readerAgent = await server.agent().signInAs((await makeUser(server.ctx, { login: 'lamp_reader' })).id);
    const shown = page(await (await readerAgent.get(`/works/${ferry}/comments`)).text());
    expect(shown.text('body')).toContain('Wren Tallow (Imported author)');
    expect(shown.text('body')).toContain('See you on the far bank.');
    const lampsShown = page(await (await readerAgent.get(`/works/${lamps}/comments`)).text());
    expect(lampsShown.text('body')).toContain('Just A Reader (Guest)');
    expect(keeper.login).toBe('keeper');
  });

  it('keeps series and challenges in the mapping, with their stories in order', async () => {
    const db = server.ctx.db.kysely;
    const kept = await db.selectFrom('legacyIds').select(['kind', 'legacyId', 'newId', 'data']).where('source', '=', SMALL_SOURCE).where('kind', 'in', ['series', 'challenge']).orderBy('kind').orderBy('legacyId').execute();
    expect(kept.map((k) => `${k.kind} ${k.legacyId}`)).toEqual(['challenge 1', 'series 1', 'series 2']);
    const tidewater = JSON.parse(kept[1]!.data!);
    expect(tidewater).toMatchObject({ title: 'Tidewater Cycle', authorLegacyId: 2 });
    expect(tidewater.stories).toEqual([{ sid: 7, position: 1, workId: await workOfStory(SMALL_SOURCE, 7) }, { sid: 9, position: 2, workId: await workOfStory(SMALL_SOURCE, 9) }]);
  });

  it('redirects old addresses permanently to the new pages', async () => {
    const lamps = await workOfStory(SMALL_SOURCE, 3);
    const chapters = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', lamps).orderBy('position').execute();
    expect(await location('/viewstory.php?sid=3')).toEqual({ status: 301, location: `/works/${lamps}` });
    // &chapter=M is eFiction's order: chapter 3 there is the second here (2 was never validated).
    expect(await location('/viewstory.php?sid=3&chapter=3')).toEqual({ status: 301, location: `/works/${lamps}/chapters/${chapters[1]!.id}` });
    expect(await location('/viewstory.php?sid=3&chapter=1')).toEqual({ status: 301, location: `/works/${lamps}/chapters/${chapters[0]!.id}` });
    expect(await location('/viewstory.php?sid=3&chapter=all')).toEqual({ status: 301, location: `/works/${lamps}` });
    expect(await location('/viewuser.php?uid=2')).toEqual({ status: 301, location: '/users/keeper/pseuds/Wren%20Tallow' });
    // The series its stories joined here (src/series), in eFiction's order.
    const tidewater = await server.ctx.db.kysely.selectFrom('serialWorks').select(['seriesId', 'workId']).where('workId', 'in', [await workOfStory(SMALL_SOURCE, 7), await workOfStory(SMALL_SOURCE, 9)]).orderBy('position').execute();
    expect(tidewater.map((p) => p.workId)).toEqual([await workOfStory(SMALL_SOURCE, 7), await workOfStory(SMALL_SOURCE, 9)]);
    expect(await location('/series.php?seriesid=1')).toEqual({ status: 301, location: `/series/${tidewater[0]!.seriesId}` });
    // A series with none of its stories here leads to its author's page.
    expect(await location('/series.php?seriesid=2')).toEqual({ status: 301, location: '/users/keeper/pseuds/Ottoline%20Grey' });
    // The redirect leads somewhere real (the works themselves are for logged-in readers).
    const followed = await fetch(`${server.url}/viewuser.php?uid=2`);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<h1>Works by Wren Tallow (keeper)</h1>');
    for (const missing of ['/viewstory.php?sid=12', '/viewstory.php?sid=999', '/viewstory.php?sid=abc', '/viewstory.php', '/viewuser.php?uid=6', '/series.php?seriesid=-1']) {
      expect((await location(missing)).status, missing).toBe(404);
    }
  });

  it('changes nothing when run again, and maps what an interrupted run stored but had not mapped', async () => {
    const before = await counts();
    const again = await run(scratch);
    expect(again).toMatchObject({ imported: 0, present: 3, invitations: 0, reviews: 2, reviewsLeft: 1 });
    expect(await counts()).toEqual(before);
    // As if a run had been killed after a group's commit and before its mapping.
    const salt = await workOfStory(SMALL_SOURCE, 7);
    const db = server.ctx.db.kysely;
    await db.deleteFrom('legacyIds').where('source', '=', SMALL_SOURCE).where((eb) => eb.or([eb.and([eb('kind', '=', 'story'), eb('legacyId', '=', 7)]), eb.and([eb('kind', '=', 'chapter'), eb('legacyId', '=', 21)])])).execute();
    expect((await counts()).legacy).toBe(before.legacy - 2);
    const resumed = await run(scratch);
    expect(resumed).toMatchObject({ imported: 0, present: 3 });
    expect(await workOfStory(SMALL_SOURCE, 7)).toBe(salt);
    expect(await counts()).toEqual(before);
  });
});

describe.runIf(haveMariadb && haveSample)('records-room import-efiction: the shared 40-story dump', () => {
  let scratch: ScratchDatabase;
  let source: string;
  beforeAll(async () => {
    scratch = await loadDump(mysqlServerUrl, samplePath);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('imports every story, chapter, author and review, with their dates, and maps every series', async () => {
    const summary = await run(scratch, { storiesDir: null });
    source = summary.source;
    const [stories] = await mysqlRows<{ n: number }>(scratch.url, 'select count(*) as n from fanfiction_stories');
    const [chapters] = await mysqlRows<{ n: number }>(scratch.url, "select count(*) as n from fanfiction_chapters where validated <> '0'");
    const [series] = await mysqlRows<{ n: number }>(scratch.url, 'select count(*) as n from fanfiction_series');
    const [reviews] = await mysqlRows<{ n: number }>(scratch.url, 'select count(*) as n from fanfiction_reviews');
    const credited = await mysqlRows<{ uid: number }>(scratch.url, 'select uid from fanfiction_stories union select uid from fanfiction_coauthors where sid in (select sid from fanfiction_stories)');
    expect(summary).toMatchObject({ storiesInSource: Number(stories!.n), imported: Number(stories!.n), skipped: [], series: Number(series!.n), reviewsInSource: Number(reviews!.n), reviews: Number(reviews!.n), reviewsLeft: 0 });
    const db = server.ctx.db.kysely;
    const mapped = async (kind: string) => db.selectFrom('legacyIds').select(['legacyId', 'newId']).where('source', '=', source).where('kind', '=', kind).execute();
    expect((await mapped('story')).length).toBe(Number(stories!.n));
    expect((await mapped('chapter')).length).toBe(Number(chapters!.n));
    expect((await mapped('chapter')).every((c) => c.newId !== null)).toBe(true);
    expect((await mapped('author')).map((a) => a.legacyId).sort((a, b) => a - b)).toEqual(credited.map((c) => Number(c.uid)).sort((a, b) => a - b));
    expect((await mapped('series')).length).toBe(Number(series!.n));
    const workIds = (await mapped('story')).map((s) => s.newId!);
    const stored = await db.selectFrom('chapters').select((eb) => eb.fn.countAll<number>().as('n')).where('workId', 'in', workIds).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(Number(chapters!.n));
    // Every review is a published comment on the chapter it reviewed, counted in its work's comments,
    // with its date, its reviewer's name, and its stars kept in the text (the sample rates with stars).
    const reviewRows = await mysqlRows<{ reviewid: number; item: number; chapid: number; reviewer: string; uid: number; date: number; rating: number }>(scratch.url, 'select reviewid, item, chapid, reviewer, uid, date, rating from fanfiction_reviews');
    const reviewMap = new Map((await mapped('review')).map((r) => [r.legacyId, r.newId!]));
    const chapterMap = new Map((await mapped('chapter')).map((r) => [r.legacyId, r.newId!]));
    const authorMap = new Map((await mapped('author')).map((r) => [r.legacyId, r.newId!]));
    expect(reviewMap.size).toBe(Number(reviews!.n));
    let linked = 0;
    for (const review of reviewRows) {
      const comment = await db.selectFrom('comments').selectAll().where('id', '=', reviewMap.get(Number(review.reviewid))!).executeTakeFirstOrThrow();
      expect(comment, `review ${review.reviewid}`).toMatchObject({
        workId: await workOfStory(source, Number(review.item)), chapterId: chapterMap.get(Number(review.chapid)), status: 'published', guestName: review.reviewer,
        createdAt: new Date(Number(review.date) * 1000).toISOString(), externalCreatorId: authorMap.get(Number(review.uid)) ?? null,
      });
      if (comment.externalCreatorId !== null) linked++;
      if (Number(review.rating) > 0) expect(comment.body).toContain(`<p>Rated ${review.rating} out of 10.</p>`);
      else expect(comment.body).not.toContain('Rated');
    }
    expect(linked).toBeGreaterThan(0);
    const commentCounts = await db.selectFrom('works').select((eb) => eb.fn.sum<number>('commentCount').as('n')).where('id', 'in', workIds).executeTakeFirstOrThrow();
    expect(Number(commentCounts.n)).toBe(Number(reviews!.n));
    expect((await counts()).notifications).toBe(0);
    // Dates kept: every work's published date is its story's.
    const dates = await mysqlRows<{ sid: number; date: number }>(scratch.url, 'select sid, date from fanfiction_stories');
    for (const { sid, date } of dates) {
      const work = await db.selectFrom('works').select('publishedAt').where('id', '=', await workOfStory(source, Number(sid))).executeTakeFirstOrThrow();
      expect(work.publishedAt, `story ${sid}`).toBe(new Date(Number(date) * 1000).toISOString());
    }
  });

  it('redirects every old story address, and a second run changes nothing', async () => {
    const stories = await server.ctx.db.kysely.selectFrom('legacyIds').select(['legacyId', 'newId']).where('source', '=', source).where('kind', '=', 'story').execute();
    for (const story of stories) expect(await location(`/viewstory.php?sid=${story.legacyId}`)).toEqual({ status: 301, location: `/works/${story.newId}` });
    // Every series leads to the series its stories joined here (src/series; some are only partly
    // in the dump), or, when its stories joined another series of theirs first, to its first work.
    const series = await server.ctx.db.kysely.selectFrom('legacyIds').select(['legacyId', 'data']).where('source', '=', source).where('kind', '=', 'series').execute();
    let joined = 0;
    for (const one of series) {
      const data = JSON.parse(one.data!) as { title: string; stories: { position: number; workId: number | null }[] };
      const first = data.stories.filter((m) => m.workId !== null).sort((a, b) => a.position - b.position)[0];
      const here = await server.ctx.db.kysely.selectFrom('series').innerJoin('serialWorks', 'serialWorks.seriesId', 'series.id').select('series.id').where('serialWorks.workId', '=', first!.workId!).where('series.titleKey', '=', data.title.trim().toLowerCase()).executeTakeFirst();
      if (here) joined += 1;
      expect(await location(`/series.php?seriesid=${one.legacyId}`), `series ${one.legacyId}`).toEqual({ status: 301, location: here ? `/series/${here.id}` : `/works/${first!.workId}` });
    }
    expect(joined).toBeGreaterThan(0);
    const before = await counts();
    const again = await run(scratch, { storiesDir: null });
    expect(again).toMatchObject({ imported: 0, present: stories.length, reviewsLeft: 0 });
    expect(again.reviews).toBe(again.reviewsInSource);
    expect(await counts()).toEqual(before);
  });
});
