// Kudos on one work at 100 a second from many clients for 30 s (issue 12): no errors, and the
// count at the end exactly the number of distinct givers. Most requests are new guests (each
// its own address, sent as X-Forwarded-For to a server that trusts its proxy, as behind nginx);
// some are guests and accounts coming back, who must be told they already left kudos.
// The server runs as its own process (as `npm start` does); the clients run here.
// Usage: npx tsx bench/kudos.bench.ts [--rate 100 --duration 30 --postgres postgres://postgres@127.0.0.1:5432/postgres]
// On a shared machine, run it in a session whose autogroup has the highest priority (see
// bench/load.bench.ts): setsid bash -c 'echo -19 > /proc/self/autogroup; exec npx tsx bench/kudos.bench.ts …'
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startSession } from '../src/accounts/session.service.ts';
import { createUser } from '../src/accounts/user.service.ts';
import { parseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { openBenchArchive, postBenchWork } from './archive.ts';
import { machineLine, writeResultSection } from './machine.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    accounts: { type: 'string', default: '100' },
    /** An admin URL of a PostgreSQL server: the run is repeated there, in a scratch database. */
    postgres: { type: 'string' },
    /** Only the PostgreSQL run (with --postgres). */
    'skip-sqlite': { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const duration = Number(values.duration);
const accountCount = Number(values.accounts);

type Expected = 'left' | 'already';
interface Outcome {
  status: number;
  latencyMs: number;
  /** What the flash message said, or null when there was none. */
  said: Expected | null;
  expected: Expected;
}

interface Run {
  engine: string;
  sent: number;
  seconds: number;
  outcomes: Outcome[];
  distinctGivers: number;
  kudosCount: number;
  kudosRows: number;
  /** CPU seconds the server process spent over the run. */
  serverCpu: number;
}

async function prepare(databaseUrl: string | undefined, dataDir: string) {
  const ctx = await openBenchArchive(dataDir, databaseUrl);
  const db = ctx.db;
  const workId = await postBenchWork(ctx, 'kudos_author', { title: 'Much Loved', text: 'A story many readers liked.' });
  const sessions: string[] = [];
  for (let i = 0; i < accountCount; i++) {
    const user = await createUser(ctx, { login: `kudos_reader_${i}`, email: `reader${i}@example.invalid`, password: 'benchmark password' });
    if (!user.ok) throw new Error(JSON.stringify(user.errors));
    sessions.push((await startSession(ctx, user.value.id)).token);
  }
  await db.close();
  return { workId, sessions };
}

async function counts(databaseUrl: string | undefined, dataDir: string, workId: number) {
  const parsed = parseConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openDatabase(parsed.config.database);
  const work = await db.kysely.selectFrom('works').select('kudosCount').where('id', '=', workId).executeTakeFirstOrThrow();
  const rows = await db.kysely.selectFrom('kudos').select((eb) => eb.fn.countAll<number>().as('n')).where('workId', '=', workId).executeTakeFirstOrThrow();
  await db.close();
  return { kudosCount: work.kudosCount, kudosRows: Number(rows.n) };
}

function startServer(databaseUrl: string | undefined, dataDir: string) {
  const port = 3700 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, ['bin/records-room.js', 'serve', '--port', String(port), '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', TRUST_PROXY: 'true', RUN_JOBS: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port, ready, child };
}

/** What the flash cookie of an answer says (encoded twice: src/web/respond.ts). */
function flashOf(response: http.IncomingMessage): Expected | null {
  const line = (response.headers['set-cookie'] ?? []).find((l) => l.startsWith('rr_flash='));
  if (!line) return null;
  const message = decodeURIComponent(decodeURIComponent(line.split(';')[0]!.slice('rr_flash='.length)));
  if (message.includes('Thank you')) return 'left';
  if (message.includes('already')) return 'already';
  return null;
}

async function run(engine: string, databaseUrl: string | undefined): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-kudos-bench-'));
  const { workId, sessions } = await prepare(databaseUrl, dataDir);
  const server = startServer(databaseUrl, dataDir);
  await server.ready;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const csrf = randomBytes(24).toString('base64url');
  const body = `_csrf=${csrf}&return_to=${encodeURIComponent(`/works/${workId}`)}`;

  const guests: string[] = [];
  const accountsSeen = new Set<number>();
  const post = (headers: Record<string, string>, expected: Expected, scheduledAt: number) =>
    new Promise<Outcome>((resolve) => {
      const request = http.request(
        { host: '127.0.0.1', port: server.port, path: `/works/${workId}/kudos`, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, latencyMs: performance.now() - scheduledAt, said: flashOf(response), expected }));
        },
      );
      request.on('error', () => resolve({ status: 0, latencyMs: performance.now() - scheduledAt, said: null, expected }));
      request.end(body);
    });

  // Open loop: each request leaves at its own time, whether or not the ones before it were
  // answered, and its latency counts from then (no coordinated omission).
  const total = rate * duration;
  const pending: Promise<Outcome>[] = [];
  const cpuBefore = await serverCpuSeconds(server.child.pid!);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const at = started + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    let headers: Record<string, string>;
    let expected: Expected;
    if (i % 10 === 3) {
      // An account: each comes back twice after its first kudos.
      const account = (i / 10) % sessions.length | 0;
      expected = accountsSeen.has(account) ? 'already' : 'left';
      accountsSeen.add(account);
      headers = { cookie: `rr_csrf=${csrf}; rr_session=${sessions[account]}`, 'x-forwarded-for': '192.0.2.1' };
    } else if (i % 20 === 7 && guests.length > SETTLED) {
      // A guest coming back, from the same address in a new browser; one whose first kudos
      // was sent seconds ago, so the answer to expect is settled.
      headers = { cookie: `rr_csrf=${csrf}`, 'x-forwarded-for': guests[(i * 7919) % (guests.length - SETTLED)]! };
      expected = 'already';
    } else {
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      guests.push(address);
      headers = { cookie: `rr_csrf=${csrf}`, 'x-forwarded-for': address };
      expected = 'left';
    }
    pending.push(post(headers, expected, at));
  }
  const outcomes = await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = (await serverCpuSeconds(server.child.pid!)) - cpuBefore;
  agent.destroy();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  const final = await counts(databaseUrl, dataDir, workId);
  rmSync(dataDir, { recursive: true, force: true });
  return { engine, sent: total, seconds, outcomes, distinctGivers: guests.length + accountsSeen.size, serverCpu, ...final };
}

