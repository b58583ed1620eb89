import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { takeCommentPoints } from '../../src/feedback/comment.limits.ts';
import { page } from '../support/dom.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Spam and abuse through the real server: the rate limits (shared across processes on
// PostgreSQL), the honeypot, and the local spam rules, with what creators do about them.

const server = useTestServer({ TRUST_PROXY: 'true', COMMENTS_PER_MINUTE: '3', COMMENTS_PER_DAY: '50' });
let author: TestUser;
let address = 0;
const from = () => ({ 'x-forwarded-for': `203.0.113.${++address}` });

async function commentsOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('comments').selectAll().where('workId', '=', workId).orderBy('id').execute();
}

async function commentCount(workId: number): Promise<number> {
  return (await server.ctx.db.kysely.selectFrom('works').select('commentCount').where('id', '=', workId).executeTakeFirstOrThrow()).commentCount;
}

/** An account made a month ago: no longer new. */
async function establishedUser(): Promise<TestUser> {
  const user = await makeUser(server.ctx);
  await server.ctx.db.kysely.updateTable('users').set({ createdAt: new Date(Date.now() - 30 * 86_400_000).toISOString() }).where('id', '=', user.id).execute();
  return user;
}

async function openToGuests(): Promise<number> {
  const workId = await makeWork(server.ctx, author);
  await server.ctx.db.kysely.updateTable('works').set({ commentPermission: 'everyone' }).where('id', '=', workId).execute();
  return workId;
}

