import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { checkPassword, hashPassword, verifyPassword } from './password.ts';
import { deleteWorksOfUser, orphanWorksOfUser } from '../works/work.lifecycle.ts';
import { endOtherSessions } from './session.service.ts';
import { countWorksOfUser, deleteUser, findUserById, updateUser } from './user.repository.ts';

export interface PasswordChange {
  userId: number;
  currentPassword: string;
  newPassword: string;
  confirmation: string;
  /** The session making the change stays; every other one ends. */
  keepToken: string | undefined;
}

/** Sets a new password and logs the account out everywhere else. */
export async function changePassword(ctx: AppContext, input: PasswordChange): Promise<Result<void>> {
  const user = await findUserById(ctx.db.kysely, input.userId);
  if (!user) throw new Error(`changePassword: no user ${input.userId}`);
  const errors: FieldErrors = {};
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    errors.current_password = 'That is not your current password.';
  }
  const problem = checkPassword(input.newPassword);
  if (problem) errors.password = problem;
  if (input.confirmation !== input.newPassword) errors.password_confirmation = 'The two passwords do not match.';
  if (Object.keys(errors).length > 0) return invalid(errors);

  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash, updatedAt: ctx.now().toISOString() });
    await endOtherSessions(trx, user.id, input.keepToken);
  });
  return ok(undefined);
}

export interface Preferences {
  showAdultContent: boolean;
}

export async function savePreferences(ctx: AppContext, userId: number, preferences: Preferences): Promise<void> {
  await updateUser(ctx.db.kysely, userId, { showAdultContent: preferences.showAdultContent, updatedAt: ctx.now().toISOString() });
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
export async function deleteAccount(ctx: AppContext, input: AccountDeletion): Promise<Result<void>> {
  const user = await findUserById(ctx.db.kysely, input.userId);
  if (!user) throw new Error(`deleteAccount: no user ${input.userId}`);
  const errors: FieldErrors = {};
  if (!(await verifyPassword(user.passwordHash, input.password))) errors.password = 'That is not your password.';
  const workCount = await countWorksOfUser(ctx.db.kysely, user.id);
  if (workCount > 0 && !input.works) errors.works = 'Choose whether to orphan or delete your works.';
  if (Object.keys(errors).length > 0) return invalid(errors);

  if (input.works === 'orphan') await orphanWorksOfUser(ctx, user.id);
  if (input.works === 'delete') await deleteWorksOfUser(ctx, user.id);
  await deleteUser(ctx.db.kysely, user.id);
  return ok(undefined);
}
