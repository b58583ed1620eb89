// Importing for real (issue 3): 10,000 generated legacy files (plain text, HTML pages, single
// e-mails and mbox files) imported into a fresh SQLite archive under an archivist: files parsed
// in worker threads, works stored by the main thread a group per transaction. Reports files/s
// and works/s, the CPU time of the process and of each thread (the machine is shared, so wall
// time alone says little), and the resident memory sampled through the run, to show it stays
// flat (the importer streams; nothing holds the whole set).
// Usage: npx tsx bench/import.bench.ts [--files 10000] [--workers N] [--keep]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../src/accounts/user.service.ts';
import { parseConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { Random } from '../src/generate/random.ts';
import { importPaths } from '../src/imports/import.service.ts';
import { defaultWorkers, threadCpuMs, type WorkerStats } from '../src/legacy/parse.pool.ts';
import { parsePaths } from '../src/legacy/parse.ts';
import { loopGauge, machineLine, writeResultSection } from './machine.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' }, workers: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const FILES = Number(values.files);
const WORKERS = values.workers === undefined ? defaultWorkers(true) : Number(values.workers);
const MESSAGES_PER_MBOX = 5;

const random = new Random(2002);

// The benchmark's own words, so its input does not move when the generator's prose changes.
const WORDS = (
  'the rain came down on the barn roof and Clark listened while the radio played low in the kitchen ' +
  'behind him nobody had said a word since supper because there was nothing to say that would not ' +
  'be a lie the lantern swung in the wind over the porch steps and the fields were silver under the moon ' +
  'she kept the letters in a box under the stairs and read them when the house was asleep'
).split(' ');

function sentence(source: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(source.next() * WORDS.length)]!);
  out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
  return `${out.join(' ')}.`;
}
const FANDOMS = ['Smallville', 'due South', 'The X-Files', 'Buffy the Vampire Slayer', 'Stargate SG-1'];
const RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17'];
const PAIRINGS = ['Clark/Lex', 'Fraser/Kowalski', 'Mulder/Scully', 'Buffy/Spike', "Jack/Daniel", 'none'];
const FIRST = ['Ash', 'Bryony', 'Cass', 'Dov', 'Elin', 'Fen', 'Gale', 'Hollis', 'Isolde', 'Jory', 'Kit', 'Lark', 'Marlo', 'Nell', 'Oren', 'Pim'];
const LAST = ['Reed', 'Vale', 'Stone', 'Brook', 'Hale', 'Marsh', 'Thorne', 'Quill', 'Ashby', 'Fenwick', 'Carrow', 'Lowell'];

function author(): { name: string; address: string } {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  return { name: `${first} ${last}`, address: `${first}.${last}@example.org`.toLowerCase() };
}

/** Prose as plain-text paragraphs, hard-wrapped at 72 columns as mail clients did. */
function prose(words: number, wrap: boolean): string[] {
  const out: string[] = [];
  for (let left = words; left > 0; ) {
    const length = Math.min(left, random.int(30, 90));
    const paragraph = sentence(random, length);
    out.push(wrap ? paragraph.replace(/(.{1,72})(\s+|$)/g, '$1\n').trim() : paragraph);
    left -= length;
  }
  return out;
}

function header(index: number, who: { name: string; address: string }): string[] {
  return [
    `Title: The ${random.pick(['Long', 'Quiet', 'Last', 'Green', 'Pale'])} ${random.pick(['Harvest', 'Storm', 'Summer', 'Road', 'Letter'])} ${index}`,
    `Author: ${who.name}`,
    `E-mail: ${who.address}`,
    `Fandom: ${random.pick(FANDOMS)}`,
    `Rating: ${random.pick(RATINGS)}`,
    `Pairing: ${random.pick(PAIRINGS)}`,
    `Summary: ${sentence(random, random.int(8, 20))}`,
    `Disclaimer: Not mine, no money made.`,
  ];
}

function textFile(index: number): string {
  const who = author();
  return [...header(index, who), '', ...prose(random.int(300, 1800), true).join('\n\n').split('\n'), '', 'END', ''].join('\n');
}

