// Listing pages on a generated archive of a million works (issue 4), on SQLite or PostgreSQL.
//   npx records-room generate --works 1000000 --text-words 30 --data /tmp/bench1m
//   npx tsx bench/listing.bench.ts --data /tmp/bench1m        (SQLite)
//   DATABASE_URL=postgres://… npx tsx bench/listing.bench.ts  (PostgreSQL)
// "Server time" is measured in-process (app.request, no network), page cache off; the
// throughput figures come from autocannon against the same pages over HTTP.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { boot } from '../src/boot.ts';
import { encodeCursor } from '../src/works/listing.filters.ts';
import { createApp } from '../src/app.ts';
import { machineLine, writeResultSection } from './machine.ts';
import { startBenchServer } from './serve.ts';
import { engineOf } from '../src/db/dialect.ts';

const loadAtStart = loadavg();
const { values } = parseArgs({ options: { data: { type: 'string' }, requests: { type: 'string', default: '200' }, duration: { type: 'string', default: '10' } } });
process.env.PAGE_CACHE_SECONDS = '0';
const ctx = await boot({ DATA_DIR: values.data });
const db = ctx.db.kysely;
const engine = engineOf(ctx.db.kysely);

const works = Number((await db.selectFrom('works').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
// The most popular fandom, and the two most used additional tags to exclude.
const top = async (type: string) =>
  sql<{ id: number; name: string; urlName: string; n: number }>`select t.id, t.name, t.url_name, count(*) as n from work_filters f join tags t on t.id = f.tag_id
    where t.type = ${type} group by t.id, t.name, t.url_name order by n desc limit 2`.execute(db);
const [fandom] = (await top('Fandom')).rows;
const excludes = (await top('Freeform')).rows;
const deepOffset = 100_000;
const deep = await sql<{ updatedAt: string; id: number }>`select w.updated_at, w.id from works w
  where w.is_draft = 0 and exists (select 1 from work_filters f where f.work_id = w.id and f.tag_id = ${fandom!.id})
  order by w.updated_at desc, w.id desc limit 1 offset ${deepOffset}`.execute(db);
const base = `/tags/${encodeURIComponent(fandom!.urlName)}/works?${excludes.map((e) => `exclude=${encodeURIComponent(e.name)}`).join('&')}`;
const pages = {
  'tag page, 2 excludes, page 1': base,
  [`tag page, 2 excludes, deep (after ${deepOffset.toLocaleString('en')} works, ~page ${deepOffset / 20 + 1})`]: `${base}&after=${encodeCursor(deep.rows[0]!.updatedAt, deep.rows[0]!.id)}`,
  'all works, sorted by kudos': '/works?sort=kudos',
};

const app = createApp(ctx);
const rows: string[] = [];
for (const [label, path] of Object.entries(pages)) {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) await (await app.request(`http://localhost${path}`)).text();
  for (let i = 0; i < Number(values.requests); i++) {
    const started = performance.now();
    const response = await app.request(`http://localhost${path}`);
    await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  rows.push(`| ${label} | ${pct(50)} ms | ${pct(95)} ms | ${pct(99)} ms |`);
  console.log(rows.at(-1));
}

// Throughput over HTTP, page 1, in a server process of its own.
const server = await startBenchServer(values.data);
const result = await autocannon({ url: `${server.url}${base}`, connections: 10, duration: Number(values.duration) });
const rss = server.rssMb();
server.stop();
await ctx.db.close();

const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; load average ${loadAtStart.map((n) => n.toFixed(1)).join(', ')} at the start.`,
  '',
  `${works.toLocaleString('en')} generated works (\`generate --text-words 30\`), ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, page cache off. Tag: **${fandom!.name}** (${Number(fandom!.n).toLocaleString('en')} works), excluding **${excludes.map((e) => e.name).join('** and **')}**.`,
  '',
  `Server time per page (in-process, ${values.requests} sequential requests after a warm-up; includes the bounded count and sidebar facets):`,
  '',
  '| page | p50 | p95 | p99 |',
  '|---|---|---|---|',
  ...rows,
  '',
  `Over HTTP with autocannon (10 connections, ${values.duration} s), tag page 1: ${Math.round(result.requests.average).toLocaleString('en')} requests/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors. Server memory (RSS) after the run: ${Math.round(rss)} MB.`,
];
console.log(lines.join('\n'));
await writeResultSection(`Listings at ${works.toLocaleString('en')} works, ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (issue 4)`, lines.join('\n'));
