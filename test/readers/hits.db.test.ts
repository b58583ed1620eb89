import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { hitCounter } from '../../src/readers/hit.counter.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// Hits through the real server: one per visitor per work per day, creators and robots left out,
// pages from the cache counted, nothing written until a batch, and exact counts when several
// processes write the same visitors.

// The page cache is on, as in production: a page it serves must still count.
const server = useTestServer({ TRUST_PROXY: 'true', PAGE_CACHE_SECONDS: '60' });
let author: TestUser;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

async function hits(workId: number): Promise<number> {
  return (await server.ctx.db.kysely.selectFrom('works').select('hitCount').where('id', '=', workId).executeTakeFirstOrThrow()).hitCount;
}

function visit(path: string, address: string, userAgent = BROWSER) {
  return server.agent().get(path, { 'x-forwarded-for': address, 'user-agent': userAgent });
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

describe('hits', () => {
  it('one per visitor a day, written only in a batch, cached pages included', async () => {
    const workId = await makeWork(server.ctx, author);
    const first = await visit(`/works/${workId}`, '198.51.100.1');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-records-room-hit')).toBeNull();
    const again = await visit(`/works/${workId}`, '198.51.100.1');
    // The second view came from the page cache, and still counts (once: the same visitor).
    expect(again.headers.get('age')).not.toBeNull();
    await visit(`/works/${workId}?view_full_work=true`, '198.51.100.1');
    expect(await hits(workId)).toBe(0);
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(1);
    // Another browser at another address is another visitor, from the cache too.
    const other = await visit(`/works/${workId}`, '203.0.113.7', `${BROWSER} Edg/124.0`);
    expect(other.headers.get('age')).not.toBeNull();
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(2);
  });

  it('leaves out the work’s creators, robots and clients that give no user agent; counts a logged-in reader once', async () => {
    const workId = await makeWork(server.ctx, author);
    const own = await server.agent().signInAs(author.id);
    await own.get(`/works/${workId}`, { 'user-agent': BROWSER });
    await visit(`/works/${workId}`, '198.51.100.30', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await visit(`/works/${workId}`, '198.51.100.31', '');
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(0);
    const reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
    for (const address of ['198.51.100.40', '198.51.100.41']) await reader.get(`/works/${workId}`, { 'user-agent': BROWSER, 'x-forwarded-for': address });
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(1);
  });

  it('does not count a page the reader did not get: the adult notice, a missing work', async () => {
    const workId = await makeWork(server.ctx, author, { rating: 'Explicit' });
    const notice = await visit(`/works/${workId}`, '198.51.100.50');
    expect(await notice.text()).toContain('adult content');
    await visit('/works/999999', '198.51.100.50');
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(0);
    await visit(`/works/${workId}?view_adult=true`, '198.51.100.50');
    await hitCounter(server.ctx).flush();
    expect(await hits(workId)).toBe(1);
  });

  it('a visitor is counted again the next day, and two processes writing the same visitors count each once', async () => {
    const workId = await makeWork(server.ctx, author);
    let now = new Date('2026-03-01T10:00:00Z');
    const open = () => createContext(server.ctx.config, openDatabase(server.ctx.config.database), () => now);
    const [a, b] = [open(), open()];
    try {
      const seen = (ctx: typeof a, address: string) => hitCounter(ctx).record({ workId, userId: null, address, userAgent: BROWSER });
      await seen(a, '192.0.2.1');
      await seen(a, '192.0.2.2');
      await seen(b, '192.0.2.2');
      await seen(b, '192.0.2.3');
      // PostgreSQL's processes write at once; SQLite's single writer takes them in turn.
      if (server.ctx.config.database.engine === 'postgres') await Promise.all([hitCounter(a).flush(), hitCounter(b).flush()]);
      else for (const ctx of [a, b]) await hitCounter(ctx).flush();
      expect(await hits(workId)).toBe(3);
      now = new Date('2026-03-02T09:00:00Z');
      await seen(b, '192.0.2.1');
      await hitCounter(b).flush();
      expect(await hits(workId)).toBe(4);
      // Only the last two days' visitors are kept.
      now = new Date('2026-03-04T09:00:00Z');
      await seen(a, '192.0.2.9');
      await hitCounter(a).flush();
      const days = await server.ctx.db.kysely.selectFrom('hitVisitors').select('day').distinct().where('workId', '=', workId).execute();
      expect(days.map((d) => d.day)).toEqual(['2026-03-04']);
    } finally {
      await a.db.close();
      await b.db.close();
    }
  });
});
