import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createContext, ok } from '../../src/context.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { queueMail } from '../../src/mail/outbox.service.ts';
import { cliPath } from '../support/cli.ts';
import { recipientsOf, startMailCatcher, type MailCatcher } from '../support/mail.ts';

// Issue 13's crash test, as a test: `records-room worker` is killed with SIGKILL while it sends
// 1,000 messages and started again. Every message arrives, each under one Message-ID; the one
// that can arrive twice is the one in flight at the kill (accepted by the SMTP server, not yet
// recorded as sent), and it comes again with the same Message-ID, which a receiver drops. So
// the receiver sees each message exactly once, and the test says how many copies the SMTP
// server itself took. SQLite only: the worker is a child process on a file of its own.

const COUNT = 1000;
const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-crash-'));
let db: Db;
let mail: MailCatcher;

beforeAll(async () => {
  db = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'records-room.sqlite') });
  await migrateToLatest(db);
  mail = await startMailCatcher();
});
afterAll(async () => {
  await db?.close();
  await mail?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['BASE_URL', 'DATABASE_URL', 'PORT', 'RUN_JOBS'].includes(k))),
  SMTP_URL: mail.url,
  MAIL_FROM: 'Records Room <archive@records-room.test>',
  BASE_URL: 'https://records-room.test',
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, [cliPath, 'worker', '--data', dataDir], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
}

async function until(what: string, test: () => boolean | Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`waited ${seconds} s for ${what}`);
}

const exited = (child: ChildProcess) => new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));

describe('a worker killed while sending', () => {
  it('sends every message after a restart, each under one Message-ID, none lost', async () => {
    const parsed = parseConfig({ DATA_DIR: dataDir, MAIL_FROM: 'archive@records-room.test' });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const ctx = createContext(parsed.config, db);
    const messages = Array.from({ length: COUNT }, (_, i) => ({ key: `crash:${i}`, to: `reader${i}@example.test`, subject: `Message ${i}`, text: `Number ${i}.\n` }));
    await inTransaction(ctx, async (trx) => ok(await queueMail(ctx, trx, messages)));

    const first = startWorker();
    await until('a third of the mail', () => mail.received.length >= COUNT / 3);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = mail.received.length;
    expect(atKill).toBeLessThan(COUNT);

    // The job in flight keeps its lease for five minutes; let it run out, as time would.
    await db.kysely.updateTable('jobs').set({ lockedUntil: new Date(0).toISOString() }).where('lockedUntil', 'is not', null).execute();
    const second = startWorker();
    try {
      await until('every message sent', async () => {
        const left = await db.kysely.selectFrom('outbox').select('id').where('status', '!=', 'sent').limit(1).execute();
        return left.length === 0;
      }, 120);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }

    const byRecipient = new Map<string, Set<string>>();
    for (const got of mail.received) {
      for (const to of recipientsOf(got)) byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(got.messageId ?? ''));
    }
    expect(byRecipient.size).toBe(COUNT);
    expect([...byRecipient.values()].every((ids) => ids.size === 1)).toBe(true);
    // At most the one message in flight at the kill was taken twice by the SMTP server.
    const copies = mail.received.length - COUNT;
    expect(copies).toBeGreaterThanOrEqual(0);
    expect(copies).toBeLessThanOrEqual(1);
    console.log(`worker crash: ${atKill} sent before SIGKILL, ${copies} message taken twice by the SMTP server (same Message-ID)`);
  }, 180_000);
});
