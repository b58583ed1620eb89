import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addChapter } from '../../src/works/chapter.service.ts';
import { findWork } from '../../src/works/work.repository.ts';
import { presentWorks } from '../../src/works/work.presenter.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
let other: TestUser;

const text = async (agent: Agent, path: string) => (await agent.get(path)).text();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readingOf(userId: number, workId: number) {
  return server.ctx.db.kysely.selectFrom('readings').selectAll().where('userId', '=', userId).where('workId', '=', workId).executeTakeFirst();
}

async function chapterIds(workId: number): Promise<number[]> {
  const rows = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').execute();
  return rows.map((r) => r.id);
}

async function withChapters(title: string, count: number): Promise<number> {
  const workId = await makeWork(server.ctx, author, { title, expectedChapters: null });
  for (let i = 2; i <= count; i++) await postChapter(workId, i);
  return workId;
}

async function postChapter(workId: number, n: number): Promise<void> {
  const work = (await findWork(server.ctx.db.kysely, workId))!;
  const result = await addChapter(server.ctx, work, { title: `Part ${n}`, summary: null, notes: null, endNotes: null, text: `Chapter ${n} of the farm.`, submissionKey: null });
  expect(result.ok).toBe(true);
}

async function ok(response: Response, status = 303): Promise<Response> {
  expect(response.status, await response.clone().text()).toBe(status);
  return response;
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  other = await makeUser(server.ctx);
});

