import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

async function chaptersOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('chapters').select(['id', 'position', 'title']).where('workId', '=', workId).orderBy('position').execute();
}

function chapterIdFrom(response: Response): number {
  const match = /\/chapters\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (!match) throw new Error(`expected a redirect to a chapter, got ${response.status}`);
  return Number(match[1]);
}

describe('chapters', () => {
  it('are added, read one at a time with previous and next, and all at once', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Serial', expectedChapters: null });
    const agent = await server.agent().signInAs(author.id);
    const form = await (await agent.get(`/works/${id}/chapters/new`)).text();
    const key = /name="submissionKey" value="([^"]+)"/.exec(form)![1]!;
    const second = chapterIdFrom(await agent.post(`/works/${id}/chapters`, { chapterTitle: 'The Storm', text: 'Thunder rolled over Smallville.', submissionKey: key }));
    // The same form again posts nothing new.
    expect(chapterIdFrom(await agent.post(`/works/${id}/chapters`, { chapterTitle: 'The Storm', text: 'Thunder rolled over Smallville.', submissionKey: key }))).toBe(second);
    const [first] = await chaptersOf(id);

    const reader = server.agent();
    const chapterTwo = await (await reader.get(`/works/${id}/chapters/${second}`)).text();
    expect(chapterTwo).toContain('Chapter 2');
    expect(chapterTwo).toContain('The Storm');
    expect(chapterTwo).toContain('Thunder rolled over Smallville.');
    expect(chapterTwo).not.toContain('Clark listened to the rain');
    expect(chapterTwo).toContain(`href="/works/${id}/chapters/${first!.id}"`);
    expect(page(chapterTwo).term('Chapters:')).toBe('2/?');
    const workPage = await (await reader.get(`/works/${id}`)).text();
    expect(page(workPage).attr('a[rel="next"]', 'href')).toBe(`/works/${id}/chapters/${second}`);
    const full = await (await reader.get(`/works/${id}?view_full_work=true`)).text();
    expect(full).toContain('Clark listened to the rain');
    expect(full).toContain('Thunder rolled over Smallville.');
    const index = await (await reader.get(`/works/${id}/navigate`)).text();
    expect(index).toContain('2. The Storm');
    const work = await server.ctx.db.kysely.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(work.wordCount).toBe(9 + 4);
    expect(work.chapterCount).toBe(2);
  });

  it('complete a work when the expected count is reached', async () => {
    const id = await makeWork(server.ctx, author, { expectedChapters: 2 });
    const agent = await server.agent().signInAs(author.id);
    await agent.post(`/works/${id}/chapters`, { text: 'The end.' });
    const html = await (await agent.get(`/works/${id}`)).text();
    expect(page(html).term('Chapters:')).toBe('2/2');
    const work = await server.ctx.db.kysely.selectFrom('works').select('isComplete').where('id', '=', id).executeTakeFirstOrThrow();
    expect(work.isComplete).toBe(1);
  });

  it('are edited, and the word count follows', async () => {
    const id = await makeWork(server.ctx, author);
    const [chapter] = await chaptersOf(id);
    const agent = await server.agent().signInAs(author.id);
    const form = await (await agent.get(`/works/${id}/chapters/${chapter!.id}/edit`)).text();
    expect(form).toContain('Clark listened to the rain.');
    const response = await agent.post(`/works/${id}/chapters/${chapter!.id}/edit`, { chapterTitle: 'Renamed', text: 'Just three words.' });
    expect(response.status).toBe(303);
    const work = await server.ctx.db.kysely.selectFrom('works').select('wordCount').where('id', '=', id).executeTakeFirstOrThrow();
    expect(work.wordCount).toBe(3);
  });

  it('refuse empty text and keep the title typed', async () => {
    const id = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Almost', text: '   ' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('The chapter needs some text.');
    expect(html).toContain('value="Almost"');
  });

  it('are reordered without JavaScript', async () => {
    const id = await makeWork(server.ctx, author, { expectedChapters: null });
    const agent = await server.agent().signInAs(author.id);
    await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Second', text: 'Two.' });
    await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Third', text: 'Three.' });
    const [a, b, c] = await chaptersOf(id);
    const bad = await agent.post(`/works/${id}/chapters/manage`, { [`position_${a!.id}`]: '1', [`position_${b!.id}`]: '1', [`position_${c!.id}`]: 'x' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('different position');
    const good = await agent.post(`/works/${id}/chapters/manage`, { [`position_${a!.id}`]: '3', [`position_${b!.id}`]: '1', [`position_${c!.id}`]: '2' });
    expect(good.status).toBe(303);
    expect((await chaptersOf(id)).map((ch) => ch.title)).toEqual(['Second', 'Third', null]);
  });

  it('are deleted after confirmation, but never the last one', async () => {
    const id = await makeWork(server.ctx, author, { expectedChapters: null });
    const agent = await server.agent().signInAs(author.id);
    await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Doomed', text: 'Soon gone.' });
    const [first, second] = await chaptersOf(id);
    expect(await (await agent.get(`/works/${id}/chapters/${second!.id}/confirm_delete`)).text()).toContain('Yes, delete this chapter');
    expect((await agent.post(`/works/${id}/chapters/${second!.id}/delete`)).status).toBe(303);
    expect(await chaptersOf(id)).toHaveLength(1);
    const last = await agent.post(`/works/${id}/chapters/${first!.id}/delete`);
    expect(last.status).toBe(409);
    expect(await chaptersOf(id)).toHaveLength(1);
  });

  it('cannot be changed by others', async () => {
    const id = await makeWork(server.ctx, author);
    const [chapter] = await chaptersOf(id);
    const other = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(other.id);
    expect((await agent.get(`/works/${id}/chapters/new`)).status).toBe(403);
    expect((await agent.post(`/works/${id}/chapters/${chapter!.id}/edit`, { text: 'Hijacked' })).status).toBe(403);
    expect((await agent.post(`/works/${id}/chapters/${chapter!.id}/delete`)).status).toBe(403);
    expect((await agent.post(`/works/${id}/chapters/manage`, {})).status).toBe(403);
    const own = await server.agent().signInAs(author.id);
    expect((await own.post(`/works/${id}/chapters/${chapter!.id}/edit`, { text: 'No token' }, { csrf: false })).status).toBe(403);
  });
});
