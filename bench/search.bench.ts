// Full-text search over a generated archive of about 100 million words (issue 4).
//   npx records-room generate --works 20000 --text-words 2200 --data /tmp/benchsearch
//   npx tsx bench/search.bench.ts --data /tmp/benchsearch            (SQLite)
//   DATABASE_URL=postgres://… npx tsx bench/search.bench.ts           (PostgreSQL)
// Server time is measured in-process through the same function the page uses (parse, match,
// rank, count, snippets), sequentially, after a warm-up; then autocannon asks a server process
// of its own for the search page over HTTP. Beside each query's wall time: the CPU time a
// search cost this process and, on PostgreSQL, the server processes serving this database
// (read from /proc, so only when the server runs on this machine), and the load average
// when it finished: on a shared machine, wall time well above CPU time means it was busy.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { boot } from '../src/boot.ts';
import { searchArchive } from '../src/search/search.service.ts';
import { machineLine, writeResultSection } from './machine.ts';
import { startBenchServer } from './serve.ts';
import { engineOf } from '../src/db/dialect.ts';

const loadAtStart = loadavg();
const { values } = parseArgs({ options: { data: { type: 'string' }, requests: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' } } });
const ctx = await boot({ DATA_DIR: values.data });
const db = ctx.db.kysely;
const totals = await db
  .selectFrom('works')
  .select([sql<number>`count(*)`.as('works'), sql<number>`sum(word_count)`.as('words')])
  .executeTakeFirstOrThrow();

const queries: [string, string, 'relevance' | 'updated'][] = [
  ['phrase, best match', '"green rock"', 'relevance'],
  ['phrase, newest first', '"green rock"', 'updated'],
  ['rarer phrase, best match', '"lantern swung"', 'relevance'],
  ['two words, best match', 'lantern cinnamon', 'relevance'],
  ['prefix and exclusion', 'kryp* -angst', 'relevance'],
  // tag: names a tag, so it means the works filtered under it (synonyms and subtags included).
  ['tag and a word, best match', 'tag:"Alternate Universe" lantern', 'relevance'],
  ['tag and a word, newest first', 'tag:"Alternate Universe" lantern', 'updated'],
  ['tag alone, newest first', 'tag:"Alternate Universe"', 'updated'],
];

const engine = engineOf(db) === 'sqlite' ? 'SQLite' : 'PostgreSQL';

/** CPU seconds used so far by the PostgreSQL processes serving this database; null when they cannot be read here. */
async function serverCpuSeconds(): Promise<number | null> {
  if (engine !== 'PostgreSQL') return null;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  try {
    return rows.reduce((sum, { pid }) => {
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(stat[11]) + Number(stat[12])) / 100;
    }, 0);
  } catch {
    return null;
  }
}

const rows: string[] = [];
for (const [label, q, sort] of queries) {
  const run = () => searchArchive(ctx.db, { q, sort, page: 1 }, 'public');
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  let total = 0;
  const serverBefore = await serverCpuSeconds();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < Number(values.requests); i++) {
    const started = performance.now();
    const outcome = await run();
    times.push(performance.now() - started);
    if (!outcome.ok) throw new Error(`${q}: ${outcome.errors}`);
    total = outcome.value.results.total;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await serverCpuSeconds();
  // Means over the timed searches: /proc counts in hundredths of a second, too coarse for one.
  const perSearch = (ms: number) => `${(ms / times.length).toFixed(1)} ms`;
  const nodeCpu = perSearch((cpu.user + cpu.system) / 1000);
  const serverCpu = serverBefore === null || serverAfter === null ? null : perSearch((serverAfter - serverBefore) * 1000);
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  const cpuCells = engine === 'PostgreSQL' ? `${nodeCpu} | ${serverCpu ?? 'n/a'}` : nodeCpu;
  rows.push(`| ${label} | \`${q}\` | ${total.toLocaleString('en')} | ${pct(50)} ms | ${pct(95)} ms | ${cpuCells} | ${loadavg()[0]!.toFixed(1)} |`);
  console.log(rows.at(-1));
}
await ctx.db.close();

// Throughput over HTTP: the phrase search page, logged out, page cache off.
const server = await startBenchServer(values.data);
const searchPath = `/works/search?q=${encodeURIComponent('"green rock"')}`;
const http = await autocannon({ url: `${server.url}${searchPath}`, connections: 10, duration: Number(values.duration) });
const rss = server.rssMb();
server.stop();

const load = (l: number[]) => l.map((n) => n.toFixed(1)).join(', ');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; load average ${load(loadAtStart)} at the start and ${load(loadavg())} at the end (the machine is shared).`,
  '',
  `${Number(totals.works).toLocaleString('en')} generated works, ${Number(totals.words).toLocaleString('en')} words of chapter text, ${engine}; ${values.requests} sequential searches each, page 1 with snippets:`,
  '',
  engine === 'PostgreSQL'
    ? '| search | query | matches | p50 | p95 | CPU per search, Node | CPU per search, server | load (1 min) |'
    : '| search | query | matches | p50 | p95 | CPU per search | load (1 min) |',
  engine === 'PostgreSQL' ? '|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Over HTTP with autocannon (10 connections, ${values.duration} s), \`${searchPath}\`: ${Math.round(http.requests.average).toLocaleString('en')} requests/s, latency p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, ${http.errors + http.non2xx} errors. Server memory (RSS) after the run: ${Math.round(rss)} MB.`,
];
console.log(lines.join('\n'));
// One section per engine, whatever the archive's exact word count (its body says it).
await writeResultSection(`Search over 100 million words, ${engine} (issue 4)`, lines.join('\n'));