describe('reading history', () => {
  it('records visits and the chapter reached, and offers to continue there', async () => {
    const workId = await withChapters('Long Farm', 3);
    const [, second, third] = await chapterIds(workId);
    const agent = await server.agent().signInAs(reader.id);
    await ok(await agent.get(`/works/${workId}`), 200);
    expect(await readingOf(reader.id, workId)).toMatchObject({ visitCount: 1, chapterId: null, toRead: 0 });
    await ok(await agent.get(`/works/${workId}/chapters/${third}`), 200);
    await ok(await agent.get(`/works/${workId}/chapters/${second}`), 200);
    expect(await readingOf(reader.id, workId)).toMatchObject({ visitCount: 3, chapterId: second });
    // The entire work keeps the chapter reached.
    await ok(await agent.get(`/works/${workId}?view_full_work=true`), 200);
    expect(await readingOf(reader.id, workId)).toMatchObject({ visitCount: 4, chapterId: second });

    const first = page(await text(agent, `/works/${workId}`));
    expect(first.attr('a[rel="bookmark"]', 'href')).toBe(`/works/${workId}/chapters/${second}`);
    expect(first.text('#reading')).toContain('Continue reading (Chapter 2)');
    // Not on the chapter reached itself.
    expect(page(await text(agent, `/works/${workId}/chapters/${second}`)).exists('a[rel="bookmark"]')).toBe(false);

    const history = page(await text(agent, `/users/${reader.login}/readings`));
    expect(history.text(`#reading_${(await readingOf(reader.id, workId))!.id} h3`)).toBe('Long Farm');
    expect(history.text('.reading-item')).toContain('(6 visits)');
    expect(history.links()).toContainEqual({ text: 'Continue reading (Chapter 2)', href: `/works/${workId}/chapters/${second}` });
  });

  it('keeps nothing for guests, creators, or readers who turned it off', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Unrecorded Farm' });
    await ok(await server.agent().get(`/works/${workId}`), 200);
    await ok(await (await server.agent().signInAs(author.id)).get(`/works/${workId}`), 200);
    const quiet = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(quiet.id);
    const preferences = page(await text(agent, `/users/${quiet.login}/preferences`));
    expect(preferences.checked('history_enabled')).toBe(true);
    await ok(await agent.post(`/users/${quiet.login}/preferences`, {}));
    expect(page(await text(agent, `/users/${quiet.login}/preferences`)).checked('history_enabled')).toBe(false);
    await ok(await agent.get(`/works/${workId}`), 200);
    const rows = await server.ctx.db.kysely.selectFrom('readings').selectAll().where('workId', '=', workId).execute();
    expect(rows).toEqual([]);
    expect(await text(agent, `/users/${quiet.login}/readings`)).toContain('Your history is turned off');
    // Mark for Later still works with the history off.
    await ok(await agent.post(`/works/${workId}/mark_for_later`, {}));
    expect(await text(agent, `/users/${quiet.login}/readings?show=to-read`)).toContain('Unrecorded Farm');
  });

  it('says "updated since you read it" when a chapter is posted after the last visit', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Growing Farm', expectedChapters: null });
    const agent = await server.agent().signInAs(reader.id);
    await ok(await agent.get(`/works/${workId}`), 200);
    const listing = async () => page(await text(agent, `/users/${author.login}/works`)).text(`#work_${workId} .viewer-state`) ?? '';
    expect(await listing()).toContain('Read ');
    expect(await listing()).not.toContain('Updated since');
    await pause(5);
    await postChapter(workId, 2);
    expect(await listing()).toContain('Updated since you read it');
    expect(await text(agent, `/users/${reader.login}/readings`)).toContain('Updated since you read it');
    await ok(await agent.get(`/works/${workId}`), 200);
    expect(await listing()).not.toContain('Updated since');
  });

  it('clears one entry, and all after a confirmation', async () => {
    const one = await makeWork(server.ctx, author, { title: 'First Cleared Farm' });
    const two = await makeWork(server.ctx, author, { title: 'Second Cleared Farm' });
    const clearer = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(clearer.id);
    await agent.get(`/works/${one}`);
    await agent.get(`/works/${two}`);
    await ok(await agent.post(`/works/${two}/mark_for_later`, {}));
    const entry = (await readingOf(clearer.id, one))!;
    await ok(await agent.post(`/users/${clearer.login}/readings/${entry.id}/delete`, {}));
    expect(await readingOf(clearer.id, one)).toBeUndefined();
    const forged = await agent.post(`/users/${clearer.login}/readings/999999/delete`, {});
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('No such entry in your history');
    expect((await agent.post(`/users/${clearer.login}/readings/abc/delete`, {})).status).toBe(404);

    const confirm = page(await text(agent, `/users/${clearer.login}/readings/clear`));
    expect(confirm.text('h1')).toBe('Clear your whole history?');
    expect(confirm.exists(`form[action="/users/${clearer.login}/readings/clear"] button`)).toBe(true);
    expect(await readingOf(clearer.id, two)).toMatchObject({ visitCount: 1 });
    await ok(await agent.post(`/users/${clearer.login}/readings/clear`, {}));
    const history = await text(agent, `/users/${clearer.login}/readings`);
    expect(history).toContain('Your history was cleared.');
    expect(history).not.toContain('Cleared Farm');
    // The mark for later outlives the history.
    expect(await readingOf(clearer.id, two)).toMatchObject({ visitCount: 0, lastReadAt: null, toRead: 1 });
    expect(await text(agent, `/users/${clearer.login}/readings?show=to-read`)).toContain('Second Cleared Farm');
  });

  it('is the reader’s alone: guests are asked to log in, others (administrators too) get a 404', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Secret Reading Farm' });
    const owner = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(owner.id);
    await agent.get(`/works/${workId}`);
    const entry = (await readingOf(owner.id, workId))!;

    const guest = server.agent();
    const refused = await guest.get(`/users/${owner.login}/readings`);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toMatch(/^\/login/);
    expect((await guest.post(`/users/${owner.login}/readings/clear`, {})).status).toBe(303);

    const admin = await makeUser(server.ctx, { role: 'admin' });
    for (const someone of [other, admin]) {
      const them = await server.agent().signInAs(someone.id);
      expect((await them.get(`/users/${owner.login}/readings`)).status).toBe(404);
      expect((await them.get(`/users/${owner.login}/readings?show=to-read`)).status).toBe(404);
      expect((await them.post(`/users/${owner.login}/readings/clear`, {})).status).toBe(404);
      expect((await them.post(`/users/${owner.login}/readings/${entry.id}/delete`, {})).status).toBe(404);
      // Their own address with someone else's entry changes nothing either.
      expect((await them.post(`/users/${someone.login}/readings/${entry.id}/delete`, {})).status).toBe(404);
    }
    expect(await readingOf(owner.id, workId)).toMatchObject({ id: entry.id, visitCount: 1 });
  });

  it('shows works since deleted, made drafts or hidden as such, to their reader only', async () => {
    const gone = await makeWork(server.ctx, author, { title: 'Gone Farm' });
    const hidden = await makeWork(server.ctx, author, { title: 'Hidden Farm' });
    const owner = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(owner.id);
    await agent.get(`/works/${gone}`);
    await agent.get(`/works/${hidden}`);
    await server.ctx.db.kysely.updateTable('works').set({ hiddenAt: '2026-01-01T00:00:00.000Z', hiddenReason: 'removal-requested' }).where('id', '=', hidden).execute();
    await ok(await (await server.agent().signInAs(author.id)).post(`/works/${gone}/delete`, {}));
    const history = page(await text(agent, `/users/${owner.login}/readings`));
    const titles = history.all('.reading-item h3');
    expect(titles).toContain('Gone Farm (deleted)');
    expect(titles).toContain('Hidden Farm (hidden)');
    expect(history.links().map((l) => l.href)).not.toContain(`/works/${hidden}`);
  });
});

