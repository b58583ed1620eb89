import { boot } from '../boot.ts';
import { formatSummary, importPaths, type ImportEvent } from './import.service.ts';

// `records-room import --as LOGIN [--archive NAME] [--list NAME] [--fandom NAME] PATH...`: the
// command-line side of importing for real. Standard output stays empty; progress, each skipped
// file and review flag, and the summary go to standard error, as in the dry run.

export interface RealImportOptions {
  as: string | undefined;
  archive: string | undefined;
  list: string | undefined;
  fandom: string | undefined;
  fileSeconds: number;
  /** The archive's data folder (--data), as the other commands take it. */
  data?: string | undefined;
}

function report(event: ImportEvent, counts: { files: number }): void {
  if (event.type === 'file') {
    counts.files++;
    if (counts.files % 1000 === 0) process.stderr.write(`… ${counts.files} files read\n`);
  } else if (event.type === 'skipped') process.stderr.write(`skipped ${event.skipped.source}: ${event.skipped.reason}\n`);
  else if (event.type === 'present') process.stderr.write(`already imported ${event.work.sources.join(', ')}: work ${event.workId}\n`);
  else for (const flag of event.flags) process.stderr.write(`flag ${event.work.sources[0]}: ${flag.code}: ${flag.detail}\n`);
}

export async function runRealImport(options: RealImportOptions, paths: string[]): Promise<number> {
  if (!options.as) {
    process.stderr.write('records-room import: say which archivist imports the works with --as LOGIN (or use --dry-run to only look).\n');
    return 2;
  }
  const ctx = await boot({ DATA_DIR: options.data });
  const started = Date.now();
  const counts = { files: 0 };
  try {
    const result = await importPaths(ctx, paths, { as: options.as, archive: options.archive, list: options.list, fandom: options.fandom, fileSeconds: options.fileSeconds, onEvent: (event) => report(event, counts) });
    if (!result.ok) {
      for (const message of Object.values(result.errors)) process.stderr.write(`records-room import: ${message}\n`);
      return 2;
    }
    process.stderr.write(formatSummary(result.value, (Date.now() - started) / 1000));
    const processed = result.value.filesRead + result.value.skipped.filter((s) => !/^(cannot be read|folder cannot)/.test(s.reason)).length;
    return processed > 0 ? 0 : 1;
  } finally {
    ctx.mailer?.close();
    await ctx.db.close();
  }
}
