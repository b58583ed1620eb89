import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { takePoints, type LimitRule } from '../db/rate-limit.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { isSystemAccount } from './account.policy.ts';
import { retireAccountTokens, setConfirmedEmail, setPasswordHash, useAccountToken } from './account-token.repository.ts';
import { checkAccountToken, issueAccountToken, type TokenCheck } from './account-token.service.ts';
import { checkPassword, hashPassword } from './password.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findUserById, findUserByLoginOrEmail } from './user.repository.ts';

// "Forgot password". The answer is the same whether or not an account matches, and takes at
// least RESET_ANSWER_MS, so neither its words nor its timing tell which names are registered.
// Requests are limited per typed name or address and per client address (refused openly: the
// same for known and unknown names), and per account (silently: no mail, the same answer).

export const RESET_PATH = '/users/password/reset/';
export const RESET_ANSWER_MS = 150;

const PER_NAME: LimitRule = { name: 'reset-name', points: 5, seconds: 3600 };
const PER_CLIENT: LimitRule = { name: 'reset-client', points: 20, seconds: 3600 };
const PER_ACCOUNT: LimitRule = { name: 'reset-account', points: 3, seconds: 3600 };

export type ResetRequest = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function requestPasswordReset(ctx: AppContext, input: { loginOrEmail: string; client: string }): Promise<ResetRequest> {
  const started = Date.now();
  try {
    const name = input.loginOrEmail.trim().toLowerCase();
    const waits = [await takePoints(ctx.db, [PER_NAME], [name]), await takePoints(ctx.db, [PER_CLIENT], [input.client])].filter((w): w is number => w !== null);
    if (waits.length > 0) return { ok: false, retryAfterSeconds: Math.max(...waits) };
    const found = await findUserByLoginOrEmail(ctx.db.kysely, input.loginOrEmail.trim());
    if (!found || isSystemAccount(found)) return { ok: true };
    if ((await takePoints(ctx.db, [PER_ACCOUNT], [String(found.id)])) !== null) return { ok: true };
    await inTransaction(ctx, async (trx) => {
      const { id, token } = await issueAccountToken(ctx, trx, 'reset_password', found.id, found.email);
      await queueMail(ctx, trx, [
        {
          key: `reset:${found.id}:${id}`,
          to: found.email,
          userId: found.id,
          subject: 'Reset your Records Room password',
          text:
            `Hello ${found.login},\n\nSomeone asked to reset the password of your Records Room account. ` +
            `To choose a new one, open this link within an hour:\n\n${ctx.config.baseUrl}${RESET_PATH}${token}\n\n` +
            `The link works once. If you did not ask for this, ignore this message: your password stays as it is.\n`,
        },
      ]);
      return ok(null);
    });
    return { ok: true };
  } finally {
    const left = RESET_ANSWER_MS - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

export async function checkResetToken(ctx: AppContext, token: string): Promise<TokenCheck> {
  return checkAccountToken(ctx, ctx.db.kysely, 'reset_password', token);
}

export type ResetOutcome = Result<{ login: string }> | { ok: false; status: Exclude<TokenCheck['status'], 'ready'> };

/** Sets the new password, uses the token and ends every session of the account. */
export async function resetPassword(ctx: AppContext, token: string, input: { password: string; passwordConfirmation: string }): Promise<Result<{ login: string }> | { ok: false; errors?: undefined; status: 'invalid' | 'used' | 'expired' }> {
  const first = await checkResetToken(ctx, token);
  if (first.status !== 'ready') return { ok: false, status: first.status };
  const errors: Record<string, string> = {};
  const problem = checkPassword(input.password);
  if (problem) errors.password = problem;
  else if (input.password !== input.passwordConfirmation) errors.password_confirmation = 'The two passwords do not match.';
  if (Object.keys(errors).length > 0) return invalid(errors);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await useAccountToken(trx, first.id, now))) return { ok: false as const, status: 'used' as const };
    const user = await findUserById(trx, first.userId);
    if (!user) return { ok: false as const, status: 'invalid' as const };
    await setPasswordHash(trx, user.id, passwordHash, now);
    await retireAccountTokens(trx, user.id, 'reset_password', now);
    // The link reached the account's address, which proves it as well as a confirmation link would.
    if (!user.emailConfirmedAt && user.emailKey === first.address.toLowerCase()) await setConfirmedEmail(trx, user.id, user.email, now);
    await deleteSessionsOfUser(trx, user.id);
    return ok({ login: user.login });
  });
}
