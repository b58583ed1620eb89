import { defineConfig } from 'vitest/config';

// Test tiers by file name:
//   *.test.ts          pure logic, run once;
//   *.db.test.ts       a real database (and often the real HTTP server), run on SQLite and,
//                      when TEST_DATABASE_URL is set, again on PostgreSQL;
//   *.browser.test.ts  headless Chromium against the real server (SQLite).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const jsx = { oxc: { jsx: { runtime: 'automatic' as const, importSource: 'hono/jsx' } } };

export default defineConfig({
  ...jsx,
  test: {
    testTimeout: 20_000,
    setupFiles: ['test/support/no-network.ts'],
    hookTimeout: 30_000,
    projects: [
      {
        ...jsx,
        test: {
          setupFiles: ['test/support/no-network.ts'],
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/*.browser.test.ts', '**/node_modules/**'],
        },
      },
      {
        ...jsx,
        test: { setupFiles: ['test/support/no-network.ts'], name: 'sqlite', include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'], env: { RR_TEST_ENGINE: 'sqlite' } },
      },
      ...(onPostgres
        ? [
            {
              ...jsx,
              test: {
                setupFiles: ['test/support/no-network.ts'],
                name: 'postgres',
                include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
                env: { RR_TEST_ENGINE: 'postgres' },
              },
            },
          ]
        : []),
      {
        ...jsx,
        test: { setupFiles: ['test/support/no-network.ts'], name: 'browser', include: ['test/**/*.browser.test.ts'], env: { RR_TEST_ENGINE: 'sqlite' }, testTimeout: 60_000 },
      },
    ],
  },
});
