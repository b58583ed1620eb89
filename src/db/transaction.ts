import type { Transaction } from 'kysely';
import type { AppContext, FieldErrors, Result } from '../context.ts';
import { invalid } from '../context.ts';
import type { Database } from './schema.ts';

class Rejected extends Error {
  constructor(readonly errors: FieldErrors) {
    super('rejected');
  }
}

/**
 * Runs a use case in one short transaction. A `Result` with errors rolls everything back,
 * so a refused form never leaves half a work behind, and comes back as a value.
 */
export async function inTransaction<T>(ctx: AppContext, work: (trx: Transaction<Database>) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (!result.ok) throw new Rejected(result.errors);
      return result;
    });
  } catch (error) {
    if (error instanceof Rejected) return invalid(error.errors);
    throw error;
  }
}
