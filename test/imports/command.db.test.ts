import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { runCli } from '../support/cli.ts';

// `records-room import --as LOGIN PATH…` in a child process, on the SQLite file in DATA_DIR;
// the service underneath is tested on both engines in import.db.test.ts.
const onSqlite = (process.env.RR_TEST_ENGINE ?? 'sqlite') === 'sqlite';
const fixtures = fileURLToPath(new URL('../fixtures/imports', import.meta.url));

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rr-import-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(args, { env: { DATA_DIR: dataDir } });

describe.runIf(onSqlite)('records-room import (for real)', () => {
  it('imports under an archivist, prints a summary, and changes nothing the second time', async () => {
    expect((await run('user', 'create', '--role', 'archivist', 'attic_keeper')).code).toBe(0);
    const first = await run('import', '--as', 'attic_keeper', '--archive', 'Kansas Fic Attic', fixtures);
    expect(first.stderr).toMatch(/import batch 1: 5 files read, 5 works imported, 0 already imported, 2 skipped/);
    expect(first.stderr).toContain('skipped 1: empty file');
    expect(first.stderr).toMatch(/refuse\.txt: .*DO NOT ARCHIVE/);
    expect(first.stderr).toContain('flag ');
    expect(first.code).toBe(0);
    // Without SMTP_URL the invitations are written to the console instead of sent.
    expect(first.stdout).toContain('[mail] To: marguerite.vale@example.org');
    expect(first.stdout).toMatch(/\/claims\/[A-Za-z0-9_-]{20,}/);

    const second = await run('import', '--as', 'attic_keeper', fixtures);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/import batch 2: 5 files read, 0 works imported, 5 already imported/);
    expect(second.stderr).toContain('already imported');
    expect(second.stdout).toBe('');

    const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
    try {
      const works = await db.kysely.selectFrom('works').select('title').execute();
      expect(works).toHaveLength(5);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('refuses an account that is not an archivist, and a run without --as', async () => {
    expect((await run('user', 'create', 'plain_reader')).code).toBe(0);
    const refused = await run('import', '--as', 'plain_reader', fixtures);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"plain_reader" is not an archivist');
    const anonymous = await run('import', fixtures);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('--as LOGIN');
  }, 60_000);

  it('refuses a path that is not there before a batch is made', async () => {
    expect((await run('user', 'create', '--role', 'archivist', 'path_checker')).code).toBe(0);
    const missing = path.join(dataDir, 'no-such-folder');
    const refused = await run('import', '--as', 'path_checker', missing);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`there is no file or folder "${missing}"`);
    const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
    try {
      const batches = await db.kysely.selectFrom('importBatches').select('id').execute();
      expect(batches.map((b) => b.id)).toEqual([1, 2]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('lists each repair once, counts agree with their nouns, and a file over its time limit is skipped', async () => {
    const page = fileURLToPath(new URL('../fixtures/imports-html', import.meta.url));
    const first = await run('import', '--as', 'path_checker', page);
    expect(first.code).toBe(0);
    expect(first.stderr.split('clich →').length - 1).toBe(1);
    expect(first.stderr).not.toContain('restored as');
    expect(first.stderr).toContain('flag ');
    expect(first.stderr).toMatch(/import batch \d+: 1 file read, 1 work imported, 0 already imported, 0 skipped, 1 repair, \d+ flags?, /);
    const fixtures2 = fileURLToPath(new URL('../fixtures/mbox', import.meta.url));
    const slow = await run('import', '--as', 'path_checker', '--file-time-limit', '0.000001', fixtures2);
    expect(slow.stderr).toMatch(/skipped .*body-from-line\.mbox: took longer than 0\.000001 s to read/);
    expect(slow.stderr).toMatch(/0 works imported, 0 already imported, 1 skipped/);
  }, 60_000);
  it('takes the data folder as --data, like the other commands', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'rr-import-cli-data-'));
    try {
      expect((await runCli(['user', 'create', '--role', 'archivist', 'attic_keeper', '--data', other])).code).toBe(0);
      const run = await runCli(['import', '--as', 'attic_keeper', '--data', other, fixtures]);
      expect(run.stderr).toMatch(/import batch 1: 5 files read, 5 works imported/);
      expect(run.code).toBe(0);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
