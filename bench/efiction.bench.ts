// Importing a whole eFiction archive (issue 14): an eFiction 3.5 database of 10,000 stories and
// 100,000 chapters, filled through eFiction's own tables on the machine's MariaDB (the tables
// of the project's fixture archive, test/fixtures/efiction/small-archive.sql), imported with
// `importEfiction` into a fresh SQLite archive. Reports stories/s and chapters/s, and the
// resident memory sampled through the run, to show it stays flat (stories are read a page at
// a time). The target: under a minute.
// Usage: npx tsx bench/efiction.bench.ts [--stories 10000] [--chapters-per-story 10] [--mysql URL] [--keep]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { createUser } from '../src/accounts/user.service.ts';
import { parseConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { Random } from '../src/generate/random.ts';
import { loadDump } from '../src/imports/efiction.dump.ts';
import { importEfiction } from '../src/imports/efiction.service.ts';
import { loopGauge, machineLine, writeResultSection } from './machine.ts';

const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '10000' },
    'chapters-per-story': { type: 'string', default: '10' },
    mysql: { type: 'string', default: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' },
    keep: { type: 'boolean', default: false },
  },
});
const STORIES = Number(values.stories);
const CHAPTERS = Number(values['chapters-per-story']);
const AUTHORS = Math.max(10, Math.round(STORIES / 5));
const random = new Random(1414);

const WORDS = (
  'the lamps on the quay were lit one by one while the ferry waited and the harbour master counted ' +
  'the boats that had not come home the wind turned at dusk and the gulls went quiet over the water ' +
  'she wrote every name in the almanac and closed it when the last light was burning'
).split(' ');

function paragraph(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random.next() * WORDS.length)]!);
  out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
  return `${out.join(' ')}.`;
}

/** A chapter as eFiction kept it: plain text with blank lines, or HTML from its rich editor. */
function chapterText(): string {
  const paragraphs = Array.from({ length: random.int(3, 8) }, () => paragraph(random.int(30, 70)));
  return random.next() < 0.5 ? paragraphs.join('\r\n\r\n') : paragraphs.map((p) => `<p>${p.replace(/ lamps /, ' <i>lamps</i> ')}</p>`).join('\n');
}

const fixture = new URL('../test/fixtures/efiction/small-archive.sql', import.meta.url).pathname;
console.log(`filling an eFiction database: ${STORIES.toLocaleString('en')} stories, ${(STORIES * CHAPTERS).toLocaleString('en')} chapters, ${AUTHORS.toLocaleString('en')} authors…`);
const fillStarted = Date.now();
const scratch = await loadDump(values.mysql, fixture);
const connection = await createConnection({ uri: scratch.url, charset: 'utf8mb4' });
await connection.query('delete from fanfiction_stories; ');
await connection.query('delete from fanfiction_chapters');
await connection.query('delete from fanfiction_coauthors');
await connection.query('delete from fanfiction_inseries');
await connection.query('delete from fanfiction_authors');
const authors = Array.from({ length: AUTHORS }, (_, i) => [i + 1, `Bench Writer ${i + 1}`, '', `writer${i + 1}@example.invalid`, '', 978307200, '5f4dcc3b5aa765d61d8327deb882cf99']);
for (let i = 0; i < authors.length; i += 1000) await connection.query('insert into fanfiction_authors values ?', [authors.slice(i, i + 1000)]);
let chapterId = 1;
const BATCH = 200;
for (let first = 1; first <= STORIES; first += BATCH) {
  const stories: unknown[][] = [];
  const chapters: unknown[][] = [];
  const coauthors: unknown[][] = [];
  for (let sid = first; sid < Math.min(first + BATCH, STORIES + 1); sid++) {
    const uid = random.int(1, AUTHORS);
    const date = 978307200 + random.int(0, 600_000_000);
    stories.push([sid, `Lamp ${sid}`, paragraph(25), '', String(random.int(1, 3)), `${random.int(1, 3)},${random.pick(['11', '12', '13'])}`, String(random.int(1, 3)), String(random.pick([1, 3, 5])), date, date + 86400, uid, 0, '0', '1', random.next() < 0.7 ? '1' : '0', '0', 0, 0, 0, 0, '0']);
    if (random.next() < 0.05) coauthors.push([sid, (uid % AUTHORS) + 1]);
    for (let order = 1; order <= CHAPTERS; order++) chapters.push([chapterId++, `Chapter ${order}`, order, '', chapterText(), '', '1', 0, 0, 0, sid, uid, 0]);
  }
  await connection.query('insert into fanfiction_stories values ?', [stories]);
  await connection.query('insert into fanfiction_chapters values ?', [chapters]);
  if (coauthors.length > 0) await connection.query('insert into fanfiction_coauthors values ?', [coauthors]);
}
await connection.end();
console.log(`filled in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`);

