import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { NEWS_KINDS, type Delivery, type NewsKind } from './news.kinds.ts';
import { setDelivery } from './preference.repository.ts';

/** Saves a user's choice for every kind at once; returns the kinds that changed. */
export async function saveMailChoices(ctx: AppContext, userId: number, choices: Record<NewsKind, Delivery>): Promise<NewsKind[]> {
  const result = await inTransaction(ctx, async (trx) => {
    const changed: NewsKind[] = [];
    for (const kind of NEWS_KINDS) if (await setDelivery(trx, userId, kind, choices[kind])) changed.push(kind);
    return ok(changed);
  });
  return result.ok ? result.value : [];
}
