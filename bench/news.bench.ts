// News at scale (issue 13). 10,000 readers subscribed to one tag and one new work under it:
// how long the announceWork job takes to queue every notification (subscribers found through
// the work's filters, the guard, each person's choice, one outbox row and one deliverMail job
// each), then how fast the worker sends them to a local SMTP sink (smtp-server in this process,
// accepting at once) with JOB_LOOPS 1 and 4. Then the daily digest: people with five waiting
// items each, at two sizes, with the heap's peak, to show that memory stays flat.
// Times are wall clock and this process's CPU (user + system); on PostgreSQL the database's
// own CPU is not in it. Engines alternate; each run is a fresh archive.
// Usage: npx tsx bench/news.bench.ts [--subscribers 10000 --postgres postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseConfig } from '../src/config.ts';
import { createContext, type AppContext } from '../src/context.ts';
import { openDatabase, type DatabaseConfig } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runJobs, startWorker } from '../src/jobs/job.worker.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { sendDigests } from '../src/news/digest.jobs.ts';
import { announceWork } from '../src/news/announce.jobs.ts';
import { machineLine, writeResultSection } from './machine.ts';
import { postBenchWork } from './archive.ts';
import { startSink } from './smtp-sink.ts';

// --queue-only: only the queueing of the tag news, three rounds alternating the engines, printed
// and not written (for comparing changes to the queueing path quickly).
const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' }, postgres: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'queue-only': { type: 'boolean', default: false } } });
const SUBSCRIBERS = Number(values.subscribers);

function clock() {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: Number(process.hrtime.bigint() - wall) / 1e6, cpuMs: (used.user + used.system) / 1000 };
  };
}

