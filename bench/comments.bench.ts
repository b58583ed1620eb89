// A chapter with 1,000 comments in threads up to depth 10 (issue 12: served at p95 under 30 ms
// server time), on SQLite and on PostgreSQL, for a logged-in reader and a logged-out one.
// Server time is measured through the archive's own HTTP server (@hono/node-server, as
// `records-room serve` runs it) over one kept-alive local connection, from the request sent to
// the last byte read: the whole middleware chain, queries, rendering and writing. Not through
// `app.request`, whose standard Response converts and the caller then decodes each 250 KB page
// (about 3 ms a request that the server, which writes the string as it is, never spends).
// Page cache off so that a logged-out page is rendered each time too (with the cache on, a
// logged-out page is answered from memory). CPU per request is this
// process's (user + system); on PostgreSQL the database's own CPU is not in it.
// Rounds alternate the engines and the viewers, so the machine's drift falls on all of them.
// Usage: npx tsx bench/comments.bench.ts [--requests 200 --rounds 3 --postgres postgres://postgres@127.0.0.1:5432/postgres]
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { startSession } from '../src/accounts/session.service.ts';
import { listPseuds } from '../src/accounts/user.repository.ts';
import { createUser } from '../src/accounts/user.service.ts';
import { createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createContext, type AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { SEGMENT, type NewComment } from '../src/feedback/comment.repository.ts';
import { paragraphs } from '../src/generate/prose.ts';
import { Random } from '../src/generate/random.ts';
import { machineLine, loopGauge, writeResultSection } from './machine.ts';
import { postBenchWork } from './archive.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'string' },
    /** Print the SQL of one request to each page (and write nothing). */
    queries: { type: 'boolean', default: false },
    /** The title of the section written to RESULTS.md (a "before" run may name its own). */
    section: { type: 'string', default: 'A chapter with 1,000 comments (issue 12)' },
  },
});
const requestCount = Number(values.requests);
const COMMENTS = 1_000;
const MAX_DEPTH = 10;
const OTHER_WORKS = 18;

async function open(dataDir: string, databaseUrl?: string): Promise<AppContext> {
  const env = { DATA_DIR: dataDir, PAGE_CACHE_SECONDS: '0', COUNT_HITS: 'false', RUN_JOBS: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const db = openDatabase(parsed.config.database);
  await migrateToLatest(db);
  return createContext(parsed.config, db);
}

/**
 * `COMMENTS` comments on the work's one chapter in `threads` threads, written straight into the
 * table (paths as comment.repository makes them). Each reply answers a random comment of its
 * thread above depth 10, leaning to the newest, so every thread has long chains and branches.
 */
async function fillComments(ctx: AppContext, workId: number, threads: number, writers: { userId: number; pseudId: number }[], seed: number): Promise<void> {
  const db = ctx.db.kysely;
  const chapter = await db.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
  const random = new Random(seed);
  interface Node { id: number; path: string; depth: number; children: number }
  const byThread: Node[][] = [];
  const rows: { node: Node; parent: Node | null; values: Omit<NewComment, 'parentId'> }[] = [];
  const start = Date.parse('2026-11-01T00:00:00Z');
  for (let i = 0; i < COMMENTS; i++) {
    let parent: Node | null = null;
    let thread: Node[];
    if (i < threads) {
      thread = [];
      byThread.push(thread);
    } else {
      thread = byThread[random.int(0, threads - 1)]!;
      const open = thread.filter((n) => n.depth < MAX_DEPTH - 1);
      parent = open[Math.max(0, open.length - 1 - random.int(0, Math.min(open.length - 1, 4)))]!;
    }
    const segment = (parent ? parent.children++ : i).toString(36).padStart(SEGMENT, '0');
    const node: Node = { id: i + 1, path: (parent?.path ?? '') + segment, depth: parent ? parent.depth + 1 : 0, children: 0 };
    thread.push(node);
    const writer = random.chance(0.1) ? null : random.pick(writers);
    const at = new Date(start + i * 60_000).toISOString();
    rows.push({
      node,
      parent,
      values: {
        workId,
        chapterId: chapter.id,
        path: node.path,
        depth: node.depth,
        userId: writer?.userId ?? null,
        pseudId: writer?.pseudId ?? null,
        guestName: writer ? null : `Guest ${i}`,
        guestEmail: writer ? null : `guest${i}@example.invalid`,
        addressKey: `bench-${i % 97}`,
        body: `<p>${paragraphs(random, random.int(20, 120)).replace(/\n+/g, '</p>\n<p>')}</p>`,
        status: random.chance(0.02) ? ('pending' as const) : ('published' as const),
        editedAt: random.chance(0.05) ? at : null,
        createdAt: at,
        updatedAt: at,
      },
    });
  }
  // Parents first (rows are made in that order), so each reply's parent id is known.
  const ids = new Map<Node, number>();
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      const inserted = await trx
        .insertInto('comments')
        .values({ ...row.values, parentId: row.parent ? ids.get(row.parent)! : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(row.node, inserted.id);
    }
    const published = rows.filter((r) => r.values.status === 'published').length;
    await trx.updateTable('works').set({ commentCount: published }).where('id', '=', workId).execute();
  });
}

