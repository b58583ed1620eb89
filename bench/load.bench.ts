// Readers and writers at once on 20,000 works, SQLite or PostgreSQL (issue 16).
//   npx tsx bench/load.bench.ts --data /tmp/rr-load/sqlite                        (SQLite, admission on)
//   CONCURRENT_REQUESTS=0 npx tsx bench/load.bench.ts --data /tmp/rr-load/sqlite  (admission off)
//   DATABASE_URL=postgres://…/rr_load npx tsx bench/load.bench.ts --data /tmp/rr-load/pg
//   npx tsx bench/load.bench.ts --report [--notes FILE]   (writes the runs logged so far to bench/RESULTS.md)
// On a machine shared with other work, run it in a session of its own whose autogroup has the
// highest priority, so that the server and its clients get the CPU a dedicated machine would give
// (Linux shares the CPU between sessions first, so `nice` alone does nothing against other sessions):
//   setsid bash -c 'echo -19 > /proc/self/autogroup; exec npx tsx bench/load.bench.ts …'
// The archive is generated on first use (`records-room generate --works 20000`). The real
// server runs in a child process with its default settings (page cache, jobs in process on
// SQLite); 160 anonymous and 60 logged-in readers, 6 writers posting works and chapters
// through the forms, and a prober in a process of its own opening a fresh connection every
// 200 ms share its port.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { boot } from '../src/boot.ts';
import { toUrlName } from '../src/tags/tag.names.ts';
import { logIn, percentile, readingPath, runReader, runWriter, Tally, CookieJar, type Acknowledged, type Probe, type Site } from './load.client.ts';
import { loopGauge, machineLine } from './machine.ts';
import { writeLoadReport, type LoadRun } from './load.report.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/tmp/rr-load/sqlite' },
    seconds: { type: 'string', default: '30' },
    log: { type: 'string', default: '/tmp/rr-load/runs.jsonl' },
    label: { type: 'string' },
    report: { type: 'boolean', default: false },
    notes: { type: 'string' },
    'server-log': { type: 'string' },
  },
});
if (values.report) {
  const notes = values.notes ? readFileSync(values.notes, 'utf8').trim() : '';
  await writeLoadReport(readFileSync(values.log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LoadRun), notes);
  process.exit(0);
}

const SECONDS = Number(values.seconds);
const TIMEOUT_MS = 10_000;
const ANONYMOUS = 160;
const LOGGED_IN = 60;
const WRITERS = 6;
const PROBE_EVERY_MS = 200;
const WORKS = 20_000;
const engine = /^postgres/i.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
const admissionSetting = process.env.CONCURRENT_REQUESTS ?? 'default';

