import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withMemoryTempStore } from '../../src/db/database.ts';
import { useTestDatabase } from '../support/database.ts';
import { engineOf } from '../../src/db/dialect.ts';

// Bulk writes keep SQLite's temporary files (statement journals) in memory, and only for as
// long as they run, even when they fail.

const test = useTestDatabase();

const tempStore = async () => (await sql<{ tempStore: number }>`pragma temp_store`.execute(test.db.kysely)).rows[0]?.tempStore;

describe('temporary files in memory for bulk writes', () => {
  it('holds them in memory while the work runs and puts the setting back after, even when it fails', async () => {
    if (engineOf(test.db.kysely) !== 'sqlite') {
      expect(await withMemoryTempStore(test.db, async () => 'ran')).toBe('ran');
      return;
    }
    expect(await tempStore()).toBe(0);
    expect(await withMemoryTempStore(test.db, async () => tempStore())).toBe(2);
    expect(await tempStore()).toBe(0);
    await expect(withMemoryTempStore(test.db, async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await tempStore()).toBe(0);
  });
});
