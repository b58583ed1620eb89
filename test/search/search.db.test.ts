import { beforeAll, describe, expect, it } from 'vitest';
import { reindexAllWorks } from '../../src/search/search-index.repository.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
const ids: Record<string, number> = {};

const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });

beforeAll(async () => {
  author = await makeUser(server.ctx, { login: `searchauthor${Date.now().toString(36)}` });
  reader = await makeUser(server.ctx);
  ids.rock = await makeWork(server.ctx, author, {
    title: 'Meteor Season',
    summary: 'Clark finds <b>something</b> in the field.',
    chapter: chapter('The green rock glowed in the dark field. Clark did not touch it.'),
    freeforms: ['Kryptonite'],
  });
  ids.restricted = await makeWork(server.ctx, author, { title: 'Members Rock', isRestricted: true, chapter: chapter('A green rock for members only.') });
  ids.draft = await makeWork(server.ctx, author, { title: 'Draft Rock', asDraft: true, chapter: chapter('A green rock in a draft.') });
  ids.script = await makeWork(server.ctx, author, {
    title: 'Escaping',
    // Plain text with markup characters: stored escaped, indexed as text, so the snippet must escape them again.
    chapter: chapter('He wrote that 3 < 4 & 5 > 2, "quoted", zucchini and zucchini.\n\nThen <script>alert(1)</script> zucchini.'),
  });
  await reindexAllWorks(server.ctx.db.kysely);
});

async function visit(path: string, agent = server.agent()) {
  const response = await agent.get(path);
  return { status: response.status, html: await response.text() };
}

