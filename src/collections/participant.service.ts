import type { Viewer } from '../accounts/session.service.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { invalid, ok, type AppContext, type Result } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { collectionRole, deleteParticipant, insertParticipant, participantsOf, setParticipantRole, type CollectionRole } from './collection.repository.ts';
import { owns } from './collection.policy.ts';

// A collection's people. Owners name moderators and other owners at once, as on AO3; a member
// is invited and becomes one when they accept (a name on a collection's page is theirs to give).
// A collection always keeps one owner.

export const PARTICIPANT_FIELD = 'login';

export type NewRole = 'owner' | 'moderator' | 'member';

const ROLE_WORDS: Record<CollectionRole, string> = { owner: 'an owner', moderator: 'a moderator', member: 'a member', invited: 'invited' };

export async function addParticipant(ctx: AppContext, viewer: Viewer, collectionId: number, login: string, role: NewRole): Promise<Result<{ login: string; role: CollectionRole }>> {
  return inTransaction(ctx, async (trx) => {
    if (!owns(await collectionRole(trx, collectionId, viewer.id))) return invalid({ form: 'Only the collection’s owners may change who runs it.' });
    const user = login === '' ? undefined : await findUserByLogin(trx, login);
    if (!user) return invalid({ [PARTICIPANT_FIELD]: login === '' ? 'Enter the login of the person to add.' : `There is nobody with the login “${login}”.` });
    const current = await collectionRole(trx, collectionId, user.id);
    const stored: CollectionRole = role === 'member' && current !== 'member' ? 'invited' : role;
    if (current === stored || (role === 'member' && current === 'invited')) return invalid({ [PARTICIPANT_FIELD]: `${user.login} is ${ROLE_WORDS[current!]} already.` });
    if (current === 'owner' && (await participantsOf(trx, collectionId)).filter((p) => p.role === 'owner').length === 1) {
      return invalid({ [PARTICIPANT_FIELD]: `${user.login} is the only owner: name another owner first.` });
    }
    if (current === undefined) await insertParticipant(trx, collectionId, user.id, stored, ctx.now().toISOString());
    else await setParticipantRole(trx, collectionId, user.id, stored);
    return ok({ login: user.login, role: stored });
  });
}

/** An owner removes someone, or anyone leaves; the last owner stays. */
export async function removeParticipant(ctx: AppContext, viewer: Viewer, collectionId: number, userId: number): Promise<Result<null, string>> {
  return inTransaction(ctx, async (trx) => {
    const self = viewer.id === userId;
    if (!self && !owns(await collectionRole(trx, collectionId, viewer.id))) return { ok: false, errors: 'Only the collection’s owners may remove people.' };
    const people = await participantsOf(trx, collectionId);
    const person = people.find((p) => p.userId === userId);
    if (!person) return { ok: false, errors: 'That person is not in the collection.' };
    if (person.role === 'owner' && people.filter((p) => p.role === 'owner').length === 1) return { ok: false, errors: `${person.login} is the only owner: name another owner before they go.` };
    await deleteParticipant(trx, collectionId, userId);
    return { ok: true, value: null };
  });
}

/** The invited person's answer. */
export async function answerMembership(ctx: AppContext, viewer: Viewer, collectionId: number, accept: boolean): Promise<Result<null, string>> {
  return inTransaction(ctx, async (trx) => {
    if ((await collectionRole(trx, collectionId, viewer.id)) !== 'invited') return { ok: false, errors: 'There is no invitation to answer.' };
    if (accept) await setParticipantRole(trx, collectionId, viewer.id, 'member');
    else await deleteParticipant(trx, collectionId, viewer.id);
    return { ok: true, value: null };
  });
}
