import type { Viewer } from '../accounts/session.service.ts';
import type { Comment, Work } from '../db/schema.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { decideRead, isCreator, type ReadDecision } from '../works/work.visibility.ts';

// Who may comment, and who may see, change or remove a comment: decided here and nowhere else.
// Reading comes first (work.visibility.ts): a comment on a work the reader cannot see does
// not exist for them.

export type CommentPermission = 'everyone' | 'registered' | 'nobody';
export const COMMENT_PERMISSIONS: CommentPermission[] = ['registered', 'everyone', 'nobody'];

type CommentableWork = Pick<Work, 'isDraft' | 'isRestricted' | 'hiddenAt' | 'inUnrevealedCollection' | 'commentPermission'>;

export type CommentDecision = ReadDecision | 'draft' | 'hidden' | 'closed' | 'registered-only' | 'frozen';

/** Whether this viewer may add a comment (or, with `frozen`, a reply) to the work. */
export function decideComment(viewer: Viewer | null, work: CommentableWork, creators: CreatorRow[], frozen = false): CommentDecision {
  const read = decideRead(viewer, work, creators);
  if (read !== 'allowed') return read;
  if (work.isDraft === 1) return 'draft';
  if (work.hiddenAt !== null) return 'hidden';
  if (work.commentPermission === 'nobody') return 'closed';
  if (viewer === null && work.commentPermission !== 'everyone') return 'registered-only';
  if (frozen) return 'frozen';
  return 'allowed';
}

/** The work's creators run its comments: approve, freeze, mark as spam, delete any, change the settings. */
export function moderatesComments(viewer: Viewer | null, creators: CreatorRow[]): boolean {
  return isCreator(viewer, creators);
}

export function ownsComment(viewer: Viewer | null, comment: Pick<Comment, 'userId'>): boolean {
  return viewer !== null && comment.userId !== null && comment.userId === viewer.id;
}

/**
 * Who sees a comment that is not simply published: one waiting for approval, its writer and
 * the work's creators; one marked as spam, the creators (to undo it); a deleted one is shown to
 * all as "(Previous comment deleted.)" so its replies keep their place.
 */
export function mayViewComment(viewer: Viewer | null, comment: Pick<Comment, 'status' | 'userId'>, creators: CreatorRow[]): boolean {
  if (comment.status === 'published' || comment.status === 'deleted') return true;
  if (moderatesComments(viewer, creators)) return true;
  return comment.status === 'pending' && ownsComment(viewer, comment);
}

/** Editing is the writer's alone (a guest cannot come back to theirs), and not of a deleted comment. */
export function mayEditComment(viewer: Viewer | null, comment: Pick<Comment, 'status' | 'userId'>): boolean {
  return comment.status !== 'deleted' && comment.status !== 'spam' && ownsComment(viewer, comment);
}

export function mayDeleteComment(viewer: Viewer | null, comment: Pick<Comment, 'status' | 'userId'>, creators: CreatorRow[]): boolean {
  return comment.status !== 'deleted' && (ownsComment(viewer, comment) || moderatesComments(viewer, creators));
}