describe('/works/search', () => {
  it('shows the form, keeps the query and lists matches with a highlighted snippet', async () => {
    const { status, html } = await visit('/works/search?q=%22green+rock%22');
    expect(status).toBe(200);
    const form = page(html);
    expect(form.exists('form[method="get"][action="/works/search"] [name="q"]')).toBe(true);
    expect(form.labelOf('q')).toBe('Search works');
    expect(form.value('q')).toBe('"green rock"');
    expect(html).toContain('Meteor Season');
    expect(html).toMatch(/The <mark>green rock<\/mark> glowed|The <mark>green<\/mark> <mark>rock<\/mark> glowed/);
  });

  it('never finds drafts, and restricted works only for logged-in readers', async () => {
    const anonymous = await visit('/works/search?q=rock');
    expect(anonymous.html).toContain('Meteor Season');
    expect(anonymous.html).not.toContain('Members Rock');
    expect(anonymous.html).not.toContain('Draft Rock');
    const member = await visit('/works/search?q=rock', await server.agent().signInAs(reader.id));
    expect(member.html).toContain('Members Rock');
    expect(member.html).not.toContain('Draft Rock');
    const own = await visit('/works/search?q=rock', await server.agent().signInAs(author.id));
    expect(own.html).not.toContain('Draft Rock');
  });

  it('escapes the text around the highlight', async () => {
    const { html } = await visit('/works/search?q=zucchini');
    expect(html).toContain('Escaping');
    expect(html).toContain('3 &lt; 4 &amp; 5 &gt; 2');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<mark>zucchini</mark>');
  });

  it('answers bad queries with the form and a message, never a 500', async () => {
    for (const q of ['the and of', '-angst', '-', '"', 'x'.repeat(5000), '!!!']) {
      const { status, html } = await visit(`/works/search?q=${encodeURIComponent(q)}`);
      expect(status, q.slice(0, 20)).toBe(400);
      expect(html).toContain('class="error-message"');
      expect(page(html).exists('form[method="get"][action="/works/search"]')).toBe(true);
    }
    const unbalanced = await visit('/works/search?q=%22green+rock');
    expect(unbalanced.status).toBe(200);
    expect(unbalanced.html).toContain('Meteor Season');
    expect(unbalanced.html).toContain('not closed');
  });

  it('survives random input without a 500, on every sort', async () => {
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['"', "'", '-', '*', ':', '(', ')', '{', '}', '^', '+', '&', '|', '!', '<', '>', '\\', '/', ' ', ' ', 'NEAR', 'OR', 'AND', 'NOT',
      'title:', 'tag:', 'creator:', 'rock', 'green', 'é', '東京', '\u0000', '\u0002', '%', ';', 'select', 'kryp', 'the',
      '\uE000', '🐉', 'x²', '\u0301', '3.5', 'a@b.com', 'http://x.y/z'];
    const sorts = ['relevance', 'updated', 'posted', 'words', 'title'];
    const odd = ['\uE000', 'x²', '\u0301', 'e\u0301', '東京タワー', 'ǅemal', 'ﬁre', '٣', 'İstanbul', 'ß', "'''", '"*"', '-"-"'];
    for (let i = 0; i < 80 + odd.length; i++) {
      const q = odd[i - 80] ?? Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const sort = sorts[i % sorts.length];
      const response = await server.agent().get(`/works/search?q=${encodeURIComponent(q)}&sort=${sort}`);
      expect([200, 400], JSON.stringify(q)).toContain(response.status);
      const api = await server.agent().get(`/api/v1/works/search?q=${encodeURIComponent(q)}&sort=${sort}`);
      expect([200, 400], JSON.stringify(q)).toContain(api.status);
    }
  });

  it('keeps the query and sort in the page links', async () => {
    for (let i = 0; i < 21; i++) await makeWork(server.ctx, author, { title: `Pebble ${i}`, chapter: chapter('A pebble, small and grey.') });
    await reindexAllWorks(server.ctx.db.kysely);
    const first = await visit('/works/search?q=pebble&sort=title');
    expect(first.html).toContain('1–20 of 21 works');
    expect(first.html).toContain('href="/works/search?q=pebble&amp;sort=title&amp;page=2"');
    const second = await visit('/works/search?q=pebble&sort=title&page=2');
    expect(second.html).toContain('21–21 of 21 works');
    expect(second.html).toContain('Pebble 9');
  });

  it('lists works by update without a query, and accepts odd sorts and pages', async () => {
    const { status, html } = await visit('/works/search');
    expect(status).toBe(200);
    expect(page(html).value('sort')).toBe('updated');
    expect(page(html).exists('select[name="sort"] option[value="updated"][selected]')).toBe(true);
    expect(html).toContain('class="blurb"');
    expect((await visit('/works/search?sort=title')).html).toContain('Meteor Season');
    for (const query of ['sort=nonsense', 'page=-1', 'page=abc', 'page=99999', 'sort=title&page=2', 'q=rock&sort=words']) {
      expect((await visit(`/works/search?${query}`)).status, query).toBe(200);
    }
  });

  it('is not taken for a work id', async () => {
    expect((await visit('/works/search?q=rock')).html).not.toContain('Page not found');
  });

  it('follows posting, editing and deleting', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Before Rename', chapter: chapter('Quince jam.') });
    // Posting indexes the work in the same transaction.
    expect((await visit('/works/search?q=quince')).html).toContain('Before Rename');
    const agent = await server.agent().signInAs(author.id);
    const [first] = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', id).execute();
    await agent.post(`/works/${id}/chapters/${first!.id}/edit`, { text: 'Medlar jelly.' });
    expect((await visit('/works/search?q=quince')).html).not.toContain('Before Rename');
    expect((await visit('/works/search?q=medlar')).html).toContain('Before Rename');
    await server.ctx.db.kysely.deleteFrom('works').where('id', '=', id).execute();
    expect((await visit('/works/search?q=medlar')).html).not.toContain('Before Rename');
  });
});

describe('/api/v1/works/search', () => {
  it('returns public matches only, with snippets', async () => {
    const response = await server.agent().get('/api/v1/works/search?q=rock');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await response.json();
    const titles = body.works.map((w: { title: string }) => w.title);
    expect(titles).toContain('Meteor Season');
    expect(titles).not.toContain('Draft Rock');
    const found = body.works.find((w: { id: number }) => w.id === ids.rock);
    expect(found.snippet).toContain('green rock glowed');
    expect(found.snippetHtml).toContain('<mark>');
  });

  it('never shows restricted works, even to logged-in readers', async () => {
    const member = await server.agent().signInAs(reader.id);
    const body = await (await member.get('/api/v1/works/search?q=members')).json();
    expect(body.works).toEqual([]);
  });

  it('answers bad queries with a 400 and a message', async () => {
    for (const q of ['', 'the', '-angst']) {
      const response = await server.agent().get(`/api/v1/works/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBeTruthy();
    }
  });
});
