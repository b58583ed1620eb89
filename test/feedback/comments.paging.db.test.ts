import { beforeAll, describe, expect, it } from 'vitest';
import { insertComment, nextPath } from '../../src/feedback/comment.repository.ts';
import { THREAD_CAP, REPLIES_PER_PAGE } from '../../src/feedback/thread.service.ts';
import { page } from '../support/dom.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// A thread too long for one page, on both engines: a chapter page shows the first THREAD_CAP
// comments of each thread and "Continue this thread"; the thread's own page pages its direct
// replies, so every comment of a thousand is a page or two away and no page renders them all.

const server = useTestServer();
let reader: TestUser;
let workId: number;
let chapterId: number;
let rootId: number;
const REPLIES = 260;

/** Comments written as the reply form would store them; their number is what this test is about. */
async function write(parent: { id: number; path: string; depth: number } | null, body: string): Promise<{ id: number; path: string; depth: number }> {
  const db = server.ctx.db.kysely;
  const path = await nextPath(db, chapterId, parent?.path ?? '');
  const depth = parent ? parent.depth + 1 : 0;
  const at = new Date().toISOString();
  const id = await insertComment(db, { workId, chapterId, parentId: parent?.id ?? null, path, depth, userId: reader.id, pseudId: reader.pseudId, guestName: null, guestEmail: null, addressKey: null, body: `<p>${body}</p>`, status: 'published', editedAt: null, createdAt: at, updatedAt: at });
  return { id, path, depth };
}

beforeAll(async () => {
  const author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  workId = await makeWork(server.ctx, author);
  chapterId = (await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow()).id;
  const root = await write(null, 'The root of it all.');
  rootId = root.id;
  for (let i = 1; i <= REPLIES; i++) await write(root, `Reply number ${i}.`);
  await write(null, 'A second, short thread.');
}, 120_000);

const replyNumbers = (html: string) => [...html.matchAll(/Reply number (\d+)\./g)].map((m) => Number(m[1]));

describe('a long thread', () => {
  it('shows the first comments of the thread on the chapter, the next thread whole, and a way on', async () => {
    const html = await (await server.agent().get(`/works/${workId}/comments`)).text();
    expect(replyNumbers(html)).toEqual(Array.from({ length: THREAD_CAP - 1 }, (_, i) => i + 1));
    expect(html).toContain('A second, short thread.');
    expect(html.match(new RegExp(`<a href="/comments/${rootId}">Continue this thread`, 'g'))).toHaveLength(1);
  });

  it('pages the thread’s own page by its replies, in order, to the last', async () => {
    const first = await (await server.agent().get(`/comments/${rootId}`)).text();
    expect(first).toContain('The root of it all.');
    expect(replyNumbers(first)).toEqual(Array.from({ length: REPLIES_PER_PAGE }, (_, i) => i + 1));
    const pages = Math.ceil(REPLIES / REPLIES_PER_PAGE);
    expect(page(first).text('.pagination [aria-current="page"]')).toBe(`Page 1 of ${pages}`);
    const last = await (await server.agent().get(`/comments/${rootId}?page=${pages}`)).text();
    expect(replyNumbers(last)).toEqual(Array.from({ length: REPLIES - (pages - 1) * REPLIES_PER_PAGE }, (_, i) => (pages - 1) * REPLIES_PER_PAGE + i + 1));
    expect(last).toContain('The root of it all.');
  });

});
