import type { AppContext, Result } from '../context.ts';
import { ok } from '../context.ts';
import type { User } from '../db/schema.ts';
import { isSystemAccount } from './account.policy.ts';
import { accountKey, addressKey, checkLoginLimit, clearLoginAttempts, recordFailedLogin } from './login.limiter.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endExpiredSessions, endSession, startSession } from './session.service.ts';
import { findUserByLoginOrEmail } from './user.repository.ts';
import { createUser, type NewAccount } from './user.service.ts';

export interface StartedSession {
  token: string;
  expiresAt: Date;
}

export interface LogInInput {
  loginOrEmail: string;
  password: string;
  /** The client's address, for the per-address limit. */
  address: string;
  /** The session token the browser already had, if any: it ends here, so a token planted before log-in is worthless. */
  previousToken?: string | undefined;
}

export type LogInOutcome =
  | { ok: true; user: User; session: StartedSession }
  | { ok: false; reason: 'wrong-credentials' }
  | { ok: false; reason: 'rate-limited'; retryAt: Date };

// A known hash to check against when the account does not exist, so a wrong name takes as
// long as a wrong password and response times do not reveal which names are registered.
let timingHash: Promise<string> | undefined;

export async function logIn(ctx: AppContext, input: LogInInput): Promise<LogInOutcome> {
  const found = await findUserByLoginOrEmail(ctx.db.kysely, input.loginOrEmail.trim());
  const user = found && !isSystemAccount(found) ? found : undefined;
  const keys = [accountKey(user?.id ?? null, input.loginOrEmail), addressKey(input.address)];
  const limit = await checkLoginLimit(ctx, keys);
  if (limit.limited) return { ok: false, reason: 'rate-limited', retryAt: limit.retryAt };

  timingHash ??= hashPassword('records-room timing equaliser');
  const passwordMatches = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await timingHash, input.password), false);
  if (!user || !passwordMatches) {
    await recordFailedLogin(ctx, keys);
    return { ok: false, reason: 'wrong-credentials' };
  }
  await clearLoginAttempts(ctx, keys[0]!);
  if (input.previousToken) await endSession(ctx, input.previousToken);
  await endExpiredSessions(ctx, user.id);
  const session = await startSession(ctx, user.id);
  return { ok: true, user, session };
}

/** Creates the account and logs it in. */
export async function signUp(
  ctx: AppContext,
  input: Omit<NewAccount, 'role'> & { previousToken?: string | undefined },
): Promise<Result<{ id: number; login: string; session: StartedSession }>> {
  const created = await createUser(ctx, {
    login: input.login,
    email: input.email,
    password: input.password,
    passwordConfirmation: input.passwordConfirmation,
    role: 'user',
  });
  if (!created.ok) return created;
  if (input.previousToken) await endSession(ctx, input.previousToken);
  const session = await startSession(ctx, created.value.id);
  return ok({ ...created.value, session });
}

export async function logOut(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await endSession(ctx, token);
}