describe('Mark for Later', () => {
  it('marks and unmarks from the work page without JavaScript, with its own list; reading keeps the mark', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Later Farm' });
    const marker = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(marker.id);
    const before = page(await text(agent, `/works/${workId}`));
    expect(before.attr('#reading form', 'action')).toBe(`/works/${workId}/mark_for_later`);
    const marked = await ok(await agent.post(`/works/${workId}/mark_for_later`, { return_to: `/works/${workId}` }));
    expect(marked.headers.get('location')).toBe(`/works/${workId}`);
    const after = page(await text(agent, `/works/${workId}`));
    expect(after.text('#reading button')).toBe('Mark as read');
    expect(await readingOf(marker.id, workId)).toMatchObject({ toRead: 1, visitCount: 2 });
    const list = page(await text(agent, `/users/${marker.login}/readings?show=to-read`));
    expect(list.text('h1')).toBe('Marked for Later');
    expect(list.all('.reading-item h3')).toEqual(['Later Farm']);
    expect(page(await text(agent, '/works')).text(`#work_${workId} .viewer-state`)).toContain('Marked for later');

    await ok(await agent.post(`/works/${workId}/mark_as_read`, { return_to: `/users/${marker.login}/readings?show=to-read` }));
    expect(await readingOf(marker.id, workId)).toMatchObject({ toRead: 0 });
    expect(await text(agent, `/users/${marker.login}/readings?show=to-read`)).toContain('Nothing is marked for later.');
    // Unmarking a work never read leaves no row behind.
    const unread = await makeWork(server.ctx, author, { title: 'Unread Later Farm' });
    await ok(await agent.post(`/works/${unread}/mark_for_later`, {}));
    expect(await readingOf(marker.id, unread)).toMatchObject({ toRead: 1, visitCount: 0 });
    await ok(await agent.post(`/works/${unread}/mark_as_read`, {}));
    expect(await readingOf(marker.id, unread)).toBeUndefined();
  });

  it('answers bad input clearly: guests, forged ids, drafts, hidden works', async () => {
    const guest = await server.agent().post('/works/1/mark_for_later', {});
    expect(guest.status).toBe(303);
    expect(guest.headers.get('location')).toMatch(/^\/login/);
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.post('/works/99999999/mark_for_later', {})).status).toBe(404);
    expect((await agent.post('/works/abc/mark_for_later', {})).status).toBe(404);
    const draft = await makeWork(server.ctx, author, { asDraft: true, title: 'Draft Later Farm' });
    expect((await agent.post(`/works/${draft}/mark_for_later`, {})).status).toBe(404);
    const own = await (await server.agent().signInAs(author.id)).post(`/works/${draft}/mark_for_later`, {});
    expect(own.status).toBe(409);
    expect(await own.text()).toContain('Drafts can’t be marked for later');
    const rows = await server.ctx.db.kysely.selectFrom('readings').selectAll().where('workId', '=', draft).execute();
    expect(rows).toEqual([]);
    expect((await agent.post(`/works/${draft}/mark_for_later`, {}, { csrf: false })).status).toBe(403);
  });
});

