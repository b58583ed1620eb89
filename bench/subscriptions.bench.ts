// 10,000 subscribers to a tag and one new work (issue 13): how long tellSubscribers takes to
// queue every notification (the goal: well under a second), then how fast the deliverMail jobs
// send them to a local SMTP sink (smtp-server in this process, accepting everything).
// Subscribers are written straight into the tables (creating 10,000 accounts through sign-up
// would spend minutes hashing passwords, which is not what is measured); their addresses are
// confirmed and their choice for subscription news is the default, each as it happens.
// Usage: npx tsx bench/subscriptions.bench.ts [--subscribers 10000] [--skip-send]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSink } from './smtp-sink.ts';
import { parseConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { insertRows } from '../src/db/insert.rows.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runJobs } from '../src/jobs/job.worker.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { tellSubscribers } from '../src/news/subscription.announce.ts';
import { firstChapterId } from '../src/works/work.repository.ts';
import { postBenchWork } from './archive.ts';
import { loopGauge, machineLine, writeResultSection } from './machine.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    'skip-send': { type: 'boolean', default: false },
  },
});
const subscriberCount = Number(values.subscribers);

async function main() {
  const sink = await startSink();

  const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-subscriptions-bench-'));
  const parsed = parseConfig({ DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_FROM: 'Records Room <archive@records-room.test>', BASE_URL: 'https://records-room.test' });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openDatabase(parsed.config.database);
  await migrateToLatest(db);
  const mailer = createMailer(parsed.config, () => {});
  const ctx = createContext(parsed.config, db, undefined, mailer);
  const gaugeBefore = loopGauge();
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(', ');

  // The work is posted before anyone subscribes, and its own announcement run, so the timed call
  // below is the only one that finds subscribers.
  const workId = await postBenchWork(ctx, 'subscribed_author', { title: 'Rain on the Roof', summary: '<p>Clark waits out a storm.</p>', freeforms: ['Rain'], text: 'The rain came down.' });
  await runJobs(ctx, { once: true, log: () => {} });
  const chapterId = (await firstChapterId(db.kysely, workId))!;
  const tag = await db.kysely.selectFrom('tags').select('id').where('name', '=', 'Rain').executeTakeFirstOrThrow();

  const now = new Date().toISOString();
  const users = Array.from({ length: subscriberCount }, (_, i) => ({
    login: `subscriber_${i}`,
    loginKey: `subscriber_${i}`,
    email: `subscriber${i}@example.test`,
    emailKey: `subscriber${i}@example.test`,
    passwordHash: 'not-a-password',
    role: 'user',
    emailConfirmedAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  await db.kysely.transaction().execute((trx) => insertRows(trx, 'users', users));
  const ids = await db.kysely.selectFrom('users').select('id').where('login', 'like', 'subscriber_%').execute();
  const subscriberIds = ids.map((r) => r.id);
  await db.kysely.transaction().execute((trx) => insertRows(trx, 'subscriptions', subscriberIds.map((userId) => ({ userId, targetType: 'tag', targetId: tag.id, createdAt: now }))));

  const started = process.hrtime.bigint();
  await tellSubscribers(ctx, { workId, chapterId, news: 'work' });
  const queueSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const queued = Number((await db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  console.log(`queued ${queued} messages for ${subscriberIds.length} subscribers in ${queueSeconds.toFixed(3)} s (${Math.round(queued / queueSeconds)} messages/s)`);

  let sendLine = 'Sending was skipped (--skip-send).';
  if (!values['skip-send']) {
    const sendStarted = process.hrtime.bigint();
    const summary = await runJobs(ctx, { once: true, log: () => {} });
    const sendSeconds = Number(process.hrtime.bigint() - sendStarted) / 1e9;
    console.log(`sent: ${JSON.stringify(summary)}, ${sink.received()} received by the sink in ${sendSeconds.toFixed(1)} s (${Math.round(sink.received() / sendSeconds)} messages/s)`);
    sendLine = `Then the \`deliverMail\` jobs, one worker in the same process (\`runJobs\`), through the SMTP pool (2 connections) to a local smtp-server sink: ${sink.received().toLocaleString('en')} messages received in ${sendSeconds.toFixed(1)} s, **${Math.round(sink.received() / sendSeconds).toLocaleString('en')} messages/s** (${summary.failed} failed, ${summary.retried} retried).`;
  }
  const gaugeAfter = loopGauge();
  mailer.close();
  await db.close();
  await sink.close();
  rmSync(dataDir, { recursive: true, force: true });

  await writeResultSection(
    'Subscription news to 10,000 tag subscribers, SQLite (issue 13)',
    `Measured ${now.slice(0, 10)} on ${machineLine()}; load average ${loadBefore} at the start; a plain loop over a string took ${gaugeBefore.toFixed(2)} ns a character at the start and ${gaugeAfter.toFixed(2)} at the end.

${subscriberIds.length.toLocaleString('en')} users with confirmed addresses, each subscribed to the tag of one new work. \`tellSubscribers\` (the announceWork job's announcer) found them with one set query over work_filters and queued every message through \`deliverNews\` (guard, choices, addresses) 500 to a call and a transaction: **${queued.toLocaleString('en')} messages queued in ${queueSeconds.toFixed(3)} s (${Math.round(queued / queueSeconds).toLocaleString('en')} messages/s)**, each an outbox row and a deliverMail job.

${sendLine}

\`npx tsx bench/subscriptions.bench.ts\` (\`--subscribers N\`, \`--skip-send\`).`,
  );
}

await main();
