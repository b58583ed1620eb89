import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/accounts/session.service.ts';
import { launchChromium } from '../support/browser.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let browser: Browser;
let token: string;

beforeAll(async () => {
  browser = await launchChromium();
  const author = await makeUser(server.ctx);
  await makeWork(server.ctx, author, { fandoms: ['Smallville'] });
  await server.ctx.db.kysely.updateTable('tags').set({ isCanonical: 1 }).where('name', '=', 'Smallville').execute();
  token = (await startSession(server.ctx, author.id)).token;
});
afterAll(() => browser?.close());

describe('tag suggestions on the posting form', () => {
  it('offer canonical tags for the last term typed, keeping the ones before it', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'rr_session', value: token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/works/new`);
    const fandoms = page.getByLabel('Fandoms');
    await fandoms.pressSequentially('Stargate SG-1, Smal', { delay: 20 });
    const listId = await fandoms.getAttribute('list');
    expect(listId).toBeTruthy();
    await expect.poll(() => page.locator(`#${listId} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['Stargate SG-1, Smallville']);
    await context.close();
  });
});
