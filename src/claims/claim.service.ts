import type { Viewer } from '../accounts/session.service.ts';
import { hashToken } from '../accounts/session.service.ts';
import { findOwnPseud, findUserById } from '../accounts/user.repository.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { endInvitationsOfOrphanedWorks, insertCreatorships, orphanAccountPseudId } from '../works/work.repository.ts';
import { insertClaimEvents, type ClaimEventKind, type NewClaimEvent } from './claim-event.repository.ts';
import {
  blockExternalCreator,
  findInvitation,
  makeUnrestricted,
  markInvitationUsed,
  reachableCreatorsOfWorks,
  removeArchivistCredit,
  requestRemoval,
  setCreatorshipState,
  worksOfExternalCreator,
  worksStillUnclaimed,
} from './claim.repository.ts';
import { sendFirstInvitation } from './invitation.service.ts';

// Claiming imported works (research/legacy.md §7.5, AO3's ExternalAuthor): each original
// creator with an address gets a link with a random token (only its hash is stored); following
// it, they claim the works to one of their pseuds, orphan them, or ask for their removal, and
// may block future imports under that address. Claimed works stay restricted unless the
// creator ticks "make public": the decision to show them to everyone is theirs, not ours.
//
// An account with the invitation's address gets no works by itself, unlike AO3's import: the
// decision stays the creator's. The link in the mail is the proof; so is a confirmed address,
// whose account is offered the works on its own page (claim-offer.service.ts) and given a link
// of its own. An unconfirmed address proves nothing and is offered nothing.

export const CLAIM_ACTIONS = ['claim', 'orphan', 'remove', 'none'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

export interface ClaimChoice {
  action: ClaimAction;
  pseudId: number | null;
  makePublic: boolean;
  block: boolean;
}

export type InvitationLookup =
  | { status: 'unknown' }
  | { status: 'expired' }
  | {
      status: 'valid';
      invitationId: number;
      externalCreatorId: number;
      name: string;
      isBlocked: boolean;
      /** The logged-in viewer's account uses the address the invitation went to. */
      isViewersAddress: boolean;
      works: Awaited<ReturnType<typeof worksOfExternalCreator>>;
    };

/** Sends one invitation to each reachable original creator of these works; returns how many went out. */
export async function inviteCreators(ctx: AppContext, workIds: number[]): Promise<number> {
  const mailer = ctx.mailer;
  if (!mailer) return 0;
  let sent = 0;
  // Works ids are sent in chunks: SQLite allows 32,766 bound parameters per statement.
  const creators = new Map<number, { id: number; name: string; email: string | null }>();
  for (let i = 0; i < workIds.length; i += 5000) {
    for (const creator of await reachableCreatorsOfWorks(ctx.db.kysely, workIds.slice(i, i + 5000))) creators.set(creator.id, creator);
  }
  for (const creator of creators.values()) {
    const works = (await worksOfExternalCreator(ctx.db.kysely, creator.id)).filter((w) => w.state === 'unclaimed');
    if (works.length === 0 || !creator.email) continue;
    if (await sendFirstInvitation(ctx, mailer, { id: creator.id, name: creator.name, email: creator.email }, works)) sent++;
  }
  return sent;
}

export async function lookUpInvitation(ctx: AppContext, token: string, viewer: Viewer | null = null): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
  const invitation = await findInvitation(ctx.db.kysely, hashToken(token));
  if (!invitation) return { status: 'unknown' };
  if (invitation.expiresAt <= ctx.now().toISOString()) return { status: 'expired' };
  const works = await worksOfExternalCreator(ctx.db.kysely, invitation.externalCreatorId);
  const account = viewer && invitation.emailKey ? await findUserById(ctx.db.kysely, viewer.id) : undefined;
  return {
    status: 'valid',
    invitationId: invitation.id,
    externalCreatorId: invitation.externalCreatorId,
    name: invitation.name,
    isBlocked: invitation.isBlocked === 1,
    isViewersAddress: account !== undefined && account.emailKey === invitation.emailKey,
    works,
  };
}

