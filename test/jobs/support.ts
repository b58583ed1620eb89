import { parseConfig } from '../../src/config.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** A context over a fresh database with a clock the test moves by hand. */
export async function jobContext(): Promise<{ ctx: AppContext; clock: { now: Date }; database: TestDatabase }> {
  const database = await createTestDatabase();
  const parsed = parseConfig({ PORT: '0', DATA_DIR: '/nonexistent', PAGE_CACHE_SECONDS: '0' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const clock = { now: new Date('2026-01-01T00:00:00.000Z') };
  const ctx = createContext({ ...parsed.config, database: database.config }, database.db, () => clock.now);
  return { ctx, clock, database };
}
