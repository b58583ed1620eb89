import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/accounts/session.service.ts';
import { launchChromium } from '../support/browser.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// Issue 12's journey in Chromium: a reader leaves kudos and a comment, the author finds it in
// the inbox and replies from there, the reader sees the reply. Once with JavaScript, once
// without: every step is a plain link or form.

const server = useTestServer();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function signedIn(userId: number, javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  const { token } = await startSession(server.ctx, userId);
  await context.addCookies([{ name: 'rr_session', value: token, url: server.url }]);
  return context;
}

describe('readers answer the author in a real browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`kudos, a comment, the author's reply from the inbox (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const suffix = javaScriptEnabled ? 'js' : 'nojs';
      const author = await makeUser(server.ctx, { login: `aelita_${suffix}` });
      const reader = await makeUser(server.ctx, { login: `reader_${suffix}` });
      const workId = await makeWork(server.ctx, author, { title: `Tower of Drabble ${suffix}` });

      const readerContext = await signedIn(reader.id, javaScriptEnabled);
      const readerPage = await readerContext.newPage();
      await readerPage.goto(`${server.url}/works/${workId}`);
      await readerPage.getByRole('button', { name: 'Kudos ♥' }).click();
      await expect.poll(() => readerPage.locator('.flash').textContent()).toContain('Thank you for leaving kudos!');
      await readerPage.getByLabel('Comment', { exact: true }).fill('This tower made my day.');
      await readerPage.getByRole('button', { name: 'Comment', exact: true }).click();
      await expect.poll(() => readerPage.locator('.flash').textContent()).toContain('Comment created!');

      const authorContext = await signedIn(author.id, javaScriptEnabled);
      const authorPage = await authorContext.newPage();
      await authorPage.goto(`${server.url}/works/${workId}`);
      const inboxLink = authorPage.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /Inbox/ });
      expect(await inboxLink.textContent()).toContain('1');
      await inboxLink.click();
      const item = authorPage.locator('.inbox-item').first();
      expect(await item.locator('blockquote').textContent()).toContain('This tower made my day.');
      await item.locator('summary', { hasText: 'Reply' }).click();
      await item.getByLabel(`Your reply to ${reader.login}`).fill('Thank you for the feedback!');
      await item.getByRole('button', { name: 'Post reply' }).click();
      await expect.poll(() => authorPage.locator('.flash').textContent()).toContain('Comment created!');
      expect(await authorPage.locator('.inbox-item .badge', { hasText: 'Replied' }).count()).toBe(1);

      await readerPage.goto(`${server.url}/users/${reader.login}/inbox`);
      const reply = readerPage.locator('.inbox-item').first();
      expect(await reply.locator('.byline').textContent()).toContain(`${author.login} replied to your comment`);
      await reply.getByRole('link', { name: 'View thread' }).click();
      expect(await readerPage.locator('.comment blockquote').allTextContents()).toEqual(['This tower made my day.', 'Thank you for the feedback!']);
      await readerPage.goto(`${server.url}/works/${workId}`);
      expect(await readerPage.locator('#comments').textContent()).toContain('Thank you for the feedback!');
      await readerContext.close();
      await authorContext.close();
    });
  }
});
