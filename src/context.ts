import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Mailer } from './mail/mailer.ts';

/** What every use case needs, built once at start-up (or per test) and passed in. */
export interface AppContext {
  config: Config;
  db: Db;
  /** The clock, replaceable in tests; everything that stamps a time calls it. */
  now(): Date;
  /** Outgoing mail (claim invitations); absent where nothing is ever sent. */
  mailer?: Mailer;
}

export function createContext(config: Config, db: Db, now: () => Date = () => new Date(), mailer?: Mailer): AppContext {
  return mailer ? { config, db, now, mailer } : { config, db, now };
}

/** Field-level problems, shown next to the fields of a form. */
export type FieldErrors = Record<string, string>;

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const invalid = <T = never>(errors: FieldErrors): Result<T> => ({ ok: false, errors });
