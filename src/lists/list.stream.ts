import type { MailStream } from '../mail/stream.types.ts';
import { endMembership, findListById, findMemberById, setMemberDigest } from './list.repository.ts';

/**
 * "list:<memberId>": every message of a list to one member (its posts, digests, the welcome).
 * Unsubscribing ends the membership; joining again asks for a new confirmation.
 */
export const listStream: MailStream = {
  async describe(ctx, target) {
    const member = /^\d{1,10}$/.test(target) ? await findMemberById(ctx.db.kysely, Number(target)) : undefined;
    const list = member ? await findListById(ctx.db.kysely, member.listId) : undefined;
    return list ? `mail from the ${list.name} list` : null;
  },
  async end(ctx, target) {
    if (!/^\d{1,10}$/.test(target)) return false;
    return endMembership(ctx.db.kysely, Number(target), ctx.now().toISOString());
  },
  // A member is an address without an account, so the message's own link is where they choose
  // between each post and the daily digest. A switch counts from the next post or digest.
  async alternative(ctx, target) {
    const member = /^\d{1,10}$/.test(target) ? await findMemberById(ctx.db.kysely, Number(target)) : undefined;
    const list = member?.status === 'active' ? await findListById(ctx.db.kysely, member.listId) : undefined;
    if (!member || !list) return null;
    const toDigest = member.digest === 0;
    return {
      offer: toDigest ? 'Get one digest a day instead' : 'Get each post as it is made instead',
      apply: async () => {
        await setMemberDigest(ctx.db.kysely, member.id, toDigest);
        return toDigest ? `${member.address} will get one digest a day of the ${list.name} list, from the next one.` : `${member.address} will get each post of the ${list.name} list as it is made.`;
      },
    };
  },
};
