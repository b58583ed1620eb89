import type { Viewer } from '../accounts/session.service.ts';
import { isUniqueViolation } from '../accounts/user.service.ts';
import { findDefaultPseud, findOwnPseud, findUserById } from '../accounts/user.repository.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import type { Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { htmlToText, toStoredHtml } from '../text/html.ts';
import { counted } from '../text/plural.ts';
import { screenComment } from './comment.screen.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { addressKey } from './guest.key.ts';
import {
  addToCommentCount,
  ancestorsFrozen,
  deleteCommentRow,
  findComment,
  hasReplies,
  insertComment,
  nameIsRegistered,
  nextPath,
  setThreadFrozen,
  updateWorkCommentSettings,
  updateCommentIfStatus,
  type CommentRow,
  type CommentStatus,
} from './comment.repository.ts';
import { markReplied } from './inbox.repository.ts';
import { insertNotifications, type NewNotification } from './notification.repository.ts';
import { tellOfComment } from './feedback.news.ts';
import { loadMailTokenSecret } from '../mail/mail.token.ts';
import { decideComment, type CommentDecision, type CommentPermission } from './comment.policy.ts';

/** Who writes a comment, with the address it came from (only its keyed hash is kept). */
export type CommentAuthor = { kind: 'account'; viewer: Viewer; pseudId: number | null; address: string } | { kind: 'guest'; name: string; email: string; address: string };

export interface NewCommentInput {
  work: Pick<Work, 'id' | 'moderateComments'>;
  creators: CreatorRow[];
  chapterId: number;
  parent: CommentRow | null;
  author: CommentAuthor;
  /** As typed: plain text or HTML. */
  body: string;
}

/**
 * The status of a new or edited comment: the one place it is decided. A creator's own comment
 * on their work is published. Anyone else's passes the screen first (comment.screen.ts: the
 * rate limits, then the spam checker), whose "hold" waits for approval and whose "spam" is
 * hidden as spam; then moderation holds it for the creators' approval, and so does an edit
 * that changes more than a little of a comment on a moderated work. Too many comments too
 * fast is a refusal: nothing is stored, and the form keeps the text.
 */
async function decideStatus(
  ctx: AppContext,
  q: { work: Pick<Work, 'id' | 'moderateComments'>; byCreator: boolean; userId: number | null; addressKey: string; body: string; edit?: { before: string; wasPublished: boolean } },
): Promise<Result<CommentStatus>> {
  if (q.byCreator) return ok('published');
  const changed = q.edit ? changedMuch(q.edit.before, q.body) : true;
  if (changed) {
    const user = q.userId !== null ? await findUserById(ctx.db.kysely, q.userId) : undefined;
    const screen = await screenComment(ctx, { kind: q.edit ? 'edit' : 'new', workId: q.work.id, userId: q.userId, accountCreatedAt: user?.createdAt ?? null, addressKey: q.addressKey, body: q.body });
    if (screen.verdict === 'limited') return invalid({ [RATE_LIMITED]: `You are posting comments too quickly. Wait ${counted(screen.retryAfterSeconds, 'second')} and send it again; your text is kept below.` });
    if (screen.verdict === 'spam') return ok('spam');
    if (screen.verdict === 'hold') return ok('pending');
  }
  if (q.work.moderateComments !== 1) return ok('published');
  if (q.edit) return ok(q.edit.wasPublished && !changed ? 'published' : 'pending');
  return ok('pending');
}

/** The error key of a comment refused for coming too fast (answered 429). */
export const RATE_LIMITED = 'rate_limited';

/**
 * "More than a little": more than a tenth of the text (and more than 20 characters) differs
 * between what stays the same at its start and at its end. Linear, and right for the common
 * edits: a typo fixed, a sentence added at the end, the whole replaced.
 */
