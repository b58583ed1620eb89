import { randomBytes } from 'node:crypto';
import type { Viewer } from '../accounts/session.service.ts';
import { hashToken } from '../accounts/session.service.ts';
import { findUserById } from '../accounts/user.repository.ts';
import type { AppContext } from '../context.ts';
import { creatorsWaitingAtAddress, insertInvitation } from './claim.repository.ts';
import { CLAIM_DAYS } from './invitation.service.ts';

// Claims offered on the account's own page: an account whose CONFIRMED address is an original
// creator's address is shown that creator's waiting works and may open the claim page for them
// without the mailed link. Confirming the address proved what the link proves, that the account
// reads that mailbox; an unconfirmed address is offered nothing, or anyone could sign up with a
// creator's address and collect their works.

export interface ClaimOffer {
  externalCreatorId: number;
  name: string;
  waiting: number;
}

export async function claimOffers(ctx: AppContext, viewer: Viewer): Promise<ClaimOffer[]> {
  const user = await findUserById(ctx.db.kysely, viewer.id);
  if (!user?.emailConfirmedAt) return [];
  const rows = await creatorsWaitingAtAddress(ctx.db.kysely, user.emailKey);
  return rows.map((r) => ({ externalCreatorId: r.id, name: r.name, waiting: Number(r.waiting) }));
}

/**
 * A claim link of its own for an offer the account has, made on the spot; null when the offer
 * is not (or no longer) the account's: another address, decided since, or blocked.
 */
export async function openOfferedClaim(ctx: AppContext, viewer: Viewer, externalCreatorId: number): Promise<string | null> {
  const offer = (await claimOffers(ctx, viewer)).find((o) => o.externalCreatorId === externalCreatorId);
  if (!offer) return null;
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await insertInvitation(ctx.db.kysely, { externalCreatorId, tokenHash: hashToken(token), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + CLAIM_DAYS * 86_400_000).toISOString() });
  return `/claims/${token}`;
}
