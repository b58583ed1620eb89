import { configFromEnvironment, type ConfigInput } from './config.ts';
import { createContext, type AppContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createMailer } from './mail/mailer.ts';

/** Thrown for problems the person at the terminal can fix; the CLI prints only the message. */
export class UsageError extends Error {}

/** Parses config (failing with every wrong value named), opens and migrates the database. */
export async function boot(overrides: ConfigInput = {}): Promise<AppContext> {
  const parsed = configFromEnvironment(process.env, overrides);
  if (!parsed.ok) {
    throw new UsageError(`The configuration is not valid:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  const db = openDatabase(parsed.config.database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.close();
    const where = parsed.config.database.engine === 'postgres' ? 'the PostgreSQL server in DATABASE_URL' : parsed.config.database.file;
    throw new UsageError(`Could not open or migrate the database (${where}): ${(error as Error).message}`);
  }
  return createContext(parsed.config, db, undefined, createMailer(parsed.config));
}