export function changedMuch(before: string, after: string): boolean {
  const a = htmlToText(before);
  const b = htmlToText(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const changed = Math.max(a.length, b.length) - start - end;
  return changed > 20 && changed > a.length / 10;
}

/** Whom a new comment is news for: the work's creators, and the writer of the comment answered. */
function eventsFor(input: NewCommentInput, commentId: number, status: CommentStatus, now: string): NewNotification[] {
  const writer = input.author.kind === 'account' ? input.author.viewer.id : null;
  const rows: NewNotification[] = [];
  for (const creator of input.creators) {
    if (creator.isApproved === 1 && creator.userId !== writer && !rows.some((r) => r.userId === creator.userId)) {
      rows.push({ userId: creator.userId, kind: 'comment', workId: input.work.id, commentId, createdAt: now });
    }
  }
  // A reply waiting for approval reaches the writer it answers only once approved.
  const answered = input.parent?.userId ?? null;
  if (status === 'published' && answered !== null && answered !== writer && !rows.some((r) => r.userId === answered)) {
    rows.push({ userId: answered, kind: 'reply', workId: input.work.id, commentId, createdAt: now });
  }
  return rows;
}

/**
 * Whether this viewer may post a comment, or a reply to `parent`: who may comment on the work
 * (comment.policy.ts), no reply in a frozen thread, and none to a comment not yet published.
 * Asked by the comment form and by replies that come by mail alike.
 */
export async function decideAnswer(db: Queryable, viewer: Viewer | null, work: Parameters<typeof decideComment>[1], creators: CreatorRow[], parent: CommentRow | null): Promise<CommentDecision | 'unpublished'> {
  const frozen = parent ? parent.isFrozen === 1 || (await ancestorsFrozen(db, parent.chapterId, parent.path)) : false;
  const decision = decideComment(viewer, work, creators, frozen);
  if (decision !== 'allowed') return decision;
  return parent && parent.status !== 'published' ? 'unpublished' : 'allowed';
}

export async function postComment(ctx: AppContext, input: NewCommentInput): Promise<Result<{ commentId: number; status: CommentStatus }>> {
  const db = ctx.db.kysely;
  const { author } = input;
  let pseudId: number | null = null;
  if (author.kind === 'account') {
    const pseud = author.pseudId !== null ? await findOwnPseud(db, author.viewer.id, author.pseudId) : await findDefaultPseud(db, author.viewer.id);
    if (!pseud) return invalid({ pseud_id: 'Choose one of your own pseuds.' });
    pseudId = pseud.id;
  } else if (await nameIsRegistered(db, author.name)) {
    return invalid({ name: 'That name belongs to a registered user: choose another, or log in to comment as yourself.' });
  }
  const byCreator = author.kind === 'account' && input.creators.some((c) => c.userId === author.viewer.id && c.isApproved === 1);
  const key = await addressKey(ctx, author.address);
  const body = toStoredHtml(input.body);
  const decided = await decideStatus(ctx, { work: input.work, byCreator, userId: author.kind === 'account' ? author.viewer.id : null, addressKey: key, body });
  if (!decided.ok) return decided;
  const status = decided.value;
  await loadMailTokenSecret(ctx);
  // Two replies to one comment at once may read the same last sibling; the unique path key
  // refuses the second, which then reads again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (trx) => {
        const now = ctx.now().toISOString();
        const parentPath = input.parent?.path ?? '';
        const commentId = await insertComment(trx, {
          workId: input.work.id,
          chapterId: input.chapterId,
          parentId: input.parent?.id ?? null,
          path: await nextPath(trx, input.chapterId, parentPath),
          depth: input.parent ? input.parent.depth + 1 : 0,
          userId: author.kind === 'account' ? author.viewer.id : null,
          pseudId,
          guestName: author.kind === 'guest' ? author.name : null,
          guestEmail: author.kind === 'guest' ? author.email : null,
          addressKey: key,
          body,
          status,
          editedAt: null,
          createdAt: now,
          updatedAt: now,
        });
        if (status === 'published') await addToCommentCount(trx, input.work.id, 1);
        const events = eventsFor(input, commentId, status, now);
        await insertNotifications(trx, events);
        await tellOfComment(ctx, trx, commentId, events);
        if (input.parent && author.kind === 'account') await markReplied(trx, author.viewer.id, input.parent.id);
        return ok({ commentId, status });
      });
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

async function moveCount(db: Queryable, workId: number, before: CommentStatus, after: CommentStatus): Promise<void> {
  await addToCommentCount(db, workId, (after === 'published' ? 1 : 0) - (before === 'published' ? 1 : 0));
}

