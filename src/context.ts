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
  /**
   * DNS lookups of inbound mail's authentication (DMARC, SPF, DKIM keys), as dns.promises.resolve
   * answers them; absent: the system's resolver. Tests give one, as they cannot reach DNS.
   */
  resolveDns?: DnsResolver;
}

/** A TXT answer is a list of chunk lists; other types a list of strings. Throws ENOTFOUND/ENODATA for none. */
export type DnsResolver = (name: string, type: string) => Promise<string[] | string[][]>;

export function createContext(config: Config, db: Db, now: () => Date = () => new Date(), mailer?: Mailer): AppContext {
  return mailer ? { config, db, now, mailer } : { config, db, now };
}

/** Field-level problems, shown next to the fields of a form. */
export type FieldErrors = Record<string, string>;

/**
 * What a use case, a form or a parser gives back when failing is normal input: the value, or
 * what went wrong (field messages by default; a reason or a message where there is no form).
 */
export type Result<T, E = FieldErrors> = { ok: true; value: T } | { ok: false; errors: E };

export const ok = <T, E = never>(value: T): Result<T, E> => ({ ok: true, value });
/** A refused form: messages by field. */
export const invalid = <T = never>(errors: FieldErrors): Result<T> => ({ ok: false, errors });
/** A failure of another kind: a reason or a message. */
export const failed = <E, T = never>(errors: E): Result<T, E> => ({ ok: false, errors });
