import { parseArgs } from 'node:util';
import { boot, UsageError } from '../boot.ts';
import { generateArchive } from './generate.service.ts';

function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')} (got "${value}").`);
  }
  return Number(value);
}

/** `records-room generate --works N [--seed S] [--text-words W] [--data DIR]` */
export async function runGenerateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { works: { type: 'string' }, seed: { type: 'string' }, 'text-words': { type: 'string' }, data: { type: 'string' } },
  });
  if (values.works === undefined) throw new UsageError('usage: records-room generate --works N [--seed S] [--text-words W]');
  const works = wholeNumber('works', values.works, 0, 1, 20_000_000);
  const seed = wholeNumber('seed', values.seed, 1, 0, 2 ** 31);
  const textWords = wholeNumber('text-words', values['text-words'], 300, 10, 200_000);

  const ctx = await boot({ DATA_DIR: values.data });
  const started = Date.now();
  try {
    const summary = await generateArchive(ctx, {
      works,
      seed,
      textWords,
      onStage(stage) {
        process.stderr.write(`\nbuilding ${stage}…`);
      },
      onProgress(done, total) {
        const seconds = (Date.now() - started) / 1000;
        process.stderr.write(`\rgenerated ${done.toLocaleString('en')} of ${total.toLocaleString('en')} works (${Math.round(done / seconds).toLocaleString('en')}/s)`);
      },
      onIndexProgress(done, total) {
        // Only every tenth batch, so a million works do not print five thousand lines' worth.
        if (done % 2000 === 0 || done === total) process.stderr.write(`\rbuilding search index… ${done.toLocaleString('en')} of ${total.toLocaleString('en')} works`);
      },
    });
    process.stderr.write('\n');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Generated ${summary.works.toLocaleString('en')} works (${summary.chapters.toLocaleString('en')} chapters, ${summary.words.toLocaleString('en')} words), ` +
        `${summary.users.toLocaleString('en')} authors and ${summary.tags.toLocaleString('en')} tags in ${seconds} s. Generated authors' password: generated-password`,
    );
    return 0;
  } finally {
    await ctx.db.close();
  }
}