// The archive: generated once, then reused (the benchmark's own works stay in it).
let ctx = await boot({ DATA_DIR: values.data });
const count = async () => Number((await ctx.db.kysely.selectFrom('works').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
if ((await count()) < WORKS) {
  await ctx.db.close();
  const generated = spawnSync(process.execPath, ['bin/records-room.js', 'generate', '--works', String(WORKS), '--data', values.data], { stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('generate failed');
  ctx = await boot({ DATA_DIR: values.data });
}
const db = ctx.db.kysely;
const worksBefore = await count();
const workIds = (await db.selectFrom('works').select('id').where('isDraft', '=', 0).where('isRestricted', '=', 0).orderBy('id').limit(50_000).execute()).map((w) => w.id);
const fandoms = await db
  .selectFrom('tags')
  .innerJoin('workTags', 'workTags.tagId', 'tags.id')
  .select(['tags.name', sql<number>`count(*)`.as('uses')])
  .where('tags.type', '=', 'Fandom')
  .where('tags.isCanonical', '=', 1)
  .groupBy('tags.name')
  .orderBy('uses', 'desc')
  .limit(40)
  .execute();
const authors = (await db.selectFrom('users').select('login').where('login', 'like', 'author_%').orderBy('id').limit(LOGGED_IN + WRITERS).execute()).map((u) => u.login);
await ctx.db.close();
if (authors.length < LOGGED_IN + WRITERS) throw new Error(`the archive has ${authors.length} generated authors; ${LOGGED_IN + WRITERS} are needed`);
const archive = {
  workIds,
  tagPaths: fandoms.map((f) => `/tags/${encodeURIComponent(toUrlName(f.name))}/works`),
  logins: authors,
  words: ['rain', 'barn', 'lantern', 'green rock', 'radio', 'winter', 'letters', 'kryp*'],
};

// The server, with its defaults but for the port (and CONCURRENT_REQUESTS when set, to compare).
const port = 3700 + Math.floor(Math.random() * 90);
// BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const server = spawn(process.execPath, [...nodeArgs, 'bin/records-room.js', 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', values.data], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: process.env,
});
let serverLog = '';
server.stderr!.on('data', (chunk: Buffer) => {
  serverLog = (serverLog + chunk.toString()).slice(-20_000);
  if (values['server-log']) appendFileSync(values['server-log'], chunk);
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
  server.once('exit', (code) => reject(new Error(`the server exited (${code}): ${serverLog}`)));
});
const serverCpuSeconds = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const base = new URL(`http://127.0.0.1:${port}`);

// Sessions are opened before the clock starts: the load is reading and writing, not logging in.
const jars: CookieJar[] = [];
for (let i = 0; i < authors.length; i += 6) jars.push(...(await Promise.all(authors.slice(i, i + 6).map((login) => logIn(base, login, 'generated-password')))));

let seed = 20_161;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const PROSE = 'The rain came down on the barn roof and Clark listened while the radio played low. ';
const chapterText = () => `${PROSE.repeat(5 + Math.floor(random() * 20))}\n\n${PROSE.repeat(10)}`;

// The prober runs in its own process (bench/load.prober.ts says why), started before the clock:
// every fourth probe asks for the stylesheet, the rest for a work page.
const probePaths = Array.from({ length: 1000 }, (_, i) => (i % 4 === 3 ? '/assets/site.css' : `/works/${archive.workIds[Math.floor(random() * archive.workIds.length)]}`));
const pathsFile = join(tmpdir(), `rr-probe-paths-${process.pid}.json`);
writeFileSync(pathsFile, JSON.stringify(probePaths));
const prober = spawn(process.execPath, [...process.execArgv, 'bench/load.prober.ts', '--base', base.href, '--seconds', String(SECONDS), '--every', String(PROBE_EVERY_MS), '--timeout', String(TIMEOUT_MS), '--paths', pathsFile], { stdio: ['ignore', 'pipe', 'inherit'] });
let proberOut = '';
prober.stdout!.on('data', (chunk: Buffer) => (proberOut += chunk.toString()));
const probed = new Promise<Probe[]>((resolve, reject) =>
  prober.once('exit', (code) => (code === 0 ? resolve(JSON.parse(proberOut) as Probe[]) : reject(new Error(`the prober exited (${code})`)))),
);

const loadAtStart = loadavg();
const autogroup = existsSync('/proc/self/autogroup') ? readFileSync('/proc/self/autogroup', 'utf8').trim() : 'unknown';
const gauge = loopGauge();
const cpuAtStart = serverCpuSeconds();
const clientCpuAtStart = process.cpuUsage();
const started = performance.now();
const startedAt = Date.now();
const site: Site = { base, timeoutMs: TIMEOUT_MS, until: started + SECONDS * 1000 };
const tallies = { anonymous: new Tally(), loggedIn: new Tally(), writers: new Tally(), writes: new Tally() };
const acknowledged: Acknowledged = { works: [], chapters: [] };
const anonymousJar = () => new CookieJar();
const clients: Promise<unknown>[] = [
  ...Array.from({ length: ANONYMOUS }, () => runReader(site, tallies.anonymous, anonymousJar(), () => readingPath(random, archive))),
  ...jars.slice(0, LOGGED_IN).map((jar) => runReader(site, tallies.loggedIn, jar, () => readingPath(random, archive))),
  ...jars.slice(LOGGED_IN).map((jar, i) => runWriter(site, tallies.writers, tallies.writes, jar, fandoms[i % fandoms.length]!.name, acknowledged, chapterText)),
];
const [probes] = await Promise.all([probed, ...clients]);
const wallSeconds = (performance.now() - started) / 1000;
const serverCpu = serverCpuSeconds() - cpuAtStart;
const clientCpu = process.cpuUsage(clientCpuAtStart);
const loadAtEnd = loadavg();
const exited = new Promise((resolve) => server.once('exit', resolve));
server.kill('SIGTERM');
await exited;

// Every acknowledged write must be in the database.
ctx = await boot({ DATA_DIR: values.data });
const found = async (table: 'works' | 'chapters', keys: string[]) => {
  let n = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    if (slice.length) n += Number((await ctx.db.kysely.selectFrom(table).select(sql<number>`count(*)`.as('n')).where('submissionKey', 'in', slice).executeTakeFirstOrThrow()).n);
  }
  return n;
};
const worksFound = await found('works', acknowledged.works);
const chaptersFound = await found('chapters', acknowledged.chapters);
await ctx.db.close();

const summarise = (t: Tally) => ({
  requests: t.requests, errors: t.errors, timeouts: t.timeouts,
  p50: percentile(t.times, 50), p99: percentile(t.times, 99), statuses: Object.fromEntries(t.statuses),
});
const firstAnswers = (list: typeof probes) => {
  const answered = list.flatMap((p) => (p.outcome.kind === 'answer' ? [p.outcome.answer.firstByteMs] : []));
  return {
    probes: list.length, timeouts: list.filter((p) => p.outcome.kind === 'timeout').length, errors: list.filter((p) => p.outcome.kind === 'error' || (p.outcome.kind === 'answer' && p.outcome.answer.status >= 400)).length,
    p50: percentile(answered, 50), p99: percentile(answered, 99), max: answered.length ? Math.max(...answered) : NaN,
  };
};
const steady = probes.filter((p) => p.sentAt >= startedAt + 1000);
const run: LoadRun = {
  label: values.label ?? `${engine}, CONCURRENT_REQUESTS=${admissionSetting}`,
  engine, admission: admissionSetting, date: new Date().toISOString(), machine: machineLine(),
  loadAtStart, loadAtEnd, autogroup, gaugeNs: gauge, seconds: wallSeconds, worksBefore,
  serverCpuSeconds: serverCpu, clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
  anonymous: summarise(tallies.anonymous), loggedIn: summarise(tallies.loggedIn), writers: summarise(tallies.writers),
  writes: { attempted: tallies.writes.requests, acknowledged: acknowledged.works.length + acknowledged.chapters.length, found: worksFound + chaptersFound, works: acknowledged.works.length, chapters: acknowledged.chapters.length },
  // A new visitor's first answer is counted from one second after the start, as the issue measured
  // it; the first second (226 clients connecting at once to a server just started, its caches
  // and compiled code cold) is reported apart.
  fresh: firstAnswers(steady), freshPages: firstAnswers(steady.filter((p) => p.path.startsWith('/works'))), freshStylesheet: firstAnswers(steady.filter((p) => p.path.startsWith('/assets'))),
  freshFirstSecond: firstAnswers(probes.filter((p) => p.sentAt < startedAt + 1000)),
  serverErrors: (serverLog.match(/\[error\]/g) ?? []).length,
};
console.log(JSON.stringify(run, null, 2));
// The slowest first answers, with when they were sent, to line up with a server log.
for (const p of probes.filter((p) => p.outcome.kind !== 'answer' || p.outcome.answer.firstByteMs > 500)) console.error(`slow probe ${p.path} sent at ${p.sentAt}: ${JSON.stringify(p.outcome).slice(0, 120)}`);
if (!existsSync(values.log)) appendFileSync(values.log, '');
appendFileSync(values.log, `${JSON.stringify(run)}\n`);
if (run.writes.found !== run.writes.acknowledged) {
  console.error(`LOST WRITES: ${run.writes.acknowledged - run.writes.found} acknowledged writes are not in the database`);
  process.exitCode = 1;
}
