import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function fillWork(page: Page) {
  await page.getByLabel('Rating').selectOption('Teen And Up Audiences');
  await page.getByLabel('No Archive Warnings Apply').check();
  await page.getByLabel('M/M').check();
  await page.getByLabel('Fandoms').fill('Smallville');
  await page.getByLabel('Relationships (optional)').fill('Clark Kent/Lex Luthor');
  await page.getByLabel('Work title').fill('Two Chapters of Rain');
  await page.getByLabel('Expected number of chapters').fill('2');
  await page.getByLabel('Work text').fill('The first chapter begins in the barn.\n\nIt rains.');
}

describe('a writer in a real browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`signs up, posts a two-chapter work, reads it and logs out (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const login = `writer_${javaScriptEnabled ? 'js' : 'nojs'}`;

      await page.goto(`${server.url}/`);
      await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Sign up' }).click();
      await page.getByLabel('User name').fill(login);
      await page.getByLabel('E-mail address').fill(`${login}@example.invalid`);
      await page.getByLabel('Password', { exact: true }).fill('a long enough password');
      await page.getByLabel('Confirm password').fill('a long enough password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect.poll(() => page.url()).toContain(`/users/${login}`);

      await page.getByRole('link', { name: 'Post new work' }).first().click();
      await fillWork(page);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await expect.poll(() => page.url()).toMatch(/\/works\/\d+$/);
      const workUrl = page.url();
      expect(await page.locator('.flash').textContent()).toContain('successfully posted');

      await page.getByRole('link', { name: 'Add chapter' }).click();
      await page.getByLabel('Chapter title (optional)').fill('The Second');
      await page.getByLabel('Work text').fill('The second chapter ends the storm.');
      await page.getByRole('button', { name: 'Post chapter' }).click();
      await expect.poll(() => page.url()).toMatch(/\/chapters\/\d+$/);

      // Read it as a visitor would: from the start, then onwards.
      await page.goto(workUrl);
      expect(await page.locator('.userstuff').first().textContent()).toContain('The first chapter begins in the barn.');
      expect(await page.locator('dl.work-meta').textContent()).toContain('2/2');
      await page.getByRole('link', { name: 'Next chapter →' }).first().click();
      expect(await page.locator('.userstuff').first().textContent()).toContain('The second chapter ends the storm.');
      await page.getByRole('link', { name: 'Entire work' }).first().click();
      expect(await page.locator('.userstuff').count()).toBe(2);

      await page.getByRole('button', { name: 'Log out' }).click();
      await expect.poll(async () => page.getByRole('link', { name: 'Log in' }).count()).toBe(1);
      await context.close();
    });
  }
});