async function openArchive(smtpUrl: string, postgresUrl?: string): Promise<{ ctx: AppContext; drop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rr-news-bench-'));
  const parsed = parseConfig({ DATA_DIR: dir, SMTP_URL: smtpUrl, MAIL_FROM: 'Records Room <archive@bench.test>', BASE_URL: 'https://bench.test', ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  let config: DatabaseConfig = parsed.config.database;
  const schema = `rr_bench_${randomBytes(4).toString('hex')}`;
  if (postgresUrl) {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    config = { engine: 'postgres', url: postgresUrl, schema, poolSize: 10 };
  }
  const db = openDatabase(config);
  await migrateToLatest(db);
  const ctx = createContext({ ...parsed.config, database: config }, db, undefined, createMailer(parsed.config));
  return {
    ctx,
    async drop() {
      ctx.mailer?.close();
      await db.close();
      if (postgresUrl) {
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` readers with confirmed addresses, written straight into the table (no password hashing). */
async function makeReaders(ctx: AppContext, count: number, prefix: string): Promise<number[]> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, i) => {
      const login = `${prefix}${from + i}`;
      return { login, loginKey: login, email: `${login}@sink.test`, emailKey: `${login}@sink.test`, passwordHash: '!', role: 'user', emailConfirmedAt: now, createdAt: now, updatedAt: now };
    });
    const made = await ctx.db.kysely.insertInto('users').values(rows).returning('id').execute();
    ids.push(...made.map((r) => r.id));
  }
  return ids;
}

async function sentCount(ctx: AppContext): Promise<number> {
  const row = await ctx.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tagRun(engine: 'sqlite' | 'postgres', loops: number, queueOnly = false) {
  const sink = await startSink();
  const { ctx, drop } = await openArchive(sink.url, engine === 'postgres' ? values.postgres : undefined);
  try {
    const tagName = 'Harvest Moon';
    // A first work makes the tag; its news finds nobody yet.
    await postBenchWork(ctx, 'first_author', { text: 'An opening.', freeforms: [tagName] });
    await runJobs(ctx, { once: true, log: () => {} });
    const tag = await ctx.db.kysely.selectFrom('tags').select('id').where('name', '=', tagName).executeTakeFirstOrThrow();
    const readers = await makeReaders(ctx, SUBSCRIBERS, 'reader');
    const now = new Date().toISOString();
    for (let from = 0; from < readers.length; from += 500) {
      await ctx.db.kysely.insertInto('subscriptions').values(readers.slice(from, from + 500).map((userId) => ({ userId, targetType: 'tag', targetId: tag.id, createdAt: now }))).execute();
    }
    await postBenchWork(ctx, 'second_author', { text: 'The new one.', freeforms: [tagName] });
    const job = await ctx.db.kysely.selectFrom('jobs').select(['id', 'payload']).where('name', '=', 'announceWork').executeTakeFirstOrThrow();
    const queueing = clock();
    // The job's handler itself: a worker would also take the deliverMail jobs it queues.
    await announceWork(ctx, JSON.parse(job.payload));
    const queued = queueing();
    await ctx.db.kysely.deleteFrom('jobs').where('id', '=', job.id).execute();
    const outbox = Number((await ctx.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if (queueOnly) return { engine, loops, outbox, queued, sent: { ms: 0, cpuMs: 0 }, received: 0 };
    const sending = clock();
    const worker = startWorker(ctx, { loops, idleMs: 20, log: () => {} });
    while ((await sentCount(ctx)) < outbox) await new Promise((r) => setTimeout(r, 100));
    await worker.stop();
    const sent = sending();
    return { engine, loops, outbox, queued, sent, received: sink.received() };
  } finally {
    await drop();
    await sink.close();
  }
}

async function digestRun(engine: 'sqlite' | 'postgres', people: number) {
  const sink = await startSink();
  const { ctx, drop } = await openArchive(sink.url, engine === 'postgres' ? values.postgres : undefined);
  try {
    const workId = await postBenchWork(ctx, 'digest_author', { text: 'Read me.' });
    const readers = await makeReaders(ctx, people, 'digester');
    const now = new Date().toISOString();
    const items = readers.flatMap((userId) => Array.from({ length: 5 }, (_, k) => ({ userId, kind: 'kudos', itemKey: `kudos:${userId}:${k}`, workId, line: `Someone ${k} left kudos on "Read me"`, createdAt: now })));
    for (let from = 0; from < items.length; from += 500) await ctx.db.kysely.insertInto('newsDigest').values(items.slice(from, from + 500)).execute();
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const building = clock();
    await sendDigests(ctx, null);
    const built = building();
    clearInterval(sampler);
    const queued = Number((await ctx.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { engine, people, queued, built, heapGrowthMb: (peak - base) / 2 ** 20 };
  } finally {
    await drop();
    await sink.close();
  }
}

const engines: ('sqlite' | 'postgres')[] = values.postgres ? ['sqlite', 'postgres'] : ['sqlite'];
if (values['queue-only']) {
  for (let round = 0; round < 3; round++) {
    for (const engine of round % 2 === 0 ? engines : [...engines].reverse()) {
      const r = await tagRun(engine, 1, true);
      console.log(`${r.engine}: ${r.outbox} queued in ${r.queued.ms.toFixed(0)} ms (CPU ${r.queued.cpuMs.toFixed(0)} ms); load ${loadavg()[0]!.toFixed(1)}`);
    }
  }
  process.exit(0);
}
const started = new Date();
const load = loadavg().map((n) => n.toFixed(1)).join(', ');
const tagRows: string[] = [];
for (const loops of [1, 4]) {
  for (const engine of engines) {
    const r = await tagRun(engine, loops);
    const line = `| ${r.engine} | ${r.loops} | ${r.outbox.toLocaleString('en')} | ${r.queued.ms.toFixed(0)} ms (CPU ${r.queued.cpuMs.toFixed(0)} ms) | ${(r.sent.ms / 1000).toFixed(1)} s (CPU ${(r.sent.cpuMs / 1000).toFixed(1)} s) | ${Math.round((r.outbox / r.sent.ms) * 1000)} | ${r.received.toLocaleString('en')} |`;
    console.log(line);
    tagRows.push(line);
  }
}
const digestRows: string[] = [];
for (const people of [2_000, 8_000]) {
  for (const engine of engines) {
    const r = await digestRun(engine, people);
    const line = `| ${r.engine} | ${r.people.toLocaleString('en')} | ${r.queued.toLocaleString('en')} | ${(r.built.ms / 1000).toFixed(1)} s (CPU ${(r.built.cpuMs / 1000).toFixed(1)} s) | ${r.heapGrowthMb.toFixed(1)} MB |`;
    console.log(line);
    digestRows.push(line);
  }
}
if (!values['dry-run']) {
  await writeResultSection(
    'News on both engines: tag subscribers, JOB_LOOPS and the daily digest (issue 13)',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}; load average at the start ${load} (other engineers' work shares the machine).

${SUBSCRIBERS.toLocaleString('en')} readers (confirmed addresses) subscribe to one tag; a new work under it is posted. "Queued" is the announceWork job: subscribers found through the work's filters, the guard, each reader's choice, an outbox row and a deliverMail job each, 500 to a transaction. "Sent" is the worker (JOB_LOOPS loops) sending every message to an SMTP server in this process that accepts at once.

| engine | JOB_LOOPS | messages | queued | sent | messages / s | received by the sink |
|---|---|---|---|---|---|---|
${tagRows.join('\n')}

The daily digest: each person has five waiting items; sendDigests builds and queues one digest each, a page of 200 people at a time, each person in a transaction of their own. Heap growth is the peak over the heap before the run.

| engine | people | digests queued | built and queued | heap growth at peak |
|---|---|---|---|---|
${digestRows.join('\n')}`,
  );
}
process.exit(0);
