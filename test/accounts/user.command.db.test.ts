import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/password.ts';
import { findPseud, findUserByLogin } from '../../src/accounts/user.repository.ts';
import { openDatabase } from '../../src/db/database.ts';

// The command line works on the SQLite file in --data; PostgreSQL adds nothing to test here.
const onSqlite = (process.env.RR_TEST_ENGINE ?? 'sqlite') === 'sqlite';
const bin = fileURLToPath(new URL('../../bin/records-room.js', import.meta.url));

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rr-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command as a person would, with stdin that is not a terminal. */
function run(...args: string[]): Promise<Run> {
  // A clean environment: the test runner's own variables (Vite sets BASE_URL=/, for one)
  // and any DATABASE_URL must not reach the archive's configuration.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dataDir, LANG: 'C.UTF-8' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withDatabase<T>(use: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

describe.skipIf(!onSqlite)('records-room user create', () => {
  it('creates an administrator and prints a generated password that logs in', async () => {
    const result = await run('user', 'create', '--admin', 'alice', '--data', dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created admin "alice".');
    const password = result.stdout.match(/Password: (\S+)/)?.[1];
    expect(password).toBeDefined();
    await withDatabase(async (db) => {
      const user = await findUserByLogin(db.kysely, 'alice');
      expect(user?.role).toBe('admin');
      expect(await verifyPassword(user!.passwordHash, password!)).toBe(true);
      expect(await findPseud(db.kysely, user!.id, 'alice')).toMatchObject({ isDefault: 1 });
    });
  }, 30_000);

  it('creates an ordinary user with --role and --email', async () => {
    const result = await run('user', 'create', '--role', 'archivist', '--email', 'bob@example.org', 'bob', '--data', dataDir);
    expect(result.code).toBe(0);
    await withDatabase(async (db) => {
      expect(await findUserByLogin(db.kysely, 'bob')).toMatchObject({ role: 'archivist', email: 'bob@example.org' });
    });
  }, 30_000);

  it('refuses a bad user name with a clear message', async () => {
    const result = await run('user', 'create', 'no spaces!', '--data', dataDir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('login: Use 3 to 40 letters, digits or underscores');
    expect(result.stdout).not.toContain('Password:');
  }, 30_000);

  it('refuses a name that is taken', async () => {
    const result = await run('user', 'create', 'ALICE', '--data', dataDir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('login: That user name is already taken.');
  }, 30_000);

  it('refuses an unknown role and a missing name', async () => {
    const role = await run('user', 'create', '--role', 'emperor', 'carol', '--data', dataDir);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain('--role must be one of: user, archivist, wrangler, admin.');
    const missing = await run('user', 'create', '--data', dataDir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('usage: records-room user create');
    await withDatabase(async (db) => expect(await findUserByLogin(db.kysely, 'carol')).toBeUndefined());
  }, 30_000);
});
