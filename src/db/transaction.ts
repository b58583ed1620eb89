import type { Transaction } from 'kysely';
import type { AppContext, FieldErrors, Result } from '../context.ts';
import { failed } from '../context.ts';
import type { Database } from './schema.ts';

class Rejected<E> extends Error {
  constructor(readonly errors: E) {
    super('rejected');
  }
}

/**
 * Runs a use case in one short transaction. A `Result` with errors rolls everything back,
 * so a refused form never leaves half a work behind, and comes back as a value.
 */
export async function inTransaction<T, E = FieldErrors>(ctx: AppContext, work: (trx: Transaction<Database>) => Promise<Result<T, NoInfer<E>>>): Promise<Result<T, E>> {
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (!result.ok) throw new Rejected(result.errors);
      return result;
    });
  } catch (error) {
    if (error instanceof Rejected) return failed(error.errors as E);
    throw error;
  }
}