interface Setup {
  engine: string;
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  server: RunningServer;
  agent: http.Agent;
  cookie: string;
  statements: string[];
  /** Milliseconds from sending each statement to its rows, by its SQL (with --queries). */
  timings: Map<string, number[]>;
  /** The plan of a statement last sent, with its parameters. */
  explain: (sql: string) => Promise<string>;
  pages: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function setup(engine: string, databaseUrl?: string, cleanupDb?: () => Promise<void>): Promise<Setup> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-bench-comments-'));
  const ctx = await open(dataDir, databaseUrl);
  const text = paragraphs(new Random(3), 3_000);
  const deep = await postBenchWork(ctx, 'comments_author', { title: 'Much Discussed', text });
  const wide = await postBenchWork(ctx, 'comments_author2', { title: 'Widely Discussed', text });
  const writers: { userId: number; pseudId: number }[] = [];
  for (let i = 0; i < 50; i++) {
    const user = await createUser(ctx, { login: `commenter_${i}`, email: `commenter${i}@example.invalid`, password: 'benchmark password' });
    if (!user.ok) throw new Error(JSON.stringify(user.errors));
    writers.push({ userId: user.value.id, pseudId: (await listPseuds(ctx.db.kysely, user.value.id))[0]!.id });
  }
  const filled = performance.now();
  // All 1,000 on page 1 (20 threads of about 50), and 1,000 over 5 pages (100 threads of about 10).
  await fillComments(ctx, deep, 20, writers, 7);
  await fillComments(ctx, wide, 100, writers, 8);
  // Other works' comments, so that the table is not these two chapters alone and the planners
  // choose as they would in an archive.
  for (let i = 0; i < OTHER_WORKS; i++) await fillComments(ctx, await postBenchWork(ctx, `comments_other_${i}`, { title: `Other ${i}`, text: 'A short one.' }), 50, writers, 100 + i);
  const db = ctx.db.kysely;
  // As the archive's own tables would be once autovacuum has seen them: statistics, and on
  // PostgreSQL the visibility map that lets a query read an index alone.
  await sql.raw(engine === 'SQLite' ? 'analyze' : 'vacuum analyze comments').execute(db);
  console.log(`${engine}: ${((OTHER_WORKS + 2) * COMMENTS).toLocaleString('en')} comments stored and analysed in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  const chapterOf = async (workId: number) => (await db.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow()).id;
  const deepChapter = await chapterOf(deep);
  const wideChapter = await chapterOf(wide);
  const level4 = await db.selectFrom('comments').select('id').where('chapterId', '=', deepChapter).where('depth', '=', 4).orderBy('path').limit(1).executeTakeFirstOrThrow();
  const reader = await createUser(ctx, { login: 'comments_reader', email: 'reader@example.invalid', password: 'benchmark password' });
  if (!reader.ok) throw new Error(JSON.stringify(reader.errors));
  const token = (await startSession(ctx, reader.value.id)).token;
  // Every statement the app sends is counted (and, with --queries, kept to print).
  const statements: string[] = [];
  const timings = new Map<string, number[]>();
  const lastParameters = new Map<string, readonly unknown[]>();
  const started = new WeakMap<object, { sql: string; at: number }>();
  const base = ctx.db.kysely;
  (ctx.db as { kysely: unknown }).kysely = base.withPlugin({
    transformQuery: (args) => {
      const compiled = base.getExecutor().compileQuery(args.node, args.queryId);
      const text = compiled.sql;
      statements.push(text);
      lastParameters.set(text, compiled.parameters);
      started.set(args.queryId, { sql: text, at: performance.now() });
      return args.node;
    },
    transformResult: async (args) => {
      const start = started.get(args.queryId);
      if (start) timings.set(start.sql, [...(timings.get(start.sql) ?? []), performance.now() - start.at]);
      return args.result;
    },
  });
  return {
    engine,
    ctx,
    statements,
    timings,
    explain: async (text: string) => {
      const query = CompiledQuery.raw(`${engine === 'SQLite' ? 'explain query plan' : 'explain (analyze, costs off, timing off, summary off)'} ${text}`, [...(lastParameters.get(text) ?? [])]);
      const result = await base.executeQuery<Record<string, unknown>>(query);
      return result.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n      ');
    },
    app: createApp(ctx),
    server: await startServer(ctx, { port: 0, host: '127.0.0.1' }),
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    cookie: `rr_session=${token}`,
    pages: {
      'work page, 20 threads of ~50 (all 1,000 on page 1)': `/works/${deep}`,
      'chapter comments page 1, same': `/chapters/${deepChapter}/comments`,
      'work page, 100 threads of ~10 (page 1 of 5)': `/works/${wide}`,
      'chapter comments page 5 of 5, same': `/chapters/${wideChapter}/comments?page=5`,
      'a comment at depth 4: its thread to depth 9': `/comments/${level4.id}`,
    },
    cleanup: async function (this: Setup) {
      this.agent.destroy();
      await this.server.close();
      await ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
      await cleanupDb?.();
    },
  };
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

/** One GET over the setup's kept-alive connection; the body stays bytes (a browser's work, not the server's). */
function get(s: Setup, pagePath: string, headers?: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${s.server.url}${pagePath}`, { agent: s.agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function measure(s: Setup, pagePath: string, loggedIn: boolean): Promise<{ times: number[]; cpuMs: number; bytes: number }> {
  const headers = loggedIn ? { cookie: s.cookie } : undefined;
  const once = async () => {
    const response = await get(s, pagePath, headers);
    const body = response.body;
    if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
    if (loggedIn && !body.includes('comments_reader')) throw new Error(`${pagePath} was not served to the logged-in reader`);
    return body.length;
  };
  for (let i = 0; i < 20; i++) await once();
  const times: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < requestCount; i++) {
    const started = performance.now();
    bytes = await once();
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  return { times, cpuMs: (used.user + used.system) / 1000 / requestCount, bytes };
}

const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(', ');
const gaugeAtStart = loopGauge();
const setups: Setup[] = [await setup('SQLite')];
if (values.postgres) {
  const name = `rr_bench_comments_${randomBytes(4).toString('hex')}`;
  await adminQuery(values.postgres, `create database ${name}`);
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  setups.push(await setup('PostgreSQL', url.toString(), () => adminQuery(values.postgres!, `drop database ${name}`)));
}

if (values.queries) {
  for (const s of setups) {
    for (const [label, pagePath] of Object.entries(s.pages)) {
      for (const loggedIn of [true, false]) {
        const init = loggedIn ? { headers: { cookie: s.cookie } } : undefined;
        for (let i = 0; i < 20; i++) await (await s.app.request(`http://localhost${pagePath}`, init)).text();
        s.statements.length = 0;
        s.timings.clear();
        for (let i = 0; i < 50; i++) await (await s.app.request(`http://localhost${pagePath}`, init)).text();
        console.log(`\n## ${s.engine} ${label} ${loggedIn ? 'logged in' : 'logged out'}: ${s.statements.length / 50} statements`);
        for (const [statement, times] of s.timings) {
          const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
          console.log(`  ${median.toFixed(2)} ms  ${statement.slice(0, 160)}`);
          if (statement.includes('from "comments"')) console.log(`      ${await s.explain(statement)}`);
        }
      }
    }
  }
  for (const s of setups) await s.cleanup();
  process.exit(0);
}

type Key = string;
const results = new Map<Key, { times: number[]; cpu: number[]; bytes: number }>();
const key = (engine: string, label: string, loggedIn: boolean) => `${engine}\t${label}\t${loggedIn ? 'logged in' : 'logged out'}`;
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    // Each round runs the engines and viewers in a different order.
    const order = round % 2 === 0 ? setups : [...setups].reverse();
    for (const s of order) {
      for (const loggedIn of round % 2 === 0 ? [true, false] : [false, true]) {
        for (const [label, pagePath] of Object.entries(s.pages)) {
          const r = await measure(s, pagePath, loggedIn);
          const k = key(s.engine, label, loggedIn);
          const entry = results.get(k) ?? { times: [], cpu: [], bytes: 0 };
          entry.times.push(...r.times);
          entry.cpu.push(r.cpuMs);
          entry.bytes = r.bytes;
          results.set(k, entry);
          const sorted = [...r.times].sort((a, b) => a - b);
          console.log(`round ${round + 1} ${k}: p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms, CPU ${r.cpuMs.toFixed(2)} ms`);
        }
      }
    }
  }
} finally {
  for (const s of setups) await s.cleanup();
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rows = [...results.entries()].map(([k, r]) => {
  const [engine, label, viewer] = k.split('\t');
  const sorted = [...r.times].sort((a, b) => a - b);
  const p95 = pct(sorted, 95);
  return `| ${engine} | ${label} | ${viewer} | ${(r.bytes / 1024).toFixed(0)} KiB | ${pct(sorted, 50).toFixed(1)} ms | ${p95.toFixed(1)} ms ${p95 < 30 ? '✓' : '✗'} | ${pct(sorted, 99).toFixed(1)} ms | ${r.cpu.map((x) => x.toFixed(1)).join(' / ')} ms |`;
});
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}; load average ${loadAtStart} at the start; a plain loop over a string took ${gaugeAtStart.toFixed(2)} ns a character at the start and ${loopGauge().toFixed(2)} at the end (the machine is shared).`,
  '',
  `Two one-chapter works with ${COMMENTS.toLocaleString('en')} comments each, threads up to depth ${MAX_DEPTH} (each reply under a random recent comment of its thread; 10% guests, 2% waiting for approval, bodies of 20–120 words): one in 20 threads (all of them on the first page), one in 100 threads (5 pages of 20); 18 other works with 1,000 comments each, so that the table (20,000 comments, analysed; vacuumed on PostgreSQL, as autovacuum would) is not these two chapters alone. Server time is through the archive's own HTTP server (\`@hono/node-server\`, one kept-alive local connection, request sent to last byte read: middleware, queries, rendering, writing), page cache off so a logged-out page is rendered each time as well; ${requestCount} sequential requests per page and viewer in each of ${values.rounds} rounds (after 20 to warm up), the rounds alternating the order of engines and of viewers. CPU is this process's per request, one figure a round; on PostgreSQL the database server's own CPU is not in it. Pages show threads to a depth of 5 (then "continue this thread").`,
  '',
  '| engine | page | viewer | HTML | p50 | p95 (target < 30 ms) | p99 | CPU per request, each round |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
];
console.log(lines.join('\n'));
await writeResultSection(values.section, lines.join('\n'));
process.exit(0);