const root = mkdtempSync(path.join(tmpdir(), 'rr-efiction-bench-'));
const parsed = parseConfig({ DATA_DIR: path.join(root, 'data') });
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const db = openDatabase(parsed.config.database);
await migrateToLatest(db);
const ctx = createContext(parsed.config, db);
const archivist = await createUser(ctx, { login: 'bench_archivist', email: 'archivist@example.invalid', password: 'benchmark password', role: 'archivist' });
if (!archivist.ok) throw new Error(JSON.stringify(archivist.errors));

const mb = (n: number) => Math.round(n / 2 ** 20);
const loadAtStart = loadavg();
const gaugeAtStart = loopGauge();
const samples: { stories: number; rss: number; heap: number }[] = [];
let peakRss = process.memoryUsage().rss;
const startRss = peakRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
let pages = 0;
const result = await importEfiction(ctx, {
  url: scratch.url,
  as: 'bench_archivist',
  invite: false,
  onProgress: (line) => {
    pages++;
    if (pages % Math.max(1, Math.floor(STORIES / 100 / 10)) === 0) {
      const usage = process.memoryUsage();
      samples.push({ stories: Number(/… ([\d,]+) of/.exec(line)?.[1]?.replace(/,/g, '') ?? 0), rss: mb(usage.rss), heap: mb(usage.heapUsed) });
    }
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
const cpuUsed = process.cpuUsage(cpu);
if (!result.ok) throw new Error(JSON.stringify(result.errors));
const summary = result.value;
await scratch.drop();
await db.close();

const load = (list: number[]) => list.map((l) => l.toFixed(1)).join(', ');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; load average ${load(loadAtStart)} at the start and ${load(loadavg())} at the end (the machine is shared); ` +
    `a plain loop over a string took ${gaugeAtStart.toFixed(2)} ns a character at the start and ${loopGauge().toFixed(2)} at the end.`,
  '',
  `An eFiction 3.5 database on the machine's MariaDB with ${STORIES.toLocaleString('en')} stories, ${(STORIES * CHAPTERS).toLocaleString('en')} chapters (half plain text, half HTML, 90–560 words) and ${AUTHORS.toLocaleString('en')} authors, ` +
    'imported with `importEfiction` into a fresh SQLite archive: stories read 100 at a time with their chapters, co-authors and authors, each page stored as one group ' +
    '(import.store: one transaction, derived rows and search index included) and mapped in legacy_ids; no invitations sent.',
  '',
  '| stories imported | chapters | seconds | stories/s | chapters/s | CPU s | RSS at start | peak RSS |',
  '|---|---|---|---|---|---|---|---|',
  `| ${summary.imported.toLocaleString('en')} | ${summary.chapters.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(summary.imported / seconds).toLocaleString('en')} | ${Math.round(summary.chapters / seconds).toLocaleString('en')} | ${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(1)} | ${mb(startRss)} MB | ${mb(peakRss)} MB |`,
  '',
  `Memory through the run (RSS / heap used, MB): ${samples.map((s) => `${s.stories.toLocaleString('en')} stories ${s.rss}/${s.heap}`).join('; ')}.`,
];
console.log(lines.join('\n'));
if (STORIES >= 10_000) await writeResultSection('Import of an eFiction archive of 10,000 stories, SQLite (issue 14)', lines.join('\n'));
if (!values.keep) rmSync(root, { recursive: true, force: true });
