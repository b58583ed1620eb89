import type { MailStream } from '../mail/stream.types.ts';
import { endMembership, findListById, findMemberById } from './list.repository.ts';

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
};
