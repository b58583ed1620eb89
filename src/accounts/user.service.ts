import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { checkPassword, hashPassword } from './password.ts';
import { insertPseud, insertUser, loginOrEmailTaken } from './user.repository.ts';

export type Role = 'user' | 'archivist' | 'wrangler' | 'admin';
export const ROLES: readonly Role[] = ['user', 'archivist', 'wrangler', 'admin'];

export interface NewAccount {
  login: string;
  email: string;
  password: string;
  /** From a sign-up form: must repeat the password. Left out by the command line. */
  passwordConfirmation?: string | undefined;
  role?: Role;
}

// As on AO3: 3 to 40 letters, digits and underscores, starting and ending with a letter or digit.
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_]{1,38})[A-Za-z0-9]$/;
const EMAIL_PATTERN = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const RESERVED_LOGINS = new Set(['orphan_account', 'admin', 'administrator', 'system', 'records_room']);

export function checkLogin(login: string): string | null {
  if (!LOGIN_PATTERN.test(login)) {
    return 'Use 3 to 40 letters, digits or underscores, starting and ending with a letter or digit.';
  }
  if (RESERVED_LOGINS.has(login.toLowerCase())) return 'That user name is reserved.';
  return null;
}

export function checkEmail(email: string): string | null {
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) return 'Enter an e-mail address such as name@example.org.';
  return null;
}

/** Creates an account with its default pseud (named like the login, as on AO3). */
export async function createUser(ctx: AppContext, input: NewAccount): Promise<Result<{ id: number; login: string }>> {
  const login = input.login.trim();
  const email = input.email.trim();
  const errors: Record<string, string> = {};
  const loginProblem = checkLogin(login);
  if (loginProblem) errors.login = loginProblem;
  const emailProblem = checkEmail(email);
  if (emailProblem) errors.email = emailProblem;
  const passwordProblem = checkPassword(input.password);
  if (passwordProblem) errors.password = passwordProblem;
  if (input.passwordConfirmation !== undefined && input.passwordConfirmation !== input.password) {
    errors.password_confirmation = 'The two passwords do not match.';
  }
  if (Object.keys(errors).length === 0) {
    const taken = await loginOrEmailTaken(ctx.db.kysely, login, email);
    if (taken.login) errors.login = 'That user name is already taken.';
    if (taken.email) errors.email = 'An account with that e-mail address already exists.';
  }
  if (Object.keys(errors).length > 0) return invalid(errors);

  // Hash outside the transaction: SQLite has one writer, and hashing takes ~10 ms.
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now().toISOString();
  try {
    const id = await ctx.db.kysely.transaction().execute(async (trx) => {
      const userId = await insertUser(trx, {
        login,
        loginKey: login.toLowerCase(),
        email,
        emailKey: email.toLowerCase(),
        passwordHash,
        role: input.role ?? 'user',
        createdAt: now,
        updatedAt: now,
      });
      await insertPseud(trx, { userId, name: login, isDefault: true, createdAt: now });
      return userId;
    });
    return ok({ id, login });
  } catch (error) {
    // Two sign-ups racing for one name: the unique index decides, the loser gets a message.
    if (isUniqueViolation(error)) return invalid({ login: 'That user name or e-mail address is already taken.' });
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
