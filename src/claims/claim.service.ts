import { randomBytes } from 'node:crypto';
import type { Viewer } from '../accounts/session.service.ts';
import { hashToken } from '../accounts/session.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { reindexWorks } from '../search/search.index.ts';
import { insertCreatorships, orphanAccountPseudId, refreshCreatorSort } from '../works/work.repository.ts';
import {
  blockExternalCreator,
  fandomsOfWorks,
  findInvitation,
  insertInvitation,
  makeUnrestricted,
  markInvitationUsed,
  reachableCreatorsOfWorks,
  removeArchivistCredit,
  requestRemoval,
  setCreatorshipState,
  worksOfExternalCreator,
  worksStillUnclaimed,
} from './claim.repository.ts';

// Claiming imported works (research/legacy.md §7.5, AO3's ExternalAuthor): each original
// creator with an address gets a link with a random token (only its hash is stored); following
// it, they claim the works to one of their pseuds, orphan them, or ask for their removal, and
// may block future imports under that address. Claimed works stay restricted unless the
// creator ticks "make public": the decision to show them to everyone is theirs, not ours.

export const CLAIM_DAYS = 30;

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
  | { status: 'valid'; invitationId: number; externalCreatorId: number; name: string; isBlocked: boolean; works: Awaited<ReturnType<typeof worksOfExternalCreator>> };

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
    const token = randomBytes(32).toString('base64url');
    const now = ctx.now();
    await insertInvitation(ctx.db.kysely, {
      externalCreatorId: creator.id,
      tokenHash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CLAIM_DAYS * 86_400_000).toISOString(),
    });
    const fandoms = await fandomsOfWorks(ctx.db.kysely, works.map((w) => w.id));
    try {
      await mailer.send({ to: creator.email, subject: `Your stories were rescued to ${ctx.config.baseUrl.replace(/^https?:\/\//, '')}`, text: invitationText(ctx, creator.name, works, fandoms, token) });
      sent++;
    } catch (error) {
      console.error(`[mail] the claim invitation for external creator ${creator.id} could not be sent: ${(error as Error).message}`);
    }
  }
  return sent;
}

function invitationText(ctx: AppContext, name: string, works: { id: number; title: string; archiveName: string | null }[], fandoms: { workId: number; name: string }[], token: string): string {
  const list = works.map((w) => {
    const names = fandoms.filter((f) => f.workId === w.id).map((f) => f.name);
    return `  - ${w.title}${names.length ? ` (${names.join(', ')})` : ''}`;
  });
  const archive = works.find((w) => w.archiveName)?.archiveName;
  return [
    `Hello ${name},`,
    '',
    `Stories of yours${archive ? ` from ${archive}` : ''} have been rescued from an old archive and imported to Records Room:`,
    ...list,
    '',
    'They are visible only to logged-in readers and are credited to you by name, held by our archivist until you decide.',
    `Follow this link (valid for ${CLAIM_DAYS} days) to claim them to your account, orphan them, or ask for their removal.`,
    'You can also ask us never to import works under this address again.',
    '',
    `${ctx.config.baseUrl}/claims/${token}`,
    '',
    'If this message reached you by mistake, please do not delete the works: write to the archivists instead.',
  ].join('\n');
}

export async function lookUpInvitation(ctx: AppContext, token: string): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
  const invitation = await findInvitation(ctx.db.kysely, hashToken(token));
  if (!invitation) return { status: 'unknown' };
  if (invitation.expiresAt <= ctx.now().toISOString()) return { status: 'expired' };
  const works = await worksOfExternalCreator(ctx.db.kysely, invitation.externalCreatorId);
  return { status: 'valid', invitationId: invitation.id, externalCreatorId: invitation.externalCreatorId, name: invitation.name, isBlocked: invitation.isBlocked === 1, works };
}

export interface ClaimOutcome {
  action: ClaimAction;
  workIds: number[];
  blocked: boolean;
}

/** Acts on every work of the invitation's creator that is still undecided, in one transaction. */
export async function claimWorks(ctx: AppContext, viewer: Viewer, token: string, choice: ClaimChoice): Promise<Result<ClaimOutcome>> {
  const found = await lookUpInvitation(ctx, token);
  if (found.status !== 'valid') return invalid({ form: found.status === 'expired' ? 'This claim link has expired.' : 'This claim link is not valid.' });
  if (choice.action === 'none' && !choice.block) return invalid({ action: 'Choose what to do with the works, or block future imports.' });
  const now = ctx.now().toISOString();
  const pending = found.works.filter((w) => w.state === 'unclaimed');
  const ids = pending.map((w) => w.id);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (choice.action === 'claim') {
      const pseud = choice.pseudId === null ? undefined : await trx.selectFrom('pseuds').select('id').where('id', '=', choice.pseudId).where('userId', '=', viewer.id).executeTakeFirst();
      if (!pseud) return invalid<ClaimOutcome>({ pseudId: 'Choose one of your own pseuds.' });
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
      await refreshCreatorSort(trx, ids);
      await reindexWorks(trx, ids);
    }
    if (choice.block) await blockExternalCreator(trx, found.externalCreatorId);
    await markInvitationUsed(trx, found.invitationId, now);
    return ok({ action: choice.action, workIds: ids, blocked: choice.block });
  });
}
