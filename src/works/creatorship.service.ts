import type { AppContext, Result } from '../context.ts';
import { failed, invalid, ok } from '../context.ts';
import { refreshDerivedRows } from './derived.repository.ts';
import { isOrphaned } from './work.repository.ts';
import { approveCreatorship, deleteCreatorship, findOpenInvitation, pendingInvitationsOf, pseudsNamed } from './creatorship.repository.ts';
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
    const rows = await pseudsNamed(db, pseudName, login);
    if (rows.length === 0) problems.push(`We couldn't find a pseud called “${raw}”.`);
    else if (rows.length > 1) problems.push(`More than one person writes as “${raw}”: write it as “${pseudName} (their user name)”.`);
    else if (rows[0]!.userId === viewerId) problems.push(`“${raw}” is your own pseud: choose it under “Creator/Pseud” instead.`);
    else found.push(rows[0]!);
  }
  return problems.length > 0 ? invalid({ coCreators: problems.join(' ') }) : ok(found);
}

/** Invitations waiting for this user's answer, newest first. */
export function pendingInvitations(ctx: AppContext, userId: number) {
  return pendingInvitationsOf(ctx.db.kysely, userId);
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
    const owned = await findOpenInvitation(trx, userId, workId, pseudId);
    if (!owned) return failed((await isOrphaned(trx, workId)) ? 'orphaned' : 'not-open');
    if (accept) await approveCreatorship(trx, workId, pseudId);
    else await deleteCreatorship(trx, workId, pseudId);
    await refreshDerivedRows(trx, [workId]);
    return ok(undefined);
  });
}
