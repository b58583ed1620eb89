import type { Viewer } from '../accounts/session.service.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { invalid, ok, type AppContext, type Result } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { addWorkWithin } from '../collections/collection.service.ts';
import { findCollectionById, findItem } from '../collections/collection.repository.ts';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { presentWorks, type WorkSummaryView } from '../works/work.presenter.ts';
import { isCreator } from '../works/work.visibility.ts';
import { findAssignment, findGift, findGiftOfWork, findSettings, giftedWorks, insertAssignment, insertGift, isPinchHitter, setAssignment, setGiftRefused, signupById } from './exchange.repository.ts';
import { assignmentMail } from './exchange.matching.ts';
import { isModerator, promptsOf } from './exchange.service.ts';

// After the assignments go out: a giver defaults or posts the gift; moderators give a
// defaulted assignment to a pinch hitter; a recipient may refuse a gift, and has a page of
// the gifts they were given.

/** The giver drops their assignment; its recipient waits for a pinch hitter. */
export async function defaultAssignment(ctx: AppContext, viewer: Viewer, assignmentId: number): Promise<Result<{ collectionName: string }>> {
  return inTransaction(ctx, async (trx) => {
    const assignment = await findAssignment(trx, assignmentId);
    if (!assignment || assignment.giverUserId !== viewer.id) return invalid({ form: 'That is not one of your assignments.' });
    if (assignment.status === 'defaulted' || assignment.status === 'covered') return invalid({ form: 'You have defaulted on this assignment already.' });
    if (assignment.status === 'fulfilled') return invalid({ form: 'This gift has been posted: there is nothing to default on.' });
    await setAssignment(trx, assignment.id, { status: 'defaulted', defaultedAt: ctx.now().toISOString() });
    return ok({ collectionName: assignment.collectionName });
  });
}

/** A moderator gives a defaulted assignment's recipient to a volunteer, who is mailed the requests. */
export async function givePinchHit(ctx: AppContext, viewer: Viewer, collectionId: number, assignmentId: number, login: string): Promise<Result<{ assignmentId: number }>> {
  return inTransaction(ctx, async (trx) => {
    if (!(await isModerator(trx, collectionId, viewer))) return invalid({ form: 'Only the challenge’s moderators may do that.' });
    const assignment = await findAssignment(trx, assignmentId);
    if (!assignment || assignment.collectionId !== collectionId) return invalid({ form: 'There is no such assignment.' });
    if (assignment.status !== 'defaulted') return invalid({ login: assignment.status === 'covered' ? 'A pinch hitter has this assignment already.' : 'Only a defaulted assignment goes to a pinch hitter.' });
    const user = await findUserByLogin(trx, login);
    if (!user) return invalid({ login: `There is no user “${login}”.` });
    if (!(await isPinchHitter(trx, collectionId, user.id))) return invalid({ login: `${user.login} has not offered to pinch hit.` });
    if (user.id === assignment.recipientUserId) return invalid({ login: `${user.login} is the recipient: nobody writes their own gift.` });
    if (user.id === assignment.giverUserId) return invalid({ login: `${user.login} defaulted on this assignment.` });
    const collection = (await findCollectionById(trx, collectionId))!;
    const settings = (await findSettings(trx, collectionId))!;
    const signup = (await signupById(trx, assignment.recipientSignupId))!;
    await setAssignment(trx, assignment.id, { status: 'covered' });
    const id = await insertAssignment(trx, { collectionId, giverUserId: user.id, recipientSignupId: assignment.recipientSignupId, score: 0, status: 'sent', isPinchHit: 1, sentAt: ctx.now().toISOString() });
    await queueMail(ctx, trx, [
      assignmentMail(ctx, collection, settings, { id, key: `exchange:${collectionId}:pinch:${assignment.id}`, giverLogin: user.login, giverEmail: user.email, giverUserId: user.id, recipientLogin: signup.login, requests: promptsOf(signup.requests), pinchHit: true }),
    ]);
    return ok({ assignmentId: id });
  });
}

/**
 * The giver names the work that fulfils their assignment: it joins the collection (the core's
 * rules: closed, word rule, moderation) and becomes a gift to the recipient, in one transaction, so
 * a gift refused at any step leaves the work out of the collection. A work already in the
 * collection is taken as it is.
 */
export async function fulfilAssignment(ctx: AppContext, viewer: Viewer, assignmentId: number, workId: number): Promise<Result<{ giftId: number }>> {
  return inTransaction(ctx, async (trx) => {
    const assignment = await findAssignment(trx, assignmentId);
    if (!assignment || assignment.giverUserId !== viewer.id) return invalid({ form: 'That is not one of your assignments.' });
    const work = await findWork(trx, workId);
    if (!work || !isCreator(viewer, await creatorsOfWorks(trx, [workId]))) return invalid({ workId: 'Name a work of your own.' });
    if (assignment.status !== 'sent') return invalid({ form: assignment.status === 'fulfilled' ? 'This assignment has its gift already.' : 'You defaulted on this assignment: it is no longer yours to fill.' });
    if (!(await findItem(trx, assignment.collectionId, workId))) {
      const added = await addWorkWithin(ctx, trx, viewer, workId, assignment.collectionName);
      if (!added.ok) return invalid({ workId: Object.values(added.errors)[0] ?? 'The work could not join the collection.' });
    }
    // One gift per work and recipient (gifts_work_recipient_key): the same work for the same person in a second exchange.
    if (await findGiftOfWork(trx, workId, assignment.recipientUserId)) return invalid({ workId: `This work is a gift to ${assignment.recipientLogin} already: name another.` });
    const giftId = await insertGift(trx, { workId, recipientUserId: assignment.recipientUserId, recipientName: assignment.recipientLogin, assignmentId, createdAt: ctx.now().toISOString() });
    await setAssignment(trx, assignment.id, { status: 'fulfilled', workId });
    return ok({ giftId });
  });
}

/** The recipient refuses a gift: its line goes from the work's page; the work stays. */
export async function refuseGift(ctx: AppContext, viewer: Viewer, giftId: number): Promise<Result<{ workId: number }>> {
  return inTransaction(ctx, async (trx) => {
    const gift = await findGift(trx, giftId);
    if (!gift || gift.refusedAt !== null) return invalid({ form: 'That gift is gone already.' });
    if (gift.recipientUserId !== viewer.id) return invalid({ form: 'Only the recipient of a gift may refuse it.' });
    await setGiftRefused(trx, gift.id, ctx.now().toISOString());
    return ok({ workId: gift.workId });
  });
}

export const GIFTS_PER_PAGE = 20;

/**
 * One page of the works given to `recipientUserId` (those refused, for the recipient's own page
 * of them), as blurbs: listedWorks decides which works are listed to this viewer and the blurbs
 * name creators as shownCreators does, so an anonymous gift is by "Anonymous" here too.
 */
export async function giftsToUser(
  ctx: AppContext,
  viewer: Viewer | null,
  recipientUserId: number,
  input: { refused: boolean; page: number },
): Promise<{ works: WorkSummaryView[]; total: number; pageCount: number }> {
  const db = ctx.db.kysely;
  const query = { recipientUserId, refused: input.refused, loggedIn: viewer !== null };
  const { works, total } = await giftedWorks(db, query, GIFTS_PER_PAGE, (input.page - 1) * GIFTS_PER_PAGE);
  return { works: await presentWorks(db, works, viewer), total, pageCount: Math.max(1, Math.ceil(total / GIFTS_PER_PAGE)) };
}
