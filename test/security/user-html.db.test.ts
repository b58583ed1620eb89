import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USER_CLASSES } from '../../src/text/html.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();

// Every class the site's stylesheet names, except the few user HTML may carry.
const SITE_CLASSES = [...new Set(readFileSync('src/web/assets/site.css', 'utf8').match(/\.[a-z][a-z0-9_-]*/gi)!.map((c) => c.slice(1)))].filter((c) => !USER_CLASSES.includes(c));
const FAKE = (marker: string) => `<div class="${SITE_CLASSES.join(' ')}"><p class="flash align-center">${marker} Your account has been suspended.</p></div>`;

/** The class attributes of the elements open where `marker` is written (innermost last). */
function classesAround(html: string, marker: string): string[] {
  const at = html.indexOf(marker);
  expect(at, marker).toBeGreaterThan(-1);
  const stack: string[] = [];
  for (const tag of html.slice(0, at).matchAll(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    if (/^(br|img|hr|meta|link|input)$/i.test(tag[2]!)) continue;
    if (tag[1]) stack.pop();
    else stack.push(/class="([^"]*)"/.exec(tag[3]!)?.[1] ?? '');
  }
  return stack;
}

function expectNoSiteClass(html: string, marker: string): void {
  // The two innermost elements are the author's div and p.
  const [div, p] = classesAround(html, marker).slice(-2);
  expect(div!.split(/\s+/).filter((c) => SITE_CLASSES.includes(c)), `${marker} div`).toEqual([]);
  expect(p, `${marker} p`).toBe('align-center');
}

describe('site classes in user HTML', () => {
  it('are dropped from chapters, summaries and notes on the work page, listings, search and home', async () => {
    const user = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, user, {
      title: 'Fake Messages',
      summary: FAKE('SUMMARYMARK'),
      notes: FAKE('NOTESMARK'),
      endNotes: FAKE('ENDNOTESMARK'),
      freeforms: ['<p class="flash">TAGMARK</p>'],
      chapter: { title: null, summary: FAKE('CHSUMMARYMARK'), notes: FAKE('CHNOTESMARK'), endNotes: null, text: FAKE('CHAPTERMARK') },
    });
    const work = await (await server.agent().get(`/works/${workId}`)).text();
    for (const marker of ['SUMMARYMARK', 'NOTESMARK', 'ENDNOTESMARK', 'CHSUMMARYMARK', 'CHNOTESMARK', 'CHAPTERMARK']) expectNoSiteClass(work, marker);
    expect(work).toContain('&lt;p class=&quot;flash&quot;&gt;TAGMARK');
    for (const path of ['/works', '/', `/tags/Smallville/works`, '/works/search?q=Fake']) {
      const page = await (await server.agent().get(path)).text();
      expectNoSiteClass(page, 'SUMMARYMARK');
    }
  });

  it('are dropped when HTML stored before the rule is shown', async () => {
    const user = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, user, { title: 'Stored Long Ago' });
    await server.ctx.db.kysely.updateTable('works').set({ summary: FAKE('OLDSUMMARY') }).where('id', '=', workId).execute();
    await server.ctx.db.kysely.updateTable('chapters').set({ body: FAKE('OLDCHAPTER') }).where('workId', '=', workId).execute();
    const work = await (await server.agent().get(`/works/${workId}`)).text();
    expectNoSiteClass(work, 'OLDSUMMARY');
    expectNoSiteClass(work, 'OLDCHAPTER');
    expectNoSiteClass(await (await server.agent().get('/works')).text(), 'OLDSUMMARY');
  });
});
