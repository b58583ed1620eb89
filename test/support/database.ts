import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { openDatabase, type Db, type DatabaseConfig } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase {
  db: Db;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or a schema of
 * its own in TEST_DATABASE_URL so files can run in parallel on one PostgreSQL database.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const engine = process.env.RR_TEST_ENGINE ?? 'sqlite';
  if (engine === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('RR_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
    const schema = `rr_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `create schema ${schema}`);
    const config: DatabaseConfig = { engine: 'postgres', url, schema, poolSize: 4 };
    const db = openDatabase(config);
    await migrateToLatest(db);
    return {
      db,
      config,
      async drop() {
        await db.close();
        await adminQuery(url, `drop schema ${schema} cascade`);
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'rr-test-'));
  const config: DatabaseConfig = { engine: 'sqlite', file: path.join(dir, 'test.sqlite') };
  const db = openDatabase(config);
  await migrateToLatest(db);
  return {
    db,
    config,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database for the tests of one file (or describe block), made in beforeAll and dropped in afterAll. */
export function useTestDatabase(): TestDatabase {
  let made: TestDatabase | undefined;
  beforeAll(async () => {
    made = await createTestDatabase();
  });
  afterAll(async () => {
    await made?.drop();
    made = undefined;
  });
  const running = (): TestDatabase => {
    if (!made) throw new Error('useTestDatabase: the database is there only between beforeAll and afterAll');
    return made;
  };
  return {
    get db() {
      return running().db;
    },
    get config() {
      return running().config;
    },
    drop: async () => {
      await made?.drop();
      made = undefined;
    },
  };
}

export interface TestContext {
  /** Filled in by beforeAll; the same object throughout, so it may be taken apart at once. */
  ctx: AppContext;
  /** The context's clock, moved by hand: set `clock.now` to stand in for waiting. */
  clock: { now: Date };
}

/** A context over a fresh database (no server, no mail) with a clock the test moves by hand. */
export function useTestContext(): TestContext {
  const clock = { now: new Date('2026-01-01T00:00:00.000Z') };
  const ctx = { now: () => clock.now } as AppContext;
  const database = useTestDatabase();
  beforeAll(() => {
    const parsed = parseConfig({ PORT: '0', DATA_DIR: '/nonexistent', PAGE_CACHE_SECONDS: '0' });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    Object.assign(ctx, createContext({ ...parsed.config, database: database.config }, database.db, () => clock.now));
  });
  return { ctx, clock };
}

/** One statement on a connection of its own, outside any test schema. */
async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
