import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/password.ts';
import { findPseud, findUserByLogin } from '../../src/accounts/user.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { cliEnv, cliPath, runCli } from '../support/cli.ts';

// The command line works on the SQLite file in --data; PostgreSQL adds nothing to test here.
const onSqlite = (process.env.RR_TEST_ENGINE ?? 'sqlite') === 'sqlite';
// The terminal cases need util-linux `script` (Debian's bsdutils, always installed there).
const hasScript = spawnSync('script', ['--version']).status === 0;

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rr-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
    const result = await runCli(['user', 'create', '--admin', 'alice', '--data', dataDir]);
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
    const result = await runCli(['user', 'create', '--role', 'archivist', '--email', 'bob@example.org', 'bob', '--data', dataDir]);
    expect(result.code).toBe(0);
    await withDatabase(async (db) => {
      expect(await findUserByLogin(db.kysely, 'bob')).toMatchObject({ role: 'archivist', email: 'bob@example.org' });
    });
  }, 30_000);

  it('refuses a bad user name with a clear message', async () => {
    const result = await runCli(['user', 'create', 'no spaces!', '--data', dataDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('login: Use 3 to 40 letters, digits or underscores');
    expect(result.stdout).not.toContain('Password:');
  }, 30_000);

  it('refuses a name that is taken', async () => {
    const result = await runCli(['user', 'create', 'ALICE', '--data', dataDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('login: That user name is already taken.');
  }, 30_000);

  it('refuses an unknown role and a missing name', async () => {
    const role = await runCli(['user', 'create', '--role', 'emperor', 'carol', '--data', dataDir]);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain('--role must be one of: user, archivist, wrangler, admin.');
    const missing = await runCli(['user', 'create', '--data', dataDir]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('usage: records-room user create');
    await withDatabase(async (db) => expect(await findUserByLogin(db.kysely, 'carol')).toBeUndefined());
  }, 30_000);

  it('reads one line from piped input as the password', async () => {
    const result = await runCli(['user', 'create', 'erin', '--data', dataDir], { stdin: '  piped secret with spaces \nnot this line\n' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Created user "erin".\n');
    await withDatabase(async (db) => {
      const user = await findUserByLogin(db.kysely, 'erin');
      expect(await verifyPassword(user!.passwordHash, '  piped secret with spaces ')).toBe(true);
    });
  }, 60_000);

  it('refuses a too-short piped password with a clear message and creates nothing', async () => {
    const result = await runCli(['user', 'create', 'frank', '--data', dataDir], { stdin: 'short\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('password: Use at least 8 characters.');
    expect(result.stderr).toContain('standard input, which is not a terminal');
    await withDatabase(async (db) => expect(await findUserByLogin(db.kysely, 'frank')).toBeUndefined());
  }, 60_000);

  it('generates a password for an empty piped line', async () => {
    const result = await runCli(['user', 'create', 'gina', '--data', dataDir], { stdin: '\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Password: \S{16}/);
  }, 60_000);

  it.skipIf(!hasScript)('on a terminal, asks without echo, again when too short or not matching, and twice to confirm', async () => {
    const terminal = startInTerminal(['user', 'create', 'hana', '--data', dataDir]);
    await terminal.waitFor('leave empty to generate one): ');
    terminal.type('tiny\r');
    await terminal.waitFor('Use at least 8 characters. Try again.');
    await terminal.waitFor('leave empty to generate one): ');
    terminal.type('typed secret one\r');
    await terminal.waitFor('Password again, to confirm: ');
    terminal.type('typed secret two\r');
    await terminal.waitFor('The two passwords do not match. Try again.');
    await terminal.waitFor('leave empty to generate one): ');
    // A slip corrected with backspace is not part of the password.
    terminal.type('typed secret onx\u007fe\r');
    await terminal.waitFor('Password again, to confirm: ');
    terminal.type('typed secret one\r');
    const { code, output } = await terminal.exited;
    expect(code).toBe(0);
    expect(output).toContain('Created user "hana".');
    expect(output).not.toContain('tiny');
    expect(output).not.toContain('secret');
    await withDatabase(async (db) => {
      const user = await findUserByLogin(db.kysely, 'hana');
      expect(await verifyPassword(user!.passwordHash, 'typed secret one')).toBe(true);
    });
  }, 60_000);

  it.skipIf(!hasScript)('on a terminal, Ctrl-C at the question creates nothing', async () => {
    const terminal = startInTerminal(['user', 'create', 'ivan', '--data', dataDir]);
    await terminal.waitFor('leave empty to generate one): ');
    terminal.type('half typed\u0003');
    const { code, output } = await terminal.exited;
    expect(code).toBe(130);
    expect(output).toContain('Cancelled: no account was created.');
    await withDatabase(async (db) => expect(await findUserByLogin(db.kysely, 'ivan')).toBeUndefined());
  }, 60_000);

  it.skipIf(!hasScript)('checks the name before asking for a password', async () => {
    const terminal = startInTerminal(['user', 'create', 'hana', '--data', dataDir]);
    const { code, output } = await terminal.exited;
    expect(code).toBe(1);
    expect(output).toContain('login: That user name is already taken.');
    expect(output).not.toContain('Password');
  }, 60_000);
});

/**
 * The command in a pseudo-terminal (util-linux `script`), as a person at a terminal runs it.
 * Everything the terminal would show, echo included, comes back in `output`.
 */
function startInTerminal(args: string[]) {
  const command = [process.execPath, cliPath, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: cliEnv({ TERM: 'dumb' }), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk) => {
    output += chunk;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })));
  return {
    /** Waits until `text` appears after what an earlier wait matched. */
    waitFor(text: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const at = output.indexOf(text, seen);
          if (at < 0) return;
          seen = at + text.length;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        child.once('close', () => reject(new Error(`exited before "${text}": ${output}`)));
        check();
      });
    },
    type(keys: string) {
      child.stdin.write(keys);
    },
    exited,
  };
}
