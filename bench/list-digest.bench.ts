// A daily digest for a list of 100,000 members (issue 13): built once, queued to every member a
// keyset page at a time, with flat memory. The digest job runs here in-process on SQLite and
// the heap is sampled while it runs; a run with a tenth of the members shows that the peak does
// not grow with the list. Queueing only: sending is the outbox's (deliverMail) and is measured
// by the outbox's own benchmark.
// Usage: npx tsx bench/list-digest.bench.ts [--members 100000 --posts 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AppContext } from '../src/context.ts';
import { sendListDigest } from '../src/lists/list.send.ts';
import { openBenchArchive } from './archive.ts';
import { machineLine, writeResultSection } from './machine.ts';

const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' }, posts: { type: 'string', default: '5' } } });
const memberCount = Number(values.members);
const postCount = Number(values.posts);

interface Run {
  members: number;
  queued: number;
  seconds: number;
  peakHeapMb: number;
  baseHeapMb: number;
}

async function prepare(ctx: AppContext, members: number): Promise<{ listId: number; from: string; through: string }> {
  const db = ctx.db.kysely;
  const now = new Date();
  const from = new Date(now.getTime() - 86_400_000).toISOString();
  const list = await db.insertInto('lists').values({ name: 'Level Three', slug: `level-three-${members}`, description: null, tagId: null, createdBy: null, createdAt: from }).returning('id').executeTakeFirstOrThrow();
  const joinedAt = new Date(now.getTime() - 3_600_000).toISOString();
  for (let start = 0; start < members; start += 1000) {
    const rows = Array.from({ length: Math.min(members, start + 1000) - start }, (_, k) => {
      const address = `member${start + k}@list${members}.example.invalid`;
      return { listId: list.id, address, addressKey: address, status: 'active', digest: 1, createdAt: joinedAt, joinedAt };
    });
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < rows.length; k += 100) await trx.insertInto('listMembers').values(rows.slice(k, k + 100)).execute();
    });
  }
  const body = 'Title: A Story\nAuthor: Aelita\nFandom: Smallville\nRating: General Audiences\nPairing: Clark Kent/Lex Luthor\nWarnings: None\nSummary: Clark waits out a storm.\nWords: 1,234\nLink: https://example.invalid/works/1\n\nClark waits out a storm.\n';
  for (let p = 0; p < postCount; p++) {
    await db.insertInto('listPosts').values({ listId: list.id, kind: 'announcement', workId: null, chapterId: null, subject: `[Level Three] ANNOUNCEMENT: Post ${p + 1}`, body, postedBy: null, postedAt: new Date(now.getTime() - 60_000 + p).toISOString() }).execute();
  }
  return { listId: list.id, from, through: now.toISOString() };
}

async function run(ctx: AppContext, members: number): Promise<Run> {
  const window = await prepare(ctx, members);
  global.gc?.();
  const mb = (bytes: number) => bytes / 2 ** 20;
  const baseHeapMb = mb(process.memoryUsage().heapUsed);
  let peak = baseHeapMb;
  const sampler = setInterval(() => (peak = Math.max(peak, mb(process.memoryUsage().heapUsed))), 5);
  const started = performance.now();
  await sendListDigest(ctx, window);
  // A job that runs past its budget hands the rest on to a new sendListDigest job: run those
  // here too (the worker would take them next), leaving the 100,000 deliverMail jobs queued.
  for (;;) {
    const next = await ctx.db.kysely.selectFrom('jobs').select(['id', 'payload']).where('name', '=', 'sendListDigest').orderBy('id').executeTakeFirst();
    if (!next) break;
    await ctx.db.kysely.deleteFrom('jobs').where('id', '=', next.id).execute();
    await sendListDigest(ctx, JSON.parse(next.payload));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, mb(process.memoryUsage().heapUsed));
  const queued = await ctx.db.kysely
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('messageKey', 'like', `list:${window.listId}:digest:%`)
    .executeTakeFirstOrThrow();
  return { members, queued: Number(queued.n), seconds, peakHeapMb: peak, baseHeapMb };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'rr-bench-list-digest-'));
try {
  const ctx = await openBenchArchive(dataDir);
  const load = loadavg().map((n) => n.toFixed(1)).join(', ');
  const runs = [await run(ctx, Math.max(1, Math.round(memberCount / 10))), await run(ctx, memberCount)];
  await ctx.db.close();
  for (const r of runs) if (r.queued !== r.members) throw new Error(`queued ${r.queued} of ${r.members}`);
  const rows = runs.map((r) => `| ${r.members.toLocaleString('en')} | ${r.queued.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | ${Math.round(r.members / r.seconds).toLocaleString('en')} | ${r.baseHeapMb.toFixed(0)} MB | ${r.peakHeapMb.toFixed(0)} MB |`);
  const body = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; load average ${load} at the start.`,
    '',
    `One list's daily digest of ${postCount} posts, SQLite, the \`sendListDigest\` job in-process (pages of 500 members, one transaction a page); heap sampled every 5 ms:`,
    '',
    '| digest members | messages queued | time | messages/s | heap before | heap peak |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(body);
  await writeResultSection('List digest for 100,000 members (issue 13)', body);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
