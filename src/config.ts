import path from 'node:path';
import { z } from 'zod';
import { databaseConfigFromUrl, type DatabaseConfig } from './db/database.ts';

/** Everything the archive reads from its environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  baseUrl: string;
  database: DatabaseConfig;
  /** Where mail goes: an smtp:// URL, or null to log messages to the console. */
  smtpUrl: string | null;
  mailFrom: string;
  /** The domain of MAIL_FROM: bounce (VERP) and unsubscribe addresses are made on it. */
  mailDomain: string;
  /** DKIM signing of outgoing mail, when a key is given. */
  dkim: { domain: string; selector: string; privateKeyFile: string } | null;
  /** Bounces an address may have before delivery to it stops: hard ones, and soft ones. */
  hardBounceLimit: number;
  softBounceLimit: number;
  /** The inbound SMTP (or LMTP) listener's port, or null when it is off (the default). */
  inboundSmtpPort: number | null;
  inboundLmtp: boolean;
  /** The largest message the listener takes, in bytes. */
  inboundMaxBytes: number;
  /** Where registered authors mail stories to be saved as drafts (post by mail); lower case. */
  postingAddress: string;
  sessionDays: number;
  /** Wrong passwords an account may have before each further try must wait (an address: ten times as many). */
  loginAttemptLimit: number;
  /** The longest of those waits, which double from 5 seconds. */
  loginWindowMinutes: number;
  /** Behind a reverse proxy: read the client address and scheme from X-Forwarded-For/-Proto. */
  trustProxy: boolean;
  /** Whether this process runs background jobs (on by default with SQLite's single process). */
  runJobs: boolean;
  /** Jobs a worker runs at once: each waits on its own SMTP exchange or query, so several overlap. */
  jobLoops: number;
  /** How long logged-out reading pages are kept in memory; 0 turns the cache off. */
  pageCacheSeconds: number;
  /** Requests that run at once (the rest wait their turn); 0 lets every request run at once. */
  concurrentRequests: number;
  /** Reads that may wait for a turn before more are answered 503; writes always wait. */
  requestQueue: number;
  /** Comments one account, or one address, may post in a minute and in a day. */
  commentsPerMinute: number;
  commentsPerDay: number;
  /** Accounts younger than this are new: their comments with links wait for approval, as guests' do. */
  newAccountDays: number;
  /** Whether page views count as hits, and how often the counted hits are written. */
  countHits: boolean;
  hitFlushSeconds: number;
}

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be above 0');

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  BASE_URL: z.url({ message: 'must be a full URL such as https://archive.example.org' }).optional(),
  DATABASE_URL: z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => !/^[a-z]+:\/\//i.test(v) || /^(postgres(ql)?|sqlite):\/\//i.test(v), {
      message: 'must start with postgres:// or sqlite://, or be a SQLite file path',
    })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//i, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^<>@]*<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/, 'must be an address, or a name and an address: Records Room <archive@example.org>')
    .default('Records Room <no-reply@localhost>'),
  DKIM_DOMAIN: z.string().min(1).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  HARD_BOUNCE_LIMIT: positiveInt.default(1),
  SOFT_BOUNCE_LIMIT: positiveInt.default(5),
  INBOUND_SMTP_PORT: port.optional(),
  INBOUND_LMTP: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'),
  INBOUND_MAX_MB: positiveInt.max(1000, 'must be at most 1000').default(10),
  POSTING_ADDRESS: z.string().regex(/^[^<>@\s]+@[^<>@\s]+$/, 'must be a plain address, such as post@archive.example.org').optional(),
  SESSION_DAYS: positiveInt.default(30),
  LOGIN_ATTEMPT_LIMIT: positiveInt.default(10),
  LOGIN_WINDOW_MINUTES: positiveInt.default(15),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'),
  RUN_JOBS: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
  JOB_LOOPS: positiveInt.max(32, 'must be at most 32').optional(),
  CONCURRENT_REQUESTS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1000, 'must be at most 1000').optional(),
  REQUEST_QUEUE: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(100_000, 'must be at most 100000').default(256),
  COMMENTS_PER_MINUTE: positiveInt.default(5),
  COMMENTS_PER_DAY: positiveInt.default(100),
  NEW_ACCOUNT_DAYS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(7),
  COUNT_HITS: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('true'),
  HIT_FLUSH_SECONDS: positiveInt.max(3600, 'must be at most 3600').default(10),
  PAGE_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(3600, 'must be at most 3600').default(5),
});

