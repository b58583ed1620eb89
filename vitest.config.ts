import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Test tiers by file name:
//   *.test.ts          pure logic, run once;
//   *.db.test.ts       a real database (and often the real HTTP server), run on SQLite and,
//                      when TEST_DATABASE_URL is set, again on PostgreSQL;
//   *.browser.test.ts  headless Chromium against the real server (SQLite).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// Browser tests need Debian's Chromium (`apt-get install chromium`; .ci/run installs it).
// Without it they are left out with a note, so `npm test` still works on a fresh machine.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const withBrowser = existsSync(chromium);
if (!withBrowser) console.warn(`note: ${chromium} not found, so the browser tests are skipped (apt-get install chromium).`);

const jsx = { oxc: { jsx: { runtime: 'automatic' as const, importSource: 'hono/jsx' } } };

function project(name: string, include: string[], options: { exclude?: string[]; engine?: string; testTimeout?: number } = {}): TestProjectInlineConfiguration {
  return {
    ...jsx,
    test: {
      name,
      include,
      exclude: options.exclude ?? ['**/node_modules/**'],
      setupFiles: ['test/support/no-network.ts'],
      ...(options.engine ? { env: { RR_TEST_ENGINE: options.engine } } : {}),
      // Inline projects do not inherit the root's test options, so each sets its own.
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 30_000,
    },
  };
}

const dbTests = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];

export default defineConfig({
  ...jsx,
  test: {
    projects: [
      project('unit', ['src/**/*.test.ts', 'test/**/*.test.ts'], { exclude: ['**/*.db.test.ts', '**/*.browser.test.ts', '**/node_modules/**'] }),
      project('sqlite', dbTests, { engine: 'sqlite' }),
      ...(onPostgres ? [project('postgres', dbTests, { engine: 'postgres' })] : []),
      ...(withBrowser ? [project('browser', ['test/**/*.browser.test.ts'], { engine: 'sqlite', testTimeout: 60_000 })] : []),
    ],
  },
});
