import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Pseud } from '../db/schema.ts';
import { refreshDerivedRows, worksOfPseud } from '../works/derived.repository.ts';
import { checkPseudName, PSEUD_DESCRIPTION_MAX_LENGTH } from './pseud.names.ts';
import { findDefaultPseud, findPseud, insertPseud, movePseudWorksAndDelete, updatePseud } from './user.repository.ts';
import { isUniqueViolation } from './user.service.ts';

export interface PseudInput {
  name: string;
  description: string;
}

function validate(input: PseudInput): FieldErrors {
  const errors: FieldErrors = {};
  const problem = checkPseudName(input.name);
  if (problem) errors.name = problem;
  if (input.description.length > PSEUD_DESCRIPTION_MAX_LENGTH) {
    errors.description = `Use at most ${PSEUD_DESCRIPTION_MAX_LENGTH} characters.`;
  }
  return errors;
}

const TAKEN = 'You already have a pseud with that name.';

export async function createPseud(ctx: AppContext, userId: number, input: PseudInput): Promise<Result<{ name: string }>> {
  const name = input.name.trim();
  const description = input.description.trim() || null;
  const errors = validate({ ...input, name });
  const existing = errors.name ? undefined : await findPseud(ctx.db.kysely, userId, name);
  if (existing && isRepeat(ctx, existing, name, description)) return ok({ name });
  if (existing) errors.name = TAKEN;
  if (Object.keys(errors).length > 0) return invalid(errors);
  try {
    await insertPseud(ctx.db.kysely, {
      userId,
      name,
      isDefault: false,
      description,
      createdAt: ctx.now().toISOString(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid({ name: TAKEN });
    throw error;
  }
  return ok({ name });
}

// The same form sent twice (a double click) finds the pseud the first send made: that is
// a success to report, not a clash.
function isRepeat(ctx: AppContext, existing: Pseud, name: string, description: string | null): boolean {
  const age = ctx.now().getTime() - new Date(existing.createdAt).getTime();
  return existing.name === name && existing.description === description && age < 10 * 60_000;
}

/** Renames a pseud or changes its description; the default pseud may be renamed too. */
export async function editPseud(ctx: AppContext, pseud: Pseud, input: PseudInput): Promise<Result<{ name: string }>> {
  const name = input.name.trim();
  const errors = validate({ ...input, name });
  if (!errors.name && name.toLowerCase() !== pseud.nameKey && (await findPseud(ctx.db.kysely, pseud.userId, name))) {
    errors.name = TAKEN;
  }
  if (Object.keys(errors).length > 0) return invalid(errors);
  try {
    // Its works show the new name (creator sort, search) from the same commit.
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await updatePseud(trx, pseud.id, { name, description: input.description.trim() || null });
      if (name !== pseud.name) await refreshDerivedRows(trx, await worksOfPseud(trx, pseud.id));
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid({ name: TAKEN });
    throw error;
  }
  return ok({ name });
}

/** Deletes a pseud that is not the default; its works move to the user's default pseud. */
export async function deletePseud(ctx: AppContext, pseud: Pseud): Promise<void> {
  if (pseud.isDefault === 1) throw new Error('deletePseud: the default pseud cannot be deleted');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const fallback = await findDefaultPseud(trx, pseud.userId);
    if (!fallback) throw new Error(`deletePseud: user ${pseud.userId} has no default pseud`);
    const moved = await worksOfPseud(trx, pseud.id);
    await movePseudWorksAndDelete(trx, pseud.id, fallback.id);
    await refreshDerivedRows(trx, moved);
  });
}