export type ConfigInput = Partial<Record<keyof z.input<typeof schema>, string | undefined>>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Parses environment-style settings (flags already folded in by the CLI). */
export function parseConfig(input: ConfigInput): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'config');
        const given = cleaned[key as keyof typeof cleaned];
        return `${key}${given === undefined ? '' : `=${JSON.stringify(given)}`} ${issue.message}`;
      }),
    };
  }
  const env = result.data;
  const dkimParts = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_FILE];
  if (dkimParts.some(Boolean) && !dkimParts.every(Boolean)) {
    return { ok: false, errors: ['DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE go together: set all three, or none'] };
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const mailDomain = /@([^>\s]+)>?\s*$/.exec(env.MAIL_FROM)![1]!.toLowerCase();
  return {
    ok: true,
    config: {
      port: env.PORT,
      host: env.HOST,
      dataDir,
      baseUrl: (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
      database: databaseConfigFromUrl(env.DATABASE_URL, dataDir),
      smtpUrl: env.SMTP_URL ?? null,
      mailFrom: env.MAIL_FROM,
      mailDomain,
      dkim: env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY_FILE ? { domain: env.DKIM_DOMAIN, selector: env.DKIM_SELECTOR, privateKeyFile: env.DKIM_PRIVATE_KEY_FILE } : null,
      hardBounceLimit: env.HARD_BOUNCE_LIMIT,
      softBounceLimit: env.SOFT_BOUNCE_LIMIT,
      inboundSmtpPort: env.INBOUND_SMTP_PORT ?? null,
      inboundLmtp: env.INBOUND_LMTP === 'true' || env.INBOUND_LMTP === '1',
      inboundMaxBytes: env.INBOUND_MAX_MB * 1024 * 1024,
      postingAddress: (env.POSTING_ADDRESS ?? `post@${mailDomain}`).toLowerCase(),
      sessionDays: env.SESSION_DAYS,
      loginAttemptLimit: env.LOGIN_ATTEMPT_LIMIT,
      loginWindowMinutes: env.LOGIN_WINDOW_MINUTES,
      trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
      pageCacheSeconds: env.PAGE_CACHE_SECONDS,
      // SQLite works one query at a time on the event loop, so a few requests at once keep it
      // busy; PostgreSQL's pool of 10 connections works in parallel, off the loop (issue 16).
      concurrentRequests: env.CONCURRENT_REQUESTS ?? (/^postgres/i.test(env.DATABASE_URL ?? '') ? 20 : 4),
      requestQueue: env.REQUEST_QUEUE,
      commentsPerMinute: env.COMMENTS_PER_MINUTE,
      commentsPerDay: env.COMMENTS_PER_DAY,
      newAccountDays: env.NEW_ACCOUNT_DAYS,
      countHits: env.COUNT_HITS === 'true' || env.COUNT_HITS === '1',
      hitFlushSeconds: env.HIT_FLUSH_SECONDS,
      // With PostgreSQL, web and worker processes are usually apart: `records-room worker`.
      runJobs: env.RUN_JOBS ? env.RUN_JOBS === 'true' || env.RUN_JOBS === '1' : !/^postgres/i.test(env.DATABASE_URL ?? ''),
      // SQLite's jobs share the serving process and its one connection; PostgreSQL's worker has a pool.
      jobLoops: env.JOB_LOOPS ?? (/^postgres/i.test(env.DATABASE_URL ?? '') ? 4 : 1),
    },
  };
}

export function configFromEnvironment(env: NodeJS.ProcessEnv, overrides: ConfigInput = {}): ConfigResult {
  const picked: ConfigInput = {};
  for (const key of Object.keys(schema.shape) as (keyof ConfigInput)[]) picked[key] = env[key];
  return parseConfig({ ...picked, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) });
}
