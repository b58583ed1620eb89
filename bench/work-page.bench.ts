// The work page of a 10,000-word chapter, logged out, on SQLite, under autocannon.
// The server runs as its own process (as `npm start` does); autocannon runs here.
// Usage: npm run bench:work-page [-- --duration 20 --connections 50]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openBenchArchive, postBenchWork } from './archive.ts';
import { machineLine, writeResultSection } from './machine.ts';
import { paragraphs } from '../src/generate/prose.ts';
import { Random } from '../src/generate/random.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '15' }, connections: { type: 'string', default: '50' }, profile: { type: 'string' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);

const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-bench-'));
const ctx = await openBenchArchive(dataDir);
const workId = await postBenchWork(ctx, 'bench_author', {
  title: 'The Long Storm',
  summary: 'Ten thousand words of rain.',
  rating: 'Teen And Up Audiences',
  categories: ['M/M'],
  relationships: ['Clark Kent/Lex Luthor'],
  characters: ['Clark Kent', 'Lex Luthor'],
  freeforms: ['Rain', 'Slow Burn', 'Angst'],
  text: paragraphs(new Random(1), 10_000),
});
await ctx.db.close();

const rows: string[] = [];
let pageBytes = 0;
for (const cacheSeconds of [0, 5]) {
  const port = 3900 + Math.floor(Math.random() * 90);
  // --profile DIR writes a V8 CPU profile of the server, for finding where the time goes.
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  const server = spawn(process.execPath, [...profile, 'bin/records-room.js', 'serve', '--port', String(port), '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', PAGE_CACHE_SECONDS: String(cacheSeconds) },
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/works/${workId}`;
  const page = await fetch(url);
  pageBytes = (await page.text()).length;
  if (page.status !== 200) throw new Error(`work page answered ${page.status}`);

  // Warm up (JIT, SQLite page cache), then measure.
  await autocannon({ url, connections, duration: 3 });
  const cpuBefore = await serverCpuSeconds(server.pid!);
  const result = await autocannon({ url, connections, duration });
  const cpuAfter = await serverCpuSeconds(server.pid!);
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  const perRequestMs = ((cpuAfter - cpuBefore) / result.requests.total) * 1000;
  rows.push(
    `| ${cacheSeconds === 0 ? 'off (every request queries and renders)' : `${cacheSeconds} s microcache`} | ${Math.round(result.requests.average).toLocaleString('en')} | ${result.latency.p50} ms | ${result.latency.p97_5} ms | ${result.latency.p99} ms | ${result.errors + result.non2xx} | ${perRequestMs.toFixed(3)} ms | ${Math.round(1000 / perRequestMs).toLocaleString('en')} |`,
  );
}
rmSync(dataDir, { recursive: true, force: true });

const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; autocannon and the server share the machine's 2 cores, so requests/s is what one server process gets while autocannon takes the other core.`,
  '',
  `\`GET /works/:id\`, logged out, one 10,000-word chapter (${(pageBytes / 1024).toFixed(0)} KiB of HTML), SQLite, ${connections} connections for ${duration} s, after a 3 s warm-up:`,
  '',
  '| page cache | requests/s (mean) | latency p50 | p97.5 | p99 | errors | server CPU per request | requests per server CPU-second |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  'For scale: eFiction (PHP) served about 280 such pages a second on this kind of machine.',
];
console.log(lines.join('\n'));
await writeResultSection('Work page (issue 2)', lines.join('\n'));

async function serverCpuSeconds(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s.
  return (Number(stat[11]) + Number(stat[12])) / 100;
}
