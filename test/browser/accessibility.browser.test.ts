import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/accounts/session.service.ts';
import { launchChromium } from '../support/browser.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// axe-core checks each page the way assistive technology meets it (labels, contrast,
// landmarks, names of links and buttons), in both colour schemes.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const server = useTestServer();
let browser: Browser;
let workId: number;
let seriesId: number;
let token: string;

beforeAll(async () => {
  browser = await launchChromium();
  const author = await makeUser(server.ctx, { login: 'axe_author' });
  workId = await makeWork(server.ctx, author, { title: 'Checked Pages', summary: 'A summary.', relationships: ['Clark Kent/Lex Luthor'], expectedChapters: null });
  const second = await makeWork(server.ctx, author, { title: 'Second', freeforms: ['Angst'], series: { seriesId: null, newTitle: 'Checked Series', position: null } });
  seriesId = (await server.ctx.db.kysely.selectFrom('serialWorks').select('seriesId').where('workId', '=', second).executeTakeFirstOrThrow()).seriesId;
  token = (await startSession(server.ctx, author.id)).token;
});
afterAll(() => browser?.close());

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('pages people can use', () => {
  it('are checked by a checker that does catch problems', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><img src="x.png"><button></button></main></html>');
    const found = await violations(page);
    await context.close();
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('button-name'))).toBe(true);
  });

  // One test a page and scheme: a busy machine then slows each check, not one long test past
  // its timeout (nine pages with axe in one test took over a minute under load).
  const memberPaths = ['/', '/works', '/works/:id', '/tags/Smallville/works', '/works/search?q=quiet', '/works/new', '/users/axe_author', '/series/:sid', '/series/:sid/edit', '/users/axe_author/series'];
  const visitorPaths = ['/signup', '/login'];
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`in the ${colorScheme} scheme`, () => {
      let member: Page;
      let visitor: Page;
      beforeAll(async () => {
        // Our CSP forbids inline scripts; the checker is injected past it.
        const context = await browser.newContext({ colorScheme, bypassCSP: true });
        await context.addCookies([{ name: 'rr_session', value: token, url: server.url }]);
        member = await context.newPage();
        visitor = await (await browser.newContext({ colorScheme, bypassCSP: true })).newPage();
      });
      for (const [who, paths] of [['a member', memberPaths], ['a visitor', visitorPaths]] as const) {
        for (const path of paths) {
          it(`${path} has no serious accessibility problems for ${who}`, async () => {
            const page = who === 'a member' ? member : visitor;
            await page.goto(`${server.url}${path.replace(':id', String(workId)).replace(':sid', String(seriesId))}`);
            expect(await violations(page)).toEqual([]);
          });
        }
      }
    });
  }
});
