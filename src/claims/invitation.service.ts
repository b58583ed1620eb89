import { randomBytes } from 'node:crypto';
import type { Viewer } from '../accounts/session.service.ts';
import { hashToken } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { insertClaimEvents } from './claim-event.repository.ts';
import {
  accountUsesAddress,
  creatorInBatch,
  creatorsWaitingInBatch,
  deleteInvitation,
  fandomsOfWorks,
  insertInvitation,
  latestInvitation,
  lockExternalCreator,
  worksOfExternalCreator,
} from './claim.repository.ts';

// Claim invitations: one mail per original creator with a link holding a random token, of
// which only the hash is stored (as for sessions). Sent by the import run, and again by an
// archivist from the batch page when a creator lost the mail or the link expired.
//
// A re-send makes a fresh token: the old one cannot be mailed again because only its hash is
// kept, and a fresh link also gets a fresh expiry. Earlier links stay valid until they expire;
// they all went to the same address, so revoking them would only confuse a creator who opens
// the older mail. A second re-send within RESEND_WINDOW_MINUTES of the last invitation is not
// mailed (a double click, or two archivists at once), and blocked addresses are never written to.

export const CLAIM_DAYS = 30;
export const RESEND_WINDOW_MINUTES = 15;

export interface Invitee {
  id: number;
  name: string;
  email: string;
}

type CreatorWorks = Awaited<ReturnType<typeof worksOfExternalCreator>>;

type Delivery = 'sent' | 'refused' | 'failed';

/**
 * Makes a fresh token, lets `store` keep its hash (it returns the invitation's id, or null to
 * refuse), and mails the link. When the mail fails the token is dropped again: an unsent token
 * is of no use, and keeping it would hold back a retry for the whole re-send window.
 */
async function deliverInvitation(ctx: AppContext, mailer: Mailer, creator: Invitee, works: CreatorWorks, store: (tokenHash: string) => Promise<number | null>): Promise<Delivery> {
  const token = randomBytes(32).toString('base64url');
  const invitationId = await store(hashToken(token));
  if (invitationId === null) return 'refused';
  const fandoms = await fandomsOfWorks(ctx.db.kysely, works.map((w) => w.id));
  const hasAccount = await accountUsesAddress(ctx.db.kysely, creator.email);
  try {
    await mailer.send({
      to: creator.email,
      subject: `Your stories were rescued to ${ctx.config.baseUrl.replace(/^https?:\/\//, '')}`,
      text: invitationText(ctx, creator.name, works, fandoms, token, hasAccount),
    });
    return 'sent';
  } catch (error) {
    console.error(`[mail] the claim invitation for external creator ${creator.id} could not be sent: ${(error as Error).message}`);
    await deleteInvitation(ctx.db.kysely, invitationId);
    return 'failed';
  }
}

function expiry(now: Date): string {
  return new Date(now.getTime() + CLAIM_DAYS * 86_400_000).toISOString();
}

/** The first invitation to one creator, at the end of an import run. */
export async function sendFirstInvitation(ctx: AppContext, mailer: Mailer, creator: Invitee, works: CreatorWorks): Promise<boolean> {
  const now = ctx.now();
  const delivery = await deliverInvitation(ctx, mailer, creator, works, (tokenHash) =>
    insertInvitation(ctx.db.kysely, { externalCreatorId: creator.id, tokenHash, createdAt: now.toISOString(), expiresAt: expiry(now) }),
  );
  return delivery === 'sent';
}

function invitationText(ctx: AppContext, name: string, works: CreatorWorks, fandoms: { workId: number; name: string }[], token: string, hasAccount: boolean): string {
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
    // Told only to the address itself: the works are never attached to that account without this link.
    ...(hasAccount ? ['', 'An account on Records Room already uses this address: log in to it, then follow the link, to claim the works to it.'] : []),
    '',
    `${ctx.config.baseUrl}/claims/${token}`,
    '',
    'If this message reached you by mistake, please do not delete the works: write to the archivists instead.',
  ].join('\n');
}

export type ResendStatus = 'sent' | 'recently-sent' | 'blocked' | 'unreachable' | 'nothing-waiting' | 'not-in-batch' | 'failed' | 'no-mail';

export interface ResendResult {
  name: string;
  status: ResendStatus;
}

/**
 * Re-sends one creator's invitation. The window check and the new token are written in one
 * transaction, with the creator's row locked on PostgreSQL (SQLite has a single writer), so two
 * clicks cannot both pass; the mail goes out after the commit, outside the transaction.
 */
async function resendToCreator(ctx: AppContext, actor: Viewer, batchId: number, creator: { id: number; name: string; email: string | null; isBlocked: number }): Promise<ResendResult> {
  const name = creator.name;
  if (!ctx.mailer) return { name, status: 'no-mail' };
  if (creator.isBlocked) return { name, status: 'blocked' };
  if (!creator.email) return { name, status: 'unreachable' };
  const works = (await worksOfExternalCreator(ctx.db.kysely, creator.id)).filter((w) => w.state === 'unclaimed');
  if (works.length === 0) return { name, status: 'nothing-waiting' };
  const now = ctx.now();
  const windowStart = new Date(now.getTime() - RESEND_WINDOW_MINUTES * 60_000).toISOString();
  let refusal: ResendStatus = 'blocked';
  const delivery = await deliverInvitation(ctx, ctx.mailer, { id: creator.id, name, email: creator.email }, works, (tokenHash) =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await lockExternalCreator(trx, creator.id);
      if (!row || row.isBlocked) return null;
      const last = await latestInvitation(trx, creator.id);
      if (last && last.createdAt > windowStart) {
        refusal = 'recently-sent';
        return null;
      }
      return insertInvitation(trx, { externalCreatorId: creator.id, tokenHash, createdAt: now.toISOString(), expiresAt: expiry(now) });
    }),
  );
  if (delivery === 'refused') return { name, status: refusal };
  if (delivery === 'failed') return { name, status: 'failed' };
  await insertClaimEvents(ctx.db.kysely, [{ event: 'invitation-resent', batchId, externalCreatorId: creator.id, actorId: actor.id, actorLogin: actor.login, createdAt: now.toISOString() }]);
  return { name, status: 'sent' };
}

/** Re-sends the invitation of one creator of a batch, or of every creator with works still unclaimed there. */
export async function resendInvitations(ctx: AppContext, actor: Viewer, batchId: number, externalCreatorId: number | null): Promise<ResendResult[]> {
  const creators = await creatorsWaitingInBatch(ctx.db.kysely, batchId, externalCreatorId);
  if (externalCreatorId !== null && creators.length === 0) {
    const known = await creatorInBatch(ctx.db.kysely, batchId, externalCreatorId);
    return [{ name: known?.name ?? '', status: known ? 'nothing-waiting' : 'not-in-batch' }];
  }
  // One at a time: each mail waits for the SMTP peer, and SQLite wants short write transactions.
  const results: ResendResult[] = [];
  for (const creator of creators) results.push(await resendToCreator(ctx, actor, batchId, creator));
  return results;
}
