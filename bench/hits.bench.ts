// The work page with hit counting on and off (issue 12: on may cost at most 5% of the
// requests a second), logged out, SQLite, page cache at its default 5 s (so the counting is a
// larger part of each answer than it would be without the cache). Runs alternate on, off, on, …
// so the machine's drift falls on both. A quarter of the requests come from a new visitor
// (an address of their own, through a trusted proxy's X-Forwarded-For).
// Usage: npx tsx bench/hits.bench.ts [--duration 10 --pairs 3 --connections 50]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openBenchArchive, postBenchWork } from './archive.ts';
import { machineLine, writeResultSection } from './machine.ts';
import { paragraphs } from '../src/generate/prose.ts';
import { Random } from '../src/generate/random.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, pairs: { type: 'string', default: '3' }, connections: { type: 'string', default: '50' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);

const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-bench-hits-'));
const ctx = await openBenchArchive(dataDir);
const workId = await postBenchWork(ctx, 'bench_author', { title: 'Counted', text: paragraphs(new Random(2), 3_000) });
await ctx.db.close();

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

let visitor = 0;
async function run(counting: boolean) {
  const port = 3700 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, ['bin/records-room.js', 'serve', '--port', String(port), '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', COUNT_HITS: String(counting), TRUST_PROXY: 'true', HIT_FLUSH_SECONDS: '2' },
  });
  await new Promise<void>((resolve) => server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve()));
  const url = `http://127.0.0.1:${port}/works/${workId}`;
  let n = 0;
  const options = {
    url,
    connections,
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0' },
    requests: [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': `10.${(++n % 4 === 0 ? ++visitor : 1) % 250}.${Math.floor(visitor / 250) % 250}.9` } }) }],
  };
  await autocannon({ ...options, duration: 2 });
  const before = cpuSeconds(server.pid!);
  const result = await autocannon({ ...options, duration });
  const cpu = cpuSeconds(server.pid!) - before;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  return { counting, rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, cpuMs: (cpu / result.requests.total) * 1000 };
}

const runs = [];
for (let i = 0; i < Number(values.pairs); i++) for (const counting of [true, false]) runs.push(await run(counting));
rmSync(dataDir, { recursive: true, force: true });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const on = runs.filter((r) => r.counting);
const off = runs.filter((r) => !r.counting);
const loss = 1 - mean(on.map((r) => r.rps)) / mean(off.map((r) => r.rps));
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; autocannon and the server share the machine's 2 cores.`,
  '',
  `\`GET /works/:id\`, logged out, SQLite, page cache 5 s, ${connections} connections, ${duration} s a run after a 2 s warm-up, a new visitor every fourth request; runs in the order made:`,
  '',
  '| run | hit counting | requests/s (mean) | latency p99 | errors | server CPU per request |',
  '|---|---|---|---|---|---|',
  ...runs.map((r, i) => `| ${i + 1} | ${r.counting ? 'on' : 'off'} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p99} ms | ${r.errors} | ${r.cpuMs.toFixed(3)} ms |`),
  '',
  `Mean requests/s with counting on: ${Math.round(mean(on.map((r) => r.rps))).toLocaleString('en')}; off: ${Math.round(mean(off.map((r) => r.rps))).toLocaleString('en')}; on loses ${(loss * 100).toFixed(1)}% (target: under 5%). Server CPU per request ${mean(on.map((r) => r.cpuMs)).toFixed(3)} ms on, ${mean(off.map((r) => r.cpuMs)).toFixed(3)} ms off.`,
];
console.log(lines.join('\n'));
await writeResultSection('Hits on the work page (issue 12)', lines.join('\n'));