async function serverCpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s.
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

/** Guests sent this recently are not yet chosen to come back. */
const SETTLED = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(', ');
const autogroup = await import('node:fs/promises').then((fs) => fs.readFile('/proc/self/autogroup', 'utf8')).then((t) => /nice (-?\d+)/.exec(t)?.[1] ?? '?', () => '?');
const runs: Run[] = values['skip-sqlite'] ? [] : [await run('SQLite', undefined)];
if (values.postgres) {
  const name = `rr_bench_kudos_${randomBytes(4).toString('hex')}`;
  await adminQuery(values.postgres, `create database ${name}`);
  try {
    const url = new URL(values.postgres);
    url.pathname = `/${name}`;
    runs.push(await run('PostgreSQL', url.toString()));
  } finally {
    await adminQuery(values.postgres, `drop database ${name}`);
  }
}

const rows = runs.map((r) => {
  const latencies = r.outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const errors = r.outcomes.filter((o) => o.status !== 303).length;
  const wrong = r.outcomes.filter((o) => o.status === 303 && o.said !== o.expected).length;
  const exact = r.kudosCount === r.distinctGivers && r.kudosRows === r.distinctGivers;
  return `| ${r.engine} | ${r.sent.toLocaleString('en')} in ${r.seconds.toFixed(1)} s (${Math.round(r.sent / r.seconds)}/s) | ${percentile(latencies, 50).toFixed(1)} ms | ${percentile(latencies, 99).toFixed(1)} ms | ${percentile(latencies, 100).toFixed(1)} ms | ${errors} | ${wrong} | ${r.distinctGivers.toLocaleString('en')} | ${r.kudosCount.toLocaleString('en')} (${r.kudosRows.toLocaleString('en')} rows) ${exact ? '✓ exact' : '✗ WRONG'} | ${((r.serverCpu / r.sent) * 1000).toFixed(2)} ms |`;
});
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; the clients and the server share the machine; load average ${loadAtStart} at the start; clients and server in an autogroup of nice ${autogroup} (PostgreSQL itself is not).`,
  '',
  `\`POST /works/:id/kudos\` on one work, ${rate} requests a second for ${duration} s, open loop (latency from each request's scheduled time). Of every 20 requests about 17 are new guests (each its own address, through a trusted proxy's X-Forwarded-For), 1 a guest coming back from an earlier address, 2 one of ${accountCount} accounts (each account's later requests are repeats). Errors are answers other than the 303 back to the work; "wrong" are answers whose message was not the expected "Thank you" or "already left kudos".`,
  '',
  '| engine | requests | latency p50 | p99 | max | errors | wrong message | distinct givers | kudos count at the end | server CPU per request |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
];
console.log(lines.join('\n'));
await writeResultSection('Kudos on one work (issue 12)', lines.join('\n'));