describe('per-viewer state on listings', () => {
  it('marks kudos, bookmarks, readings and marks on listings for the logged-in viewer only', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Marked Listing Farm' });
    const viewer = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(viewer.id);
    await agent.get(`/works/${workId}`);
    await ok(await agent.post(`/works/${workId}/kudos`, {}));
    await ok(await agent.post(`/works/${workId}/bookmarks`, { notes: '', tags: '' }));
    await ok(await agent.post(`/works/${workId}/mark_for_later`, {}));
    for (const path of ['/works', `/users/${author.login}/works`, `/users/${viewer.login}/bookmarks`, '/works/search?q=Marked+Listing']) {
      const state = page(await text(agent, path)).all(`#work_${workId} .viewer-state li`);
      expect(state, path).toEqual(['You left kudos', 'Bookmarked', expect.stringMatching(/^Read \d{4}-\d\d-\d\d$/), 'Marked for later']);
    }
    const guest = page(await text(server.agent(), `/users/${author.login}/works`));
    expect(guest.exists(`#work_${workId}`)).toBe(true);
    expect(guest.exists('.viewer-state')).toBe(false);
    const someoneElse = page(await text(await server.agent().signInAs(other.id), `/users/${author.login}/works`));
    expect(someoneElse.exists(`#work_${workId} .viewer-state`)).toBe(false);
  });

  it('loads each state for a whole page in one query, however many works', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await makeWork(server.ctx, author, { title: `Counted Farm ${i}` }));
    const agent = await server.agent().signInAs(reader.id);
    for (const id of ids.slice(0, 3)) {
      await agent.get(`/works/${id}`);
      await ok(await agent.post(`/works/${id}/kudos`, {}));
    }
    const counter = new TableCounter();
    const db = server.ctx.db.kysely.withPlugin(counter);
    const works = await Promise.all(ids.map(async (id) => (await findWork(db, id))!));
    counter.tables.length = 0;
    const views = await presentWorks(db, works, reader);
    expect(views.filter((v) => v.viewerState?.kudosGiven).length).toBe(3);
    expect(views.filter((v) => v.viewerState?.lastReadAt).length).toBe(3);
    const counts = (names: string[]) => Object.fromEntries(['kudos', 'bookmarks', 'readings'].map((t) => [t, names.filter((n) => n === t).length]));
    expect(counts(counter.tables)).toEqual({ kudos: 1, bookmarks: 1, readings: 1 });
    counter.tables.length = 0;
    await presentWorks(db, works.slice(0, 1), reader);
    expect(counts(counter.tables)).toEqual({ kudos: 1, bookmarks: 1, readings: 1 });
    counter.tables.length = 0;
    const guestViews = await presentWorks(db, works, null);
    expect(counts(counter.tables)).toEqual({ kudos: 0, bookmarks: 0, readings: 0 });
    expect(guestViews.some((v) => v.viewerState)).toBe(false);
  });
});

/** Notes the table each query reads from (the first table of its FROM), whatever the engine. */
class TableCounter implements KyselyPlugin {
  readonly tables: string[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as { kind: string; from?: { froms: { kind: string; table?: { identifier: { name: string } } }[] } };
    const first = node.kind === 'SelectQueryNode' ? node.from?.froms[0] : undefined;
    if (first?.kind === 'TableNode') this.tables.push(first.table!.identifier.name);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
