import { parseArgs } from 'node:util';
import { runUserCommand } from './accounts/user.command.ts';
import { hasAdministrator } from './accounts/user.repository.ts';
import { boot, UsageError } from './boot.ts';
import { startWorker } from './jobs/job.worker.ts';
import { startServer } from './server.ts';
import { startInboundListener } from './mail/inbound.server.ts';

interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  serve: { summary: 'serve the archive (--port N, --host H, --data DIR)', run: serveCommand },
  migrate: { summary: 'bring the database up to date', run: migrateCommand },
  generate: {
    summary: 'fill the archive with a synthetic one (--works N [--seed S] [--text-words W])',
    run: (args) => import('./generate/generate.command.ts').then((m) => m.runGenerateCommand(args)),
  },
  worker: {
    summary: 'run background jobs (--once, --failed, --data DIR)',
    run: (args) => import('./jobs/job.command.ts').then((m) => m.runWorkerCommand(args)),
  },
  user: { summary: 'user create [--admin | --role ROLE] [--email ADDRESS] NAME', run: runUserCommand },
  'import-efiction': {
    summary: 'import a whole eFiction 3.x archive (--as LOGIN --mysql URL [--dump FILE] ...)',
    run: (args) => import('./imports/efiction.command.ts').then((m) => m.runEfictionCommand(args)),
  },
  import: { summary: 'import legacy files (--dry-run --json ...)', run: (args) => import('./imports/import.command.ts').then((m) => m.runImportCommand(args)) },
};

async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' } },
  });
  const ctx = await boot({ PORT: values.port, HOST: values.host, DATA_DIR: values.data });
  const server = await startServer(ctx, { port: ctx.config.port, ...(ctx.config.host ? { host: ctx.config.host } : {}) }).catch(async (error: NodeJS.ErrnoException) => {
    await ctx.db.close();
    if (error.code === 'EADDRINUSE') throw new UsageError(`port ${ctx.config.port} is already in use. Choose another with --port N or PORT=N.`);
    if (error.code === 'EACCES') throw new UsageError(`not allowed to listen on port ${ctx.config.port}. Choose a port above 1023.`);
    throw error;
  });
  const inbound = ctx.config.inboundSmtpPort === null ? null : await startInboundListener(ctx, { port: ctx.config.inboundSmtpPort, ...(ctx.config.host ? { host: ctx.config.host } : {}) });
  const worker = ctx.config.runJobs ? startWorker(ctx) : null;
  const stop = async () => {
    await inbound?.close();
    await server.close();
    await worker?.stop();
    ctx.mailer?.close();
    await ctx.db.close();
    process.exit(0);
  };
  // Before the start-up message: whoever reads it may stop the server at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const needsAdministrator = !(await hasAdministrator(ctx.db.kysely));
  const where = ctx.config.database.engine === 'sqlite' ? `SQLite at ${ctx.config.database.file}` : 'PostgreSQL';
  console.log(`Records Room is serving ${server.url} (${where}).`);
  if (needsAdministrator) console.log('Create the first administrator with: npx records-room user create --admin NAME');
  if (inbound) console.log(`Inbound mail (${ctx.config.inboundLmtp ? 'LMTP' : 'SMTP'}) is taken on port ${inbound.port}.`);
  console.log(worker ? 'Background jobs run in this process.' : 'Background jobs are off here (RUN_JOBS=false): run `npx records-room worker` beside it.');
  return new Promise<number>(() => {});
}

async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  const ctx = await boot({ DATA_DIR: values.data });
  console.log('The database is up to date.');
  await ctx.db.close();
  return 0;
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `Usage: records-room <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`records-room: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs throws TypeErrors with a readable message for unknown or malformed flags.
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || (code && code.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`records-room ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
