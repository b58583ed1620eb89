import type { AppContext, Result } from '../context.ts';
import { failed, invalid, ok } from '../context.ts';
import { refreshDerivedRows } from './work.derived.ts';
import { isOrphaned } from './work.repository.ts';
import type { Queryable } from '../db/database.ts';

export interface PseudRef {
  id: number;
  name: string;
  userId: number;
  login: string;
}

/**
 * Finds the pseuds named in a co-creator list. "Name (login)" names exactly one; a bare
 * name must be unique on the archive, otherwise we ask for the login rather than guess.
 */
export async function findCoCreators(db: Queryable, viewerId: number, names: string[]): Promise<Result<PseudRef[]>> {
  const found: PseudRef[] = [];
  const problems: string[] = [];
  for (const raw of names) {
    const match = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(raw);
    const pseudName = (match ? match[1]! : raw).trim();
    const login = match ? match[2]!.trim() : null;
    let query = db
      .selectFrom('pseuds')
      .innerJoin('users', 'users.id', 'pseuds.userId')
      .select(['pseuds.id', 'pseuds.name', 'pseuds.userId', 'users.login'])
      .where('pseuds.nameKey', '=', pseudName.toLowerCase())
      .where('users.role', '!=', 'system');
    if (login) query = query.where('users.loginKey', '=', login.toLowerCase());
    const rows = await query.limit(2).execute();
    if (rows.length === 0) problems.push(`We couldn't find a pseud called “${raw}”.`);
    else if (rows.length > 1) problems.push(`More than one person writes as “${raw}”: write it as “${pseudName} (their user name)”.`);
    else if (rows[0]!.userId === viewerId) problems.push(`“${raw}” is your own pseud: choose it under “Creator/Pseud” instead.`);
    else found.push(rows[0]!);
  }
  return problems.length > 0 ? invalid({ coCreators: problems.join(' ') }) : ok(found);
}

/** Invitations waiting for this user's answer, newest first. */
export function pendingInvitations(ctx: AppContext, userId: number) {
  return ctx.db.kysely
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
    .innerJoin('works', 'works.id', 'creatorships.workId')
    .select(['creatorships.workId', 'creatorships.pseudId', 'pseuds.name as pseudName', 'works.title', 'creatorships.createdAt'])
    .where('pseuds.userId', '=', userId)
    .where('creatorships.isApproved', '=', 0)
    .orderBy('creatorships.createdAt', 'desc')
    .execute();
}

export type InvitationAnswer = Result<void, 'not-open' | 'orphaned'>;

/**
 * Accepting shows the invited pseud on the work; declining removes the invitation. One
 * transaction: the credit and the work's derived rows (creator sort, index) change together.
 * An invitation ends when its work is orphaned, so that nobody joins a work after its
 * creators let it go (and could then edit or delete it).
 */
export async function answerInvitation(ctx: AppContext, userId: number, workId: number, pseudId: number, accept: boolean): Promise<InvitationAnswer> {
  return ctx.db.kysely.transaction().execute(async (trx): Promise<InvitationAnswer> => {
    const owned = await trx
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
      .select('creatorships.workId')
      .where('creatorships.workId', '=', workId)
      .where('creatorships.pseudId', '=', pseudId)
      .where('creatorships.isApproved', '=', 0)
      .where('pseuds.userId', '=', userId)
      .executeTakeFirst();
    if (!owned) return failed((await isOrphaned(trx, workId)) ? 'orphaned' : 'not-open');
    if (accept) await trx.updateTable('creatorships').set({ isApproved: 1 }).where('workId', '=', workId).where('pseudId', '=', pseudId).execute();
    else await trx.deleteFrom('creatorships').where('workId', '=', workId).where('pseudId', '=', pseudId).execute();
    await refreshDerivedRows(trx, [workId]);
    return ok(undefined);
  });
}
