import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { enqueue } from '../src/jobs/job.queue.ts';

// `records-room serve` as a newcomer runs it: a fresh data folder, SQLite, jobs in-process.
const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Vitest puts its own BASE_URL in the environment; the command gets a clean one.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['BASE_URL', 'DATABASE_URL', 'PORT', 'RUN_JOBS'].includes(k)));

describe('records-room serve', () => {
  it('creates the database, serves pages and runs background jobs', async () => {
    const child = spawn(process.execPath, ['bin/records-room.js', 'serve', '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          // The start-up message is several lines; its last one names the admin command.
          const match = /serving (http:\/\/\S+) /.exec(output);
          if (match && output.includes('user create --admin')) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      expect(output).toContain('Background jobs run in this process.');
      expect(output).toContain('user create --admin');
      expect((await fetch(`${url}/`)).status).toBe(200);

      // A job put in the queue is picked up by the serving process.
      const db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
      await enqueue(db.kysely, 'rebuildWorkFilters', { workIds: [] });
      let left = 1;
      for (let i = 0; i < 60 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        left = (await db.kysely.selectFrom('jobs').select('id').execute()).length;
      }
      await db.close();
      expect(left).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