export interface ClaimOutcome {
  action: ClaimAction;
  workIds: number[];
  blocked: boolean;
}

const EVENT_OF: Partial<Record<ClaimAction, ClaimEventKind>> = { claim: 'claimed', orphan: 'orphaned', remove: 'removal-requested' };

/** Acts on every work of the invitation's creator that is still undecided, in one transaction. */
export async function claimWorks(ctx: AppContext, viewer: Viewer, token: string, choice: ClaimChoice): Promise<Result<ClaimOutcome>> {
  const found = await lookUpInvitation(ctx, token);
  if (found.status !== 'valid') return invalid({ form: found.status === 'expired' ? 'This claim link has expired.' : 'This claim link is not valid.' });
  if (choice.action === 'none' && !choice.block) return invalid({ action: 'Choose what to do with the works, or block future imports.' });
  const now = ctx.now().toISOString();
  const pending = found.works.filter((w) => w.state === 'unclaimed');
  // A second submit of the same form, or a decision already taken from another tab.
  if (choice.action !== 'none' && pending.length === 0) return invalid({ form: 'Nothing is waiting for a decision any more: every work here has been decided already.' });
  if (choice.block && found.isBlocked && choice.action === 'none') return invalid({ form: 'Future imports under this address are already blocked.' });
  const ids = pending.map((w) => w.id);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (choice.action === 'claim') {
      const pseud = choice.pseudId === null ? undefined : await findOwnPseud(trx, viewer.id, choice.pseudId);
      if (!pseud) return invalid({ pseudId: 'Choose one of your own pseuds.' });
      await setCreatorshipState(trx, found.externalCreatorId, ids, 'claimed', now);
      await insertCreatorships(trx, ids.map((workId) => ({ workId, pseudId: pseud.id, position: 0, isApproved: 1, createdAt: now })));
      if (choice.makePublic) await makeUnrestricted(trx, ids);
    } else if (choice.action === 'orphan') {
      await setCreatorshipState(trx, found.externalCreatorId, ids, 'orphaned', now);
      const orphanPseud = await orphanAccountPseudId(trx);
      await insertCreatorships(trx, ids.map((workId) => ({ workId, pseudId: orphanPseud, position: 1, isApproved: 1, createdAt: now })));
    } else if (choice.action === 'remove') {
      await setCreatorshipState(trx, found.externalCreatorId, ids, 'removal-requested', now);
      await requestRemoval(trx, ids, now);
    }
    if (choice.action === 'claim' || choice.action === 'orphan') {
      // As on AO3, the archivist keeps a work while another of its original creators has not decided.
      const waiting = await worksStillUnclaimed(trx, ids);
      for (const archivistId of new Set(pending.map((w) => w.archivistId))) {
        await removeArchivistCredit(trx, archivistId, pending.filter((w) => w.archivistId === archivistId && !waiting.has(w.id)).map((w) => w.id));
      }
      if (choice.action === 'orphan') await endInvitationsOfOrphanedWorks(trx, ids);
    }
    if (choice.action !== 'none') await refreshDerivedRows(trx, ids);
    const event = EVENT_OF[choice.action];
    // Orphaning cuts the tie between a person and a work for good, so its record names nobody.
    const actor = choice.action === 'orphan' ? { actorId: null, actorLogin: null } : { actorId: viewer.id, actorLogin: viewer.login };
    const events: NewClaimEvent[] = event
      ? pending.map((w) => ({ event, workId: w.id, workTitle: w.title, batchId: w.batchId, externalCreatorId: found.externalCreatorId, ...actor, createdAt: now }))
      : [];
    if (choice.block && !found.isBlocked) {
      await blockExternalCreator(trx, found.externalCreatorId);
      events.push({ event: 'imports-blocked', externalCreatorId: found.externalCreatorId, actorId: viewer.id, actorLogin: viewer.login, createdAt: now });
    }
    await insertClaimEvents(trx, events);
    await markInvitationUsed(trx, found.invitationId, now);
    return ok({ action: choice.action, workIds: ids, blocked: choice.block });
  });
}
