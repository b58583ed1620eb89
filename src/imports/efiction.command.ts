import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { boot } from '../boot.ts';
import { counted } from '../text/plural.ts';
import { loadDump, type ScratchDatabase } from './efiction.dump.ts';
import { importEfiction, type EfictionSummary } from './efiction.service.ts';

// `records-room import-efiction`: a whole eFiction 3.x archive, from its live database or from
// a dump loaded into a scratch database on a server (efiction.dump.ts). Progress and the
// summary go to standard error; standard output stays empty.

const USAGE = `usage: records-room import-efiction --as LOGIN --mysql URL [--dump FILE] [--prefix fanfiction_] [--stories DIR] [--source NAME] [--limit N] [--data DIR]
  --mysql URL    the eFiction database, mysql://user:password@host:3306/database; with --dump, the server
                 the dump is loaded into (a scratch database is made there and dropped after)
  --dump FILE    an SQL dump of the archive (mysqldump) instead of a live database
  --prefix P     the tables' prefix (default fanfiction_)
  --stories DIR  the stories folder, for sites that kept chapters as files (store = files)
  --source NAME  names the old archive in the mapping of old ids (default: its settings' url)
  --limit N      stop after N stories are stored (run again to go on)`;

function summaryLines(summary: EfictionSummary, seconds: number): string {
  const counts = [
    `${summary.storiesInSource.toLocaleString('en')} stories in the archive`,
    counted(summary.imported, 'story imported', 'stories imported'),
    `${summary.present.toLocaleString('en')} already here`,
    `${summary.skipped.length.toLocaleString('en')} skipped`,
    counted(summary.chapters, 'chapter mapped', 'chapters mapped'),
    counted(summary.authors, 'author mapped', 'authors mapped'),
    counted(summary.reviews, 'review kept as a comment', 'reviews kept as comments'),
    counted(summary.invitations, 'claim invitation sent', 'claim invitations sent'),
  ];
  const lines = [
    `eFiction import batch ${summary.batchId} (${summary.source}): ${counts.join(', ')} (${seconds.toFixed(1)}s)`,
    ...summary.skipped.map((s) => `  skipped story ${s.storyId}: ${s.reason}`),
    summary.stoppedEarly
      ? `  stopped at --limit: run the same command again to import the rest.`
      : `  ${counted(summary.series, 'series', 'series')} and ${counted(summary.challenges, 'challenge')} kept in the mapping, to be linked when the archive has series and challenges; ${counted(summary.reviewsLeft, 'review')} not imported (of a series, of a story not here, or empty).`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runEfictionCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      as: { type: 'string' }, mysql: { type: 'string' }, dump: { type: 'string' }, prefix: { type: 'string' }, stories: { type: 'string' },
      source: { type: 'string' }, limit: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const fail = (message: string) => {
    process.stderr.write(`records-room import-efiction: ${message}\n${USAGE}\n`);
    return 2;
  };
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.as) return fail('say which archivist imports the works with --as LOGIN.');
  if (!values.mysql) return fail('give the eFiction database (or, with --dump, the server to load it into) with --mysql URL.');
  if (!/^(mysql|mariadb):\/\//.test(values.mysql)) return fail(`--mysql takes an address such as mysql://root@127.0.0.1:3306/efiction, not "${values.mysql}".`);
  if (values.dump && !existsSync(values.dump)) return fail(`there is no dump file "${values.dump}".`);
  if (values.stories && !existsSync(values.stories)) return fail(`there is no stories folder "${values.stories}".`);
  const limit = values.limit === undefined ? null : Number(values.limit);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) return fail(`--limit takes a whole number of stories above 0, not "${values.limit}".`);
  const url = values.mysql.replace(/^mariadb:/, 'mysql:');

  const ctx = await boot({ DATA_DIR: values.data });
  let scratch: ScratchDatabase | null = null;
  const started = Date.now();
  try {
    if (values.dump) {
      process.stderr.write(`loading ${values.dump} into a scratch database…\n`);
      scratch = await loadDump(url, values.dump);
    }
    const result = await importEfiction(ctx, {
      url: scratch?.url ?? url, as: values.as, prefix: values.prefix, storiesDir: values.stories ?? null, source: values.source ?? null, limit,
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    if (!result.ok) {
      for (const message of Object.values(result.errors)) process.stderr.write(`records-room import-efiction: ${message}\n`);
      return 2;
    }
    process.stderr.write(summaryLines(result.value, (Date.now() - started) / 1000));
    return 0;
  } finally {
    await scratch?.drop();
    ctx.mailer?.close();
    await ctx.db.close();
  }
}
