import { parseArgs } from 'node:util';
import type { ImportedWork } from '../legacy/legacy.types.ts';
import { DEFAULT_FILE_SECONDS } from '../legacy/file.budget.ts';
import { defaultWorkers } from '../legacy/parse.pool.ts';
import { parsePaths } from '../legacy/parse.ts';
import { counted } from '../text/plural.ts';

// `records-room import --dry-run --json [--archive NAME] [--list NAME] [--fandom NAME] PATH...`
// (docs/import-contract.md). Standard output carries JSON Lines only, one work per line;
// progress, skipped files and the summary go to standard error.

const USAGE = 'usage: records-room import (--dry-run [--json] | --as LOGIN) [--archive NAME] [--list NAME] [--fandom NAME] [--file-time-limit SECONDS] [--data DIR] PATH...';


async function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

function describe(work: ImportedWork): string {
  const by = work.creators.length > 0 ? ` by ${work.creators.join(', ')}` : '';
  return `${work.title ?? '(untitled)'}${by} — ${work.fandoms.join(', ') || 'no fandom'}, ${work.rating}, ${counted(work.chapters.length, 'chapter')}, ${counted(work.words, 'word')} [${work.sources.join(', ')}]\n`;
}

export async function runImportCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        archive: { type: 'string' },
        list: { type: 'string' },
        fandom: { type: 'string' },
        as: { type: 'string' },
        'file-time-limit': { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`records-room import: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`records-room import: no PATH given.\n${USAGE}\n`);
    return 2;
  }
  const fileSeconds = values['file-time-limit'] === undefined ? DEFAULT_FILE_SECONDS : Number(values['file-time-limit']);
  if (!Number.isFinite(fileSeconds) || fileSeconds <= 0) {
    process.stderr.write(`records-room import: --file-time-limit takes a number of seconds above 0 (the default is ${DEFAULT_FILE_SECONDS}), not "${values['file-time-limit']}".\n${USAGE}\n`);
    return 2;
  }
  if (!values['dry-run']) {
    const { runRealImport } = await import('./import.run.ts');
    return runRealImport({ as: values.as, archive: values.archive, list: values.list, fandom: values.fandom, fileSeconds, data: values.data }, positionals);
  }
  const options = { archive: values.archive, list: values.list, fandom: values.fandom, fileSeconds };
  const started = Date.now();
  let files = 0;
  // An empty or binary file reported on stderr still counts as processed; a missing path does not.
  let processed = 0;
  let works = 0;
  let repairs = 0;
  let flags = 0;
  const skipped = new Map<string, number>();
  for await (const event of parsePaths(positionals, options, { workers: defaultWorkers(false) })) {
    if (event.type === 'file') {
      files++;
      if (files % 1000 === 0) process.stderr.write(`… ${files} files read, ${works} works found\n`);
    } else if (event.type === 'skipped') {
      if (!event.skipped.reason.startsWith('cannot be read') && !event.skipped.reason.startsWith('folder cannot')) processed++;
      skipped.set(event.skipped.reason, (skipped.get(event.skipped.reason) ?? 0) + 1);
      process.stderr.write(`skipped ${event.skipped.source}: ${event.skipped.reason}\n`);
    } else {
      works++;
      repairs += event.work.repairs.reduce((sum, repair) => sum + (repair.count ?? 1), 0);
      flags += event.work.flags.length;
      for (const flag of event.work.flags) process.stderr.write(`flag ${event.work.sources[0]}: ${flag.detail}\n`);
      await write(process.stdout, values.json ? `${JSON.stringify(event.work)}\n` : describe(event.work));
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const skippedTotal = [...skipped.values()].reduce((a, b) => a + b, 0);
  const counts = [counted(files, 'file read', 'files read'), counted(works, 'work found', 'works found'), `${skippedTotal.toLocaleString('en')} skipped`, counted(repairs, 'repair'), counted(flags, 'flag')];
  process.stderr.write(`dry run: ${counts.join(', ')} (${seconds}s)\n`);
  for (const [reason, count] of skipped) process.stderr.write(`  skipped ${count}: ${reason}\n`);
  return files + processed > 0 ? 0 : 1;
}