export async function editComment(ctx: AppContext, comment: CommentRow, work: Pick<Work, 'id' | 'moderateComments'>, creators: CreatorRow[], typed: string, address: string): Promise<Result<{ status: CommentStatus }>> {
  const body = toStoredHtml(typed);
  const byCreator = creators.some((c) => c.userId === comment.userId && c.isApproved === 1);
  const decided = await decideStatus(ctx, { work, byCreator, userId: comment.userId, addressKey: await addressKey(ctx, address), body, edit: { before: comment.body, wasPublished: comment.status === 'published' } });
  if (!decided.ok) return decided;
  const status = decided.value;
  return inTransaction(ctx, async (trx) => {
    const now = ctx.now().toISOString();
    // A creator may have marked it as spam (or approved it) since the form was read.
    if (!(await updateCommentIfStatus(trx, comment.id, comment.status, { body, status, editedAt: now, updatedAt: now }))) {
      return invalid({ [CHANGED_MEANWHILE]: 'This comment was changed by the work’s creators while you edited it, so your edit was not saved. Your text is kept below.' });
    }
    await moveCount(trx, comment.workId, comment.status, status);
    return ok({ status });
  });
}

/** The error key of an edit whose comment changed status under it (answered 409). */
export const CHANGED_MEANWHILE = 'changed';

/** A comment with replies stays as "(Previous comment deleted.)" so its thread holds; one without goes. */
export async function deleteComment(ctx: AppContext, comment: CommentRow): Promise<boolean> {
  return inTransaction(ctx, async (trx) => {
    // Marked deleted first, if still as read: of two deletes at once, one deletes.
    if (!(await updateCommentIfStatus(trx, comment.id, comment.status, { body: '', status: 'deleted', updatedAt: ctx.now().toISOString() }))) return ok(false);
    if (!(await hasReplies(trx, comment.id))) await deleteCommentRow(trx, comment.id);
    await moveCount(trx, comment.workId, comment.status, 'deleted');
    return ok(true);
  }).then((r) => (r.ok ? r.value : false));
}

export type ModerationAction = 'approve' | 'spam' | 'not_spam' | 'freeze' | 'unfreeze';

/**
 * The creators' actions. Spam hides the comment and learns nothing, so "not spam" undoes it
 * whole: the comment is shown again (the creator who says so has approved it).
 */
export async function moderateComment(ctx: AppContext, comment: CommentRow, action: ModerationAction): Promise<boolean> {
  await loadMailTokenSecret(ctx);
  const result = await inTransaction(ctx, async (trx) => {
    const now = ctx.now().toISOString();
    if (action === 'freeze' || action === 'unfreeze') {
      await setThreadFrozen(trx, comment.chapterId, comment.path, action === 'freeze', now);
      return ok(true);
    }
    // Each action from the statuses it applies to (a deleted comment is never brought back),
    // and only if the comment is still as the creator saw it.
    if (!MODERATED_FROM[action].includes(comment.status)) return ok(false);
    const status: CommentStatus = action === 'spam' ? 'spam' : 'published';
    if (!(await updateCommentIfStatus(trx, comment.id, comment.status, { status, updatedAt: now }))) return ok(false);
    await moveCount(trx, comment.workId, comment.status, status);
    if (status === 'published' && comment.parentId !== null) {
      const parent = await findComment(trx, comment.parentId);
      // The parent's writer learns of the reply now; a creator already has its event (the unique key keeps one).
      if (parent?.userId != null && parent.userId !== comment.userId) {
        const events: NewNotification[] = [{ userId: parent.userId, kind: 'reply', workId: comment.workId, commentId: comment.id, createdAt: now }];
        await insertNotifications(trx, events);
        await tellOfComment(ctx, trx, comment.id, events);
      }
    }
    return ok(true);
  });
  return result.ok && result.value;
}

const MODERATED_FROM: Record<'approve' | 'spam' | 'not_spam', CommentStatus[]> = {
  approve: ['pending'],
  spam: ['published', 'pending'],
  not_spam: ['spam'],
};

export async function saveCommentSettings(ctx: AppContext, workId: number, settings: { permission: CommentPermission; moderate: boolean }): Promise<void> {
  await updateWorkCommentSettings(ctx.db.kysely, workId, settings.permission, settings.moderate);
}
