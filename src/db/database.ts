import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { engineOf } from './dialect.ts';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

/** What a repository function runs its queries on: the database, or a use case's transaction. */
export type Queryable = Kysely<Database> | Transaction<Database>;

export type DatabaseConfig =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string; schema?: string; poolSize?: number };

/** The open database. Which engine it is, a repository asks of what it runs on: `engineOf` (dialect.ts). */
export interface Db {
  /** The PostgreSQL schema this archive lives in, when not the default one. */
  schema?: string;
  kysely: Kysely<Database>;
  /** PostgreSQL's connection pool, for a library that queries it itself (the rate limits' store). */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

// pg returns int8 (COUNT(*), SUM) as strings to protect precision beyond 2^53;
// our counts never come near that, and both engines must hand back numbers.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDatabase(config: DatabaseConfig): Db {
  const plugins = [new CamelCasePlugin()];
  if (config.engine === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    const sqlite = new SQLite(config.file);
    // WAL lets readers go on while one writer commits; NORMAL sync is safe under WAL
    // (a power cut can lose the last commits, never corrupt the file).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
    return { kysely, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    // A per-connection search_path lets tests give every file its own schema. Those schemas
    // are made and dropped while other files' queries run; a catalog query that PostgreSQL
    // handed to parallel workers then failed now and again ("schema rr_test_… does not
    // exist", in two runs on a loaded machine), so a schema's connections plan without them.
    ...(config.schema ? { options: `-c search_path=${config.schema} -c max_parallel_workers_per_gather=0` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  return { kysely, pgPool: pool, close: () => kysely.destroy(), ...(config.schema ? { schema: config.schema } : {}) };
}

// Kysely prepares every query afresh, and preparing costs as much as running a small
// query (a fifth of a work page's time in a profile). Our SQL comes from a fixed set of
// query shapes, so prepared statements are kept and reused; the bound is a safety net.
const STATEMENT_CACHE_SIZE = 1000;

function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Runs `work` with SQLite's temporary files in memory. Inside a transaction, each statement that
 * changes many rows keeps an undo journal of the pages it changes; in a temporary file that was
 * two thirds of an import's write calls (about 70 a file). Only for bulk writes: in memory, a
 * large sort (an index built over millions of rows) would be held whole. PostgreSQL has no such
 * setting to change.
 */
export async function withMemoryTempStore<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (engineOf(db.kysely) !== 'sqlite') return work();
  await sql`pragma temp_store = memory`.execute(db.kysely);
  try {
    return await work();
  } finally {
    await sql`pragma temp_store = default`.execute(db.kysely);
  }
}

/** Reads DATABASE_URL-style strings: postgres://… or a SQLite file path (sqlite:// optional). */
export function databaseConfigFromUrl(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  return { engine: 'sqlite', file: url.replace(/^sqlite:(\/\/)?/i, '') };
}
