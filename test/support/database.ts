import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
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
