import { load, type CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

// Atom feeds through the real server: what an anonymous reader may see, newest first, with the
// elements RFC 4287 requires, and conditional polls answered 304.

const server = useTestServer({ BASE_URL: 'https://archive.example' });
let author: TestUser;

async function feed(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; $: CheerioAPI; text: string }> {
  const response = await server.agent().get(path, headers);
  const text = response.status === 200 ? await response.text() : '';
  return { response, $: load(text, { xml: true }), text };
}

/** RFC 4287 §4.1.1–4.1.2: a feed and each entry carry id, title and updated; links are absolute. */
function expectValidAtom($: CheerioAPI, text: string) {
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
  for (const name of ['id', 'title', 'updated']) expect($(`feed > ${name}`).length, name).toBe(1);
  expect($('feed > link[rel="self"]').attr('href')).toMatch(/^https:\/\/archive\.example\//);
  expect($('feed > author > name').length).toBe(1);
  $('entry').each((_, e) => {
    for (const name of ['id', 'title', 'updated', 'published']) expect($(e).children(name).length, name).toBe(1);
    expect($(e).children('updated').text()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect($(e).children('link[rel="alternate"]').attr('href')).toMatch(/^https:\/\/archive\.example\/works\/\d+/);
  });
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

describe('Atom feeds', () => {
  it('a tag’s works: public ones only, newest update first, with their tags; linked from the tag page', async () => {
    const older = await makeWork(server.ctx, author, { title: 'First Frost', fandoms: ['Feedland'], summary: '<p>Cold <em>morning</em>.</p>' });
    await new Promise((r) => setTimeout(r, 5));
    const newer = await makeWork(server.ctx, author, { title: 'Second Thaw', fandoms: ['Feedland'] });
    await makeWork(server.ctx, author, { title: 'Locked Door', fandoms: ['Feedland'], isRestricted: true });
    await makeWork(server.ctx, author, { title: 'Unfinished', fandoms: ['Feedland'], asDraft: true });
    const { response, $, text } = await feed('/tags/Feedland/feed.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expectValidAtom($, text);
    expect($('entry > title').map((_, t) => $(t).text()).get()).toEqual(['Second Thaw (1/1)', 'First Frost (1/1)']);
    expect($('entry').first().children('id').text()).toBe(`https://archive.example/works/${newer}`);
    expect($('entry').last().children('summary[type="html"]').text()).toBe('<p>Cold <em>morning</em>.</p>');
    expect($('entry').last().children('category').map((_, c) => $(c).attr('term')).get()).toContain('Feedland');
    expect($('entry').last().children('author').text()).toContain(author.login);
    expect(older).toBeLessThan(newer);

    const tagPage = page(await (await server.agent().get('/tags/Feedland/works')).text());
    expect(tagPage.attr('link[rel="alternate"][type="application/atom+xml"]', 'href')).toBe('/tags/Feedland/feed.atom');
    expect((await feed('/tags/No%20Such%20Tag/feed.atom')).response.status).toBe(404);
  });

  it('a creator’s works and a work’s chapters, which grow when a chapter is posted', async () => {
    const writer = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, writer, { title: 'Long Road', expectedChapters: 3 });
    await makeWork(server.ctx, writer, { title: 'Hidden Away', isRestricted: true });
    const creator = await feed(`/users/${writer.login}/works/feed.atom`);
    expectValidAtom(creator.$, creator.text);
    expect(creator.$('entry > title').map((_, t) => creator.$(t).text()).get()).toEqual(['Long Road (1/3)']);

    const before = await feed(`/works/${workId}/feed.atom`);
    expectValidAtom(before.$, before.text);
    expect(before.$('entry').length).toBe(1);
    const agent = await server.agent().signInAs(writer.id);
    const posted = await agent.post(`/works/${workId}/chapters`, { chapterTitle: 'The Bend', text: 'Further along.' });
    expect(posted.status).toBe(303);
    const after = await feed(`/works/${workId}/feed.atom`);
    expect(after.$('entry > title').map((_, t) => after.$(t).text()).get()).toEqual(['Long Road, Chapter 2: The Bend', 'Long Road, Chapter 1']);
    expect(after.response.headers.get('etag')).not.toBe(before.response.headers.get('etag'));

    const workPage = page(await (await server.agent().get(`/works/${workId}`)).text());
    expect(workPage.attr('link[rel="alternate"][type="application/atom+xml"]', 'href')).toBe(`/works/${workId}/feed.atom`);
    const restricted = await makeWork(server.ctx, writer, { title: 'Members Only', isRestricted: true });
    expect((await feed(`/works/${restricted}/feed.atom`)).response.status).toBe(404);
    expect((await feed('/works/999999/feed.atom')).response.status).toBe(404);
    expect((await feed('/users/nobody_here_at_all/works/feed.atom')).response.status).toBe(404);
  });

  it('answers a poll that has the ETag or a later date with 304, and a changed feed with 200', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Polled' });
    const first = await feed(`/works/${workId}/feed.atom`);
    const etag = first.response.headers.get('etag')!;
    const lastModified = first.response.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const byTag = await feed(`/works/${workId}/feed.atom`, { 'if-none-match': etag });
    expect(byTag.response.status).toBe(304);
    expect(await byTag.response.text()).toBe('');
    expect((await feed(`/works/${workId}/feed.atom`, { 'if-modified-since': lastModified })).response.status).toBe(304);
    expect((await feed(`/works/${workId}/feed.atom`, { 'if-none-match': '"stale"' })).response.status).toBe(200);
    expect((await feed(`/works/${workId}/feed.atom`, { 'if-modified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' })).response.status).toBe(200);
  });

  it('escapes what writers type: markup, entities and CDATA ends stay text', async () => {
    const title = 'Tom & Jerry <script>alert(1)</script> ]]> "quoted"';
    const workId = await makeWork(server.ctx, author, { title, fandoms: ['Escape Fandom'] });
    const { $, text } = await feed(`/works/${workId}/feed.atom`);
    expect(text).not.toContain('<script>');
    expect(text).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &quot;quoted&quot;');
    expect($('feed > title').text()).toBe(title);
    const tagFeed = await feed('/tags/Escape%20Fandom/feed.atom');
    expect(tagFeed.$('entry > title').text()).toBe(`${title} (1/1)`);
  });
});