function htmlFile(index: number): string {
  const who = author();
  const lines = header(index, who).slice(3).map((line) => line.replace(/^([^:]+):/, '<b>$1:</b>') + '<br>');
  return [
    `<html><head><title>Story ${index} by ${who.name}</title></head><body bgcolor="#000000" text="#cccccc">`,
    `<center><font size="+2"><b>${header(index, who)[0]!.slice(7)}</b></font><br>by <a href="mailto:${who.address}">${who.name}</a></center>`,
    `<p>${lines.join('\n')}</p><hr>`,
    ...prose(random.int(300, 1800), false).map((p) => `<p>${p}</p>`),
    '<p align="center">~ The End ~</p><hr><center><a href="index.html">Back to fiction</a></center></body></html>',
    '',
  ].join('\n');
}

function message(index: number, part: number): string {
  const who = author();
  const title = `Evening Field ${index}-${part}`;
  return [
    `From: ${who.name} <${who.address}>`,
    'To: prairiefic@lists.example.com',
    `Subject: NEW: ${title} [${random.pick(RATINGS)}]`,
    `Date: Sat, 14 Sep 2002 21:${String(10 + (part % 50)).padStart(2, '0')}:04 -0500`,
    `Message-ID: <bench-${index}-${part}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    ...header(index * 10 + part, who).slice(1),
    '',
    ...prose(random.int(200, 1200), true).join('\n\n').split('\n'),
    '',
    'END',
    '',
  ].join('\n');
}

function mboxFile(index: number): string {
  const messages: string[] = [];
  for (let part = 0; part < MESSAGES_PER_MBOX; part++) messages.push(`From list@example.com Sat Sep 14 21:10:04 2002\n${message(index, part)}`);
  return messages.join('\n');
}

const root = mkdtempSync(path.join(tmpdir(), 'rr-import-bench-'));
const input = path.join(root, 'legacy');
let bytes = 0;
const kinds = { text: 0, html: 0, email: 0, mbox: 0 };
for (let i = 0; i < FILES; i++) {
  // A folder per 500 files, as rescued archives arrive.
  const folder = path.join(input, `part-${String(Math.floor(i / 500)).padStart(3, '0')}`);
  if (i % 500 === 0) mkdirSync(folder, { recursive: true });
  const kind = random.weighted<keyof typeof kinds>([['text', 40], ['html', 25], ['email', 25], ['mbox', 10]]);
  kinds[kind]++;
  const content = kind === 'text' ? textFile(i) : kind === 'html' ? htmlFile(i) : kind === 'email' ? message(i, 0) : mboxFile(i);
  bytes += Buffer.byteLength(content);
  writeFileSync(path.join(folder, `story-${i}.${kind === 'text' ? 'txt' : kind === 'html' ? 'html' : kind === 'email' ? 'eml' : 'mbox'}`), content);
}

/** CPU time of the whole process (every thread) since `from`, in seconds. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const loadAtStart = loadavg();
const gaugeAtStart = loopGauge();

// The parser alone first (as the dry run does: a worker per core), to tell its share of the time
// from storing.
const parseStarted = process.hrtime.bigint();
const parseCpu = process.cpuUsage();
const parseWorkers: WorkerStats[] = [];
let parsedFiles = 0;
for await (const event of parsePaths([input], { archive: 'Bench Archive' }, { workers: defaultWorkers(false), onWorkerStats: (stats) => parseWorkers.push(stats) })) {
  if (event.type === 'file') parsedFiles++;
}
const parseSeconds = Number(process.hrtime.bigint() - parseStarted) / 1e9;
const parseCpuSeconds = cpuSeconds(parseCpu);
const parseThreadMs = parseWorkers.reduce((sum, w) => sum + (w.cpuMs ?? 0), 0);

const parsed = parseConfig({ DATA_DIR: path.join(root, 'data') });
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const db = openDatabase(parsed.config.database);
await migrateToLatest(db);
const ctx = createContext(parsed.config, db);
const archivist = await createUser(ctx, { login: 'bench_archivist', email: 'archivist@example.invalid', password: 'benchmark password', role: 'archivist' });
if (!archivist.ok) throw new Error(JSON.stringify(archivist.errors));

const mb = (n: number) => Math.round(n / 2 ** 20);
let peakRss = process.memoryUsage().rss;
const startRss = peakRss;
const samples: { files: number; rss: number; heap: number }[] = [];
let files = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const workerStats: WorkerStats[] = [];
const mainCpuStart = threadCpuMs();
const importCpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = await importPaths(ctx, [input], {
  as: 'bench_archivist',
  archive: 'Bench Archive',
  // Invitations are a separate step (mail), measured nowhere here.
  invite: false,
  workers: WORKERS,
  onWorkerStats: (stats) => workerStats.push(stats),
  onEvent: (event) => {
    if (event.type !== 'file') return;
    files++;
    if (files % Math.max(1, Math.floor(FILES / 10)) === 0) {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      samples.push({ files, rss: mb(usage.rss), heap: mb(usage.heapUsed) });
    }
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const importCpuSeconds = cpuSeconds(importCpu);
const mainThreadMs = mainCpuStart === null ? null : threadCpuMs()! - mainCpuStart;
clearInterval(sampler);
if (!result.ok) throw new Error(JSON.stringify(result.errors));
const summary = result.value;
const dbSize = (await import('node:fs')).statSync(parsed.config.database.engine === 'sqlite' ? parsed.config.database.file : '').size;
await db.close();

const filesPerSecond = summary.filesRead / seconds;
const perFile = (cpuSecondsTotal: number) => ((cpuSecondsTotal * 1000) / summary.filesRead).toFixed(2);
const load = (values: number[]) => values.map((l) => l.toFixed(1)).join(', ');
const workerMs = workerStats.map((w) => w.cpuMs ?? 0);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; load average ${load(loadAtStart)} at the start and ${load(loadavg())} at the end (the machine is shared); ` +
    `a plain loop over a string took ${gaugeAtStart.toFixed(2)} ns a character at the start and ${loopGauge().toFixed(2)} at the end (the machine's speed of the moment: lower is faster).`,
  '',
  `${FILES.toLocaleString('en')} generated legacy files (${kinds.text} plain text, ${kinds.html} HTML, ${kinds.email} e-mails, ${kinds.mbox} mbox files of ${MESSAGES_PER_MBOX} messages; ${mb(bytes)} MB), ` +
    `imported with \`importPaths\` into a fresh SQLite archive under an archivist: parsed in ${WORKERS} worker thread(s), stored by the main thread up to 100 works a transaction ` +
    '(works one by one, their tags, creatorships, chapters, provenance and review flags many to a statement), filter sets and the search index written for each group in its transaction, no invitations sent.',
  '',
  '| files read | works imported | skipped | seconds | files/s | works/s | CPU s (all threads) | CPU ms a file | RSS at start | peak RSS | database |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  `| ${summary.filesRead.toLocaleString('en')} | ${summary.imported.toLocaleString('en')} | ${summary.skipped.length} | ${seconds.toFixed(1)} | ${Math.round(filesPerSecond).toLocaleString('en')} | ${Math.round(summary.imported / seconds).toLocaleString('en')} | ${importCpuSeconds.toFixed(1)} | ${perFile(importCpuSeconds)} | ${mb(startRss)} MB | ${mb(peakRss)} MB | ${mb(dbSize)} MB |`,
  '',
  `CPU by thread: the main thread (walking, joining parts, storing) ${mainThreadMs === null ? 'not measured' : `${(mainThreadMs / 1000).toFixed(1)} s, ${perFile(mainThreadMs / 1000)} ms a file`}; ` +
    `the parsing workers ${workerMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' + ')} (${perFile(workerMs.reduce((a, b) => a + b, 0) / 1000)} ms a file; they read ${workerStats.reduce((n, w) => n + w.files, 0).toLocaleString('en')} of the files, the main thread the rest); ` +
    `the rest of the process's CPU (garbage collection and other helper threads) ${(importCpuSeconds - (mainThreadMs ?? 0) / 1000 - workerMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s.`,
  '',
  `The parser alone (no database, as \`--dry-run\`, in ${parseWorkers.length} workers) read the same files at ${Math.round(parsedFiles / parseSeconds).toLocaleString('en')} files/s (${parseSeconds.toFixed(1)} s; ` +
    `${perFile(parseCpuSeconds)} ms of process CPU a file, of which ${perFile(parseThreadMs / 1000)} ms in the workers' own threads).`,
  '',
  `Memory through the run (RSS / heap used, MB): ${samples.map((s) => `${s.files.toLocaleString('en')} files ${s.rss}/${s.heap}`).join('; ')}.`,
];
console.log(lines.join('\n'));
if (summary.skipped.length > 0) console.log('skipped:', [...new Set(summary.skipped.map((s) => s.reason))].slice(0, 5));
if (FILES >= 10_000) await writeResultSection('Import of 10,000 legacy files, SQLite (issue 3)', lines.join('\n'));
if (!values.keep) rmSync(root, { recursive: true, force: true });
