import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import type { Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { tellOfKudos } from './feedback.news.ts';
import { guestKey } from './guest.key.ts';
import { addToKudosCount, commitWithoutFlushWait, hasLeftKudos, insertKudos, kudosCounts, kudosLogins } from './kudos.repository.ts';

/** Who leaves the kudos: an account, or a guest known only by the address they came from. */
export type KudosGiver = { userId: number; login: string } | { address: string };

export type KudosOutcome = 'left' | 'already-left';

/**
 * Leaves kudos on a work the caller has checked the giver may (kudos.policy.ts). The row and
 * the work's count change in one transaction; a second kudos from the same giver, even one
 * racing the first, changes neither.
 */
export async function leaveKudos(ctx: AppContext, work: Pick<Work, 'id' | 'title'>, creators: CreatorRow[], giver: KudosGiver): Promise<KudosOutcome> {
  const workId = work.id;
  const key = 'address' in giver ? await guestKey(ctx, workId, giver.address) : null;
  const result = await inTransaction(ctx, async (trx) => {
    await commitWithoutFlushWait(trx);
    const userId = 'userId' in giver ? giver.userId : null;
    const kudosId = await insertKudos(trx, { workId, userId, guestKey: key, createdAt: ctx.now().toISOString() });
    if (kudosId === null) return ok(false);
    // The news first, the count last: the count's row lock is then held for the commit alone.
    // The work and its creators are the caller's, read for the policy: nothing is read again here.
    const told = creators.filter((c) => c.isApproved === 1).map((c) => c.userId);
    await tellOfKudos(ctx, trx, { id: kudosId, work, userId, giverName: 'login' in giver ? giver.login : null }, told);
    await addToKudosCount(trx, workId, 1);
    return ok(true);
  });
  return result.ok && result.value ? 'left' : 'already-left';
}

export interface KudosSummary {
  total: number;
  /** Latest first, at most the limit asked for. */
  logins: string[];
  /** Accounts beyond `logins`. */
  moreAccounts: number;
  /** Guests, and accounts deleted since they left kudos. */
  guests: number;
  viewerLeft: boolean;
}

/** Who left kudos on a work, for its pages: a few queries, none when there is none. */
export async function kudosSummary(db: Queryable, work: Pick<Work, 'id' | 'kudosCount'>, viewer: Viewer | null, limit: number): Promise<KudosSummary> {
  if (work.kudosCount === 0) return { total: 0, logins: [], moreAccounts: 0, guests: 0, viewerLeft: false };
  const [counts, logins, viewerLeft] = await Promise.all([
    kudosCounts(db, work.id),
    kudosLogins(db, work.id, limit),
    viewer ? hasLeftKudos(db, work.id, viewer.id) : Promise.resolve(false),
  ]);
  return {
    total: counts.total,
    logins,
    moreAccounts: counts.fromAccounts - logins.length,
    guests: counts.total - counts.fromAccounts,
    viewerLeft,
  };
}
