import type { AppContext, Result } from '../context.ts';
import { ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueConfirmation } from './email.service.ts';
import type { User } from '../db/schema.ts';
import { isSystemAccount } from './account.policy.ts';
import { accountKey, loginKeys, rememberLoginAddress, reserveAttempt, settleSuccess } from './login.limiter.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endExpiredSessions, endSession, startSession } from './session.service.ts';
import { findUserByLogin, findUserByLoginOrEmail } from './user.repository.ts';
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
  const keys = await loginKeys(ctx, user?.id ?? null, input.loginOrEmail, input.address);
  const reservation = await reserveAttempt(ctx, keys);
  if (!reservation.reserved) return { ok: false, reason: 'rate-limited', retryAt: reservation.retryAt };

  timingHash ??= hashPassword('records-room timing equaliser');
  const passwordMatches = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await timingHash, input.password), false);
  if (!user || !passwordMatches) return { ok: false, reason: 'wrong-credentials' };
  await settleSuccess(ctx, keys);
  await rememberLoginAddress(ctx, user.id, input.address);
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
  let account: { id: number; login: string };
  if (created.ok) {
    account = created.value;
    const email = input.email.trim();
    await inTransaction(ctx, async (trx) => ok(await queueConfirmation(ctx, trx, created.value, email)));
  } else {
    const repeated = await findRepeatedSignUp(ctx, input, Object.keys(created.errors));
    if (!repeated) return created;
    account = repeated;
  }
  if (input.previousToken) await endSession(ctx, input.previousToken);
  const session = await startSession(ctx, account.id);
  return ok({ ...account, session });
}

// A double click sends the sign-up form twice; the browser shows the second answer. That
// one should not say "name taken" about the account the first just made, so a sign-up that
// matches a minutes-old account's name, e-mail and password logs into it instead. The
// password check counts against the log-in limit like any other.
const REPEAT_WINDOW_MS = 10 * 60_000;

async function findRepeatedSignUp(ctx: AppContext, input: Omit<NewAccount, 'role'>, problems: string[]) {
  if (problems.some((field) => field !== 'login' && field !== 'email')) return null;
  const user = await findUserByLogin(ctx.db.kysely, input.login.trim());
  if (!user || isSystemAccount(user) || user.emailKey !== input.email.trim().toLowerCase()) return null;
  if (ctx.now().getTime() - new Date(user.createdAt).getTime() > REPEAT_WINDOW_MS) return null;
  const keys = [accountKey(ctx, user.id, user.login)];
  if (!(await reserveAttempt(ctx, keys)).reserved) return null;
  if (!(await verifyPassword(user.passwordHash, input.password))) return null;
  await settleSuccess(ctx, keys);
  return { id: user.id, login: user.login };
}

export async function logOut(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await endSession(ctx, token);
}
