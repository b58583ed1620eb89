import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Bookmarks of a series: made from its page, listed with the series' blurb, counted in its
// stats when public, and seen by others only while one of its works is listed to them.

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
let readerAgent: Agent;

async function seriesOf(workIds: number[], title: string): Promise<number> {
  const db = server.ctx.db.kysely;
  const now = new Date().toISOString();
  const row = await db.insertInto('series').values({ title, titleKey: title.toLowerCase(), summary: null, notes: null, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('serialWorks').values(workIds.map((workId, i) => ({ seriesId: row.id, workId, position: i + 1, createdAt: now }))).execute();
  return row.id;
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  readerAgent = await server.agent().signInAs(reader.id);
});

describe('bookmarking a series', () => {
  it('bookmarks it from its page with notes and tags, lists it with the series’ blurb and counts it', async () => {
    const seriesId = await seriesOf([await makeWork(server.ctx, author, { title: 'Kept Part' })], 'Kept Series');
    const shown = page(await (await readerAgent.get(`/series/${seriesId}`)).text());
    expect(shown.attr('a[href$="/bookmarks/new"]', 'href')).toBe(`/series/${seriesId}/bookmarks/new`);
    expect((await readerAgent.get(`/series/${seriesId}/bookmarks/new`)).status).toBe(200);
    const made = await readerAgent.post(`/series/${seriesId}/bookmarks`, { notes: 'All of it, in order.', tags: 'reread' });
    expect(made.status, await made.clone().text()).toBe(303);
    const bookmarkPath = made.headers.get('location')!;
    const own = page(await (await readerAgent.get(bookmarkPath)).text());
    expect(own.text(`li#series_${seriesId} h3 a`)).toBe('Kept Series');
    expect(own.text('.bookmark-details blockquote')).toBe('All of it, in order.');

    const list = page(await (await server.agent().get(`/users/${reader.login}/bookmarks`)).text());
    expect(list.text(`li#series_${seriesId} h3 a`)).toBe('Kept Series');
    expect(page(await (await server.agent().get(`/series/${seriesId}`)).text()).term('Bookmarks:')).toBe('1');

    // A second bookmark of it is the first one, to edit.
    const again = await readerAgent.get(`/series/${seriesId}/bookmarks/new`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`${bookmarkPath}/edit`);
    const twice = await readerAgent.post(`/series/${seriesId}/bookmarks`, { notes: 'Again' });
    expect(twice.status).toBe(422);
    expect(await server.ctx.db.kysely.selectFrom('bookmarks').select('id').where('seriesId', '=', seriesId).execute()).toHaveLength(1);
  });

  it('keeps a bookmark of a series of restricted works from guests, and refuses a series nobody may see', async () => {
    const seriesId = await seriesOf([await makeWork(server.ctx, author, { title: 'Members Part', isRestricted: true })], 'Members Kept');
    const made = await readerAgent.post(`/series/${seriesId}/bookmarks`, { notes: '' });
    expect(made.status).toBe(303);
    const path = made.headers.get('location')!;
    expect((await server.agent().get(path)).status).toBe(404);
    expect(await (await server.agent().get(`/users/${reader.login}/bookmarks`)).text()).not.toContain('Members Kept');
    expect((await (await server.agent().signInAs(author.id)).get(path)).status).toBe(200);

    const draftSeries = await seriesOf([await makeWork(server.ctx, author, { title: 'Draft Part', asDraft: true })], 'Draft Kept');
    expect((await readerAgent.post(`/series/${draftSeries}/bookmarks`, { notes: '' })).status).toBe(404);
    expect((await server.agent().post(`/series/${draftSeries}/bookmarks`, { notes: '' })).status).toBe(303);
  });
});
