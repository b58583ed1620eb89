import { PostgresAdapter, type Kysely } from 'kysely';
import type { Engine } from './database.ts';

/**
 * Which engine a database or transaction talks to: the one way to ask. Only repositories (and
 * migrations, which get a bare Kysely) ask it, where the two dialects differ; services and routes
 * never branch on the engine (test/layers.test.ts).
 */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Primary keys: SQLite AUTOINCREMENT never reuses an id (a deleted work's URL must not
 * point at a new one); PostgreSQL identity columns never do either. */
export function idColumn(engine: Engine) {
  return engine === 'postgres'
    ? (col: any) => col.generatedByDefaultAsIdentity().primaryKey()
    : (col: any) => col.autoIncrement().primaryKey();
}
