import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../src/accounts/user.repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { enqueue } from '../src/jobs/job.repository.ts';
import { cliPath } from './support/cli.ts';

// `records-room serve` as a newcomer runs it: a fresh data folder, SQLite, jobs in-process.
const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Vitest puts its own BASE_URL in the environment; the command gets a clean one.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['BASE_URL', 'DATABASE_URL', 'PORT', 'RUN_JOBS'].includes(k)));

/** Starts `serve` on a free port; resolves with its address and start-up message once that is complete. */
function startServe(folder: string): { child: ChildProcess; started: Promise<{ url: string; output: string }>; output(): string } {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data', folder], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = new Promise<{ url: string; output: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // The start-up message is several lines; its last one is about background jobs.
      const match = /serving (http:\/\/\S+) /.exec(output);
      if (match && output.includes('Background jobs')) resolve({ url: match[1]!, output });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, started, output: () => output };
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

describe('records-room serve', () => {
  it('creates the database, serves pages, runs background jobs and says how to create the first administrator', async () => {
    const { child, started } = startServe(dataDir);
    try {
      const { url, output } = await started;
      expect(output).toContain('Background jobs run in this process.');
      expect(output).toContain('Create the first administrator with: npx records-room user create --admin NAME');
      expect((await fetch(`${url}/`)).status).toBe(200);

      // A job put in the queue is picked up by the serving process.
      const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
      await enqueue(db.kysely, 'rebuildWorkFilters', { workIds: [] });
      let left = 1;
      for (let i = 0; i < 60 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        left = (await db.kysely.selectFrom('jobs').select('id').where('name', '=', 'rebuildWorkFilters').execute()).length;
      }
      // The daily chains wait for their next run.
      const daily = await db.kysely.selectFrom('jobs').select('name').where('name', 'in', ['scoreBounces', 'sendDigests', 'sendListDigests']).execute();
      await db.close();
      expect(left).toBe(0);
      expect(daily.map((j) => j.name).sort()).toEqual(['scoreBounces', 'sendDigests', 'sendListDigests']);
    } finally {
      await stopServe(child);
    }
  }, 60_000);

  it('does not ask for a first administrator once there is one', async () => {
    const withAdmin = mkdtempSync(path.join(tmpdir(), 'rr-serve-admin-'));
    const db = openDatabase({ engine: 'sqlite', file: path.join(withAdmin, 'records-room.sqlite') });
    await migrateToLatest(db);
    const now = new Date().toISOString();
    await insertUser(db.kysely, { login: 'root', loginKey: 'root', email: 'root@example.org', emailKey: 'root@example.org', passwordHash: '!', role: 'admin', createdAt: now, updatedAt: now });
    await db.close();
    const { child, started, output } = startServe(withAdmin);
    try {
      await started;
      // Everything it printed, up to its exit.
      await stopServe(child);
      expect(output()).toContain('Records Room is serving');
      expect(output()).not.toContain('first administrator');
    } finally {
      await stopServe(child);
      rmSync(withAdmin, { recursive: true, force: true });
    }
  }, 60_000);
});
