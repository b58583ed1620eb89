import { PostgresAdapter, type Kysely } from 'kysely';
import type { Engine } from './database.ts';

/** Which engine a Kysely instance talks to; migrations get a bare Kysely and need to know. */
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
