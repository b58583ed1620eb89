import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { User } from '../db/schema.ts';
import { deleteWorksOfUser, orphanWorksOfUser } from '../works/orphan.service.ts';
import { accountKey, describeWait, reserveAttempt, settleSuccess } from './login.limiter.ts';
import { checkPassword, hashPassword, verifyPassword } from './password.ts';
import { endAllSessions, startSession } from './session.service.ts';
import { countWorksOfUser, deleteUser, findUserById, updateUser } from './user.repository.ts';

export interface PasswordChange {
  userId: number;
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

/** A form guarded by the account's password: field errors, or a wait after too many wrong passwords. */
export type PasswordGuarded<T> = Result<T> | { ok: false; errors: FieldErrors; retryAt: Date };

/**
 * Checks the account's own password on a settings form. Wrong ones count against the same
 * per-account limit as log-ins, so a borrowed session cannot be used to guess it.
 */
async function confirmPassword(ctx: AppContext, user: User, password: string): Promise<'right' | 'wrong' | { retryAt: Date }> {
  const keys = [accountKey(ctx, user.id, user.login)];
  const reservation = await reserveAttempt(ctx, keys);
  if (!reservation.reserved) return { retryAt: reservation.retryAt };
  if (!(await verifyPassword(user.passwordHash, password))) return 'wrong';
  await settleSuccess(ctx, keys);
  return 'right';
}

/**
 * Sets a new password and ends every session of the account, the one making the change too:
 * that browser gets a new session (returned), so a token that leaked before the change,
 * perhaps the reason for it, is worth nothing after.
 */
export async function changePassword(ctx: AppContext, input: PasswordChange): Promise<PasswordGuarded<{ session: { token: string; expiresAt: Date } }>> {
  const user = await findUserById(ctx.db.kysely, input.userId);
  if (!user) throw new Error(`changePassword: no user ${input.userId}`);
  const errors: FieldErrors = {};
  const current = await confirmPassword(ctx, user, input.currentPassword);
  if (typeof current === 'object') {
    return { ok: false, errors: { current_password: describeWait(current.retryAt, ctx.now()) }, retryAt: current.retryAt };
  }
  if (current === 'wrong') errors.current_password = 'That is not your current password.';
  const problem = checkPassword(input.newPassword);
  if (problem) errors.password = problem;
  if (input.confirmation !== input.newPassword) errors.password_confirmation = 'The two passwords do not match.';
  if (Object.keys(errors).length > 0) return invalid(errors);

  const passwordHash = await hashPassword(input.newPassword);
  const session = await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash, updatedAt: ctx.now().toISOString() });
    await endAllSessions(trx, user.id);
    return startSession(ctx, user.id, trx);
  });
  return ok({ session });
}

export interface Preferences {
  showAdultContent: boolean;
  historyEnabled: boolean;
}

export async function savePreferences(ctx: AppContext, userId: number, preferences: Preferences): Promise<void> {
  await updateUser(ctx.db.kysely, userId, { showAdultContent: preferences.showAdultContent, historyEnabled: preferences.historyEnabled, updatedAt: ctx.now().toISOString() });
}

export const WORKS_CHOICES = ['orphan', 'delete'] as const;
export type WorksChoice = (typeof WORKS_CHOICES)[number];

export interface AccountDeletion {
  userId: number;
  password: string;
  /** What happens to the user's works; needed only when there are some. */
  works: WorksChoice | undefined;
}

/**
 * Deletes an account after checking its password. The works go first (orphaned to
 * orphan_account or deleted, by the works lifecycle, in its own transaction); then the
 * user row, whose pseuds, sessions and remaining creatorships go with it by cascade.
 * Should the second step fail, the works are already handled and deleting again finishes.
 */
export async function deleteAccount(ctx: AppContext, input: AccountDeletion): Promise<PasswordGuarded<void>> {
  const user = await findUserById(ctx.db.kysely, input.userId);
  if (!user) throw new Error(`deleteAccount: no user ${input.userId}`);
  const errors: FieldErrors = {};
  const password = await confirmPassword(ctx, user, input.password);
  if (typeof password === 'object') {
    return { ok: false, errors: { password: describeWait(password.retryAt, ctx.now()) }, retryAt: password.retryAt };
  }
  if (password === 'wrong') errors.password = 'That is not your password.';
  const workCount = await countWorksOfUser(ctx.db.kysely, user.id);
  if (workCount > 0 && !input.works) errors.works = 'Choose whether to orphan or delete your works.';
  if (Object.keys(errors).length > 0) return invalid(errors);

  if (input.works === 'orphan') await orphanWorksOfUser(ctx, user.id);
  if (input.works === 'delete') await deleteWorksOfUser(ctx, user.id);
  await deleteUser(ctx.db.kysely, user.id);
  return ok(undefined);
}