async function post(agent: Agent, workId: number, fields: Record<string, string>, headers: Record<string, string>) {
  return agent.post(`/works/${workId}/comments`, fields, { headers });
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

describe('comment abuse', () => {
  it('rate limits an account, and an address, keeping the text of the refused comment', async () => {
    const workId = await makeWork(server.ctx, author);
    const reader = await establishedUser();
    const agent = await server.agent().signInAs(reader.id);
    const headers = from();
    for (let i = 1; i <= 3; i++) expect((await post(agent, workId, { body: `Thought number ${i}` }, headers)).status).toBe(303);
    const refused = await post(agent, workId, { body: 'One thought too many' }, headers);
    expect(refused.status).toBe(429);
    const refusedPage = page(await refused.text());
    expect(refusedPage.text('.error-summary')).toMatch(/You are posting comments too quickly\. Wait \d+ seconds?/);
    expect(refusedPage.value('body')).toBe('One thought too many');
    // The same account from another address is still the same account.
    expect((await post(agent, workId, { body: 'From elsewhere' }, from())).status).toBe(429);
    // Another account behind the same address shares the address's count.
    const neighbour = await server.agent().signInAs((await establishedUser()).id);
    expect((await post(neighbour, workId, { body: 'Next door' }, headers)).status).toBe(429);
    expect((await post(neighbour, workId, { body: 'Next door' }, from())).status).toBe(303);
    expect(await commentCount(workId)).toBe(4);
  });

  it('counts one limit across processes on PostgreSQL, and per process in SQLite’s memory', async () => {
    const second = createContext(server.ctx.config, openDatabase(server.ctx.config.database));
    try {
      const key = [`test:${Date.now()}`];
      expect(await takeCommentPoints(server.ctx, key)).toBeNull();
      expect(await takeCommentPoints(second, key)).toBeNull();
      expect(await takeCommentPoints(server.ctx, key)).toBeNull();
      const fourth = await takeCommentPoints(second, key);
      if (server.ctx.config.database.engine === 'postgres') {
        expect(fourth).toBeGreaterThan(0);
        expect(fourth).toBeLessThanOrEqual(60);
        const rows = await server.ctx.db.kysely.selectFrom('rateLimits').selectAll().where('key', 'like', `%${key[0]}`).execute();
        expect(rows.map((r) => r.points).sort()).toEqual([4, 4]);
      } else {
        // Two processes on one SQLite file would each count alone: the archive runs one.
        expect(fourth).toBeNull();
      }
    } finally {
      await second.db.close();
    }
  });

  it('a honeypot a person never sees: a robot that fills it is thanked, and nothing is kept', async () => {
    const workId = await openToGuests();
    const guest = server.agent();
    const headers = from();
    const form = page(await (await guest.get(`/works/${workId}/comments`, headers)).text());
    expect(form.attr('.hp', 'aria-hidden')).toBe('true');
    expect(form.attr('.hp input[name="website"]', 'tabindex')).toBe('-1');
    expect(form.attr('.hp input[name="website"]', 'type')).toBe('text');
    const robot = await post(guest, workId, { body: 'Great post, visit us', name: 'Bot', email: 'bot@example.invalid', website: 'http://spam.example' }, headers);
    expect(robot.status).toBe(303);
    expect(page(await (await guest.get(robot.headers.get('location')!, headers)).text()).text('.flash')).toBe('Comment created!');
    expect(await commentsOf(workId)).toHaveLength(0);
  });

  it('holds links from guests and new accounts for approval, publishes them from established accounts', async () => {
    const workId = await openToGuests();
    const body = 'Read my other story at https://stories.example/next';
    const guest = server.agent();
    const held = await post(guest, workId, { body, name: 'Linker', email: 'l@example.invalid' }, from());
    expect(page(await (await guest.get(held.headers.get('location')!)).text()).text('.flash')).toBe('Thank you: your comment will appear once the work’s creators approve it.');
    const newcomer = await server.agent().signInAs((await makeUser(server.ctx)).id);
    await post(newcomer, workId, { body: 'Mine too: <a href="https://stories.example/mine">here</a>' }, from());
    const settled = await server.agent().signInAs((await establishedUser()).id);
    await post(settled, workId, { body: 'A link from me: https://stories.example/old' }, from());
    expect((await commentsOf(workId)).map((c) => c.status)).toEqual(['pending', 'pending', 'published']);
    expect(await commentCount(workId)).toBe(1);

    // Others do not see what waits; the creator does, and approves it.
    const [guestComment] = await commentsOf(workId);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).not.toContain('stories.example/next');
    expect((await server.agent().get(`/comments/${guestComment!.id}`)).status).toBe(404);
    const owner = await server.agent().signInAs(author.id);
    const ownerView = page(await (await owner.get(`/works/${workId}/comments`)).text());
    expect(ownerView.text(`#comment-${guestComment!.id} .byline`)).toContain('Awaiting approval');
    const approved = await owner.post(`/comments/${guestComment!.id}/approve`, { return_to: `/works/${workId}/comments` });
    expect(approved.headers.get('location')).toBe(`/works/${workId}/comments`);
    expect(await commentCount(workId)).toBe(2);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).toContain('stories.example/next');
  });

  it('the same text again is held, and again and again is spam; many links are spam at once', async () => {
    const workId = await openToGuests();
    const reader = await server.agent().signInAs((await establishedUser()).id);
    for (let i = 0; i < 3; i++) await post(reader, workId, { body: 'First!' }, from());
    expect((await commentsOf(workId)).map((c) => c.status)).toEqual(['published', 'pending', 'spam']);
    const farm = Array.from({ length: 8 }, (_, i) => `https://farm.example/${i}`).join(' ');
    const settled = await server.agent().signInAs((await establishedUser()).id);
    await post(settled, workId, { body: farm }, from());
    expect((await commentsOf(workId)).at(-1)!.status).toBe('spam');
    expect(await commentCount(workId)).toBe(1);
  });

  it('creators mark spam and take it back exactly: the comment and the count come back', async () => {
    const workId = await openToGuests();
    const reader = await server.agent().signInAs((await establishedUser()).id);
    await post(reader, workId, { body: 'A fair comment' }, from());
    const [comment] = await commentsOf(workId);
    const owner = await server.agent().signInAs(author.id);
    expect((await reader.post(`/comments/${comment!.id}/spam`, {})).status).toBe(403);
    await owner.post(`/comments/${comment!.id}/spam`, {});
    expect((await commentsOf(workId))[0]!.status).toBe('spam');
    expect(await commentCount(workId)).toBe(0);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).not.toContain('A fair comment');
    await owner.post(`/comments/${comment!.id}/not_spam`, {});
    expect((await commentsOf(workId))[0]!.status).toBe('published');
    expect(await commentCount(workId)).toBe(1);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).toContain('A fair comment');
  });
});
