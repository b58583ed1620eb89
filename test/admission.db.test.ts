import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, workForm, type TestUser } from './support/factories.ts';
import { useTestServer } from './support/server.ts';
import { page } from './support/dom.ts';

// The admission queue through the real server (issue 16). With no room to queue, every read
// that needs the database is turned away at once, which shows what a reader gets when the
// queue is full; the queue's order and timing are tested in src/web/admission.test.ts.
const full = useTestServer({ CONCURRENT_REQUESTS: '1', REQUEST_QUEUE: '0' });
const open = useTestServer({ CONCURRENT_REQUESTS: '1' });
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(full.ctx);
});

// A form token of our own: the pages that would set one are themselves turned away.
const CSRF = 'admission-test-token-0123456789abcdef';

describe('a full admission queue', () => {
  it('answers a read 503 with Retry-After and a page saying to come back', async () => {
    const id = await makeWork(full.ctx, author);
    for (const path of ['/', `/works/${id}`, '/works']) {
      const response = await full.agent().get(path);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('The archive is busy');
    }
  });

  it('still serves the stylesheet, which needs no database', async () => {
    const home = page(await (await open.agent().get('/')).text());
    const stylesheet = home.attr('link[rel="stylesheet"][href^="/assets/site.css"]', 'href')!;
    expect(stylesheet).toBeTruthy();
    const response = await full.agent().get(stylesheet);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
  });

  it('never refuses a write: the work is posted and stored', async () => {
    const member = await full.agent().signInAs(author.id);
    member.cookies.set('rr_csrf', CSRF);
    const response = await member.post('/works', workForm(author, { title: 'Posted Through A Full Queue', submissionKey: 'full-queue-1' }));
    expect(response.status).toBe(303);
    const stored = await full.ctx.db.kysely.selectFrom('works').select(['id', 'title']).where('submissionKey', '=', 'full-queue-1').executeTakeFirst();
    expect(stored?.title).toBe('Posted Through A Full Queue');
    expect(response.headers.get('location')).toBe(`/works/${stored!.id}`);
  });

  it('refuses a write without its form token as before: the queue changes no answer but the busy one', async () => {
    const member = await full.agent().signInAs(author.id);
    member.cookies.set('rr_csrf', CSRF);
    const response = await member.post('/works', { ...workForm(author), _csrf: 'wrong' }, { csrf: false });
    expect(response.status).toBe(403);
  });
});

describe('an admission queue with room', () => {
  it('serves many requests at once in full, one at a time', async () => {
    const id = await makeWork(open.ctx, await makeUser(open.ctx), { title: 'Read By Many' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => open.agent().get(`/works/${id}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await answers[19]!.text()).toContain('Read By Many');
  });
});
