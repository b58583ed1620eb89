import type { Viewer } from '../accounts/session.service.ts';
import type { CreatorRow } from '../works/work.repository.ts';
import { shownCreators, type Anonymity } from '../works/work.visibility.ts';
import { mayDeleteComment, mayEditComment, mayViewComment, moderatesComments } from './comment.policy.ts';
import type { CommentRow } from './comment.repository.ts';

/** Threads show this many levels; deeper replies are one "continue this thread" away. */
export const SHOWN_LEVELS = 5;

/** A guest's `imported` is set on a review imported from another archive by one of its authors. */
export type Commenter = { kind: 'account'; name: string; href: string } | { kind: 'guest'; name: string; imported?: boolean } | { kind: 'gone'; name: string }
  /** A creator's comment on their own anonymous work, to a reader who may not know them (work.visibility.ts). */
  | { kind: 'anonymous'; name: string };

/** How a comment is signed: "pseud (login)", "Name (Guest)", or a deleted account. */
export function commenterOf(row: { userId: number | null; guestName: string | null; pseudName: string | null; login: string | null; externalCreatorId?: number | null }): Commenter {
  if (row.userId === null && row.guestName !== null) return row.externalCreatorId ? { kind: 'guest', name: row.guestName, imported: true } : { kind: 'guest', name: row.guestName };
  if (row.login === null) return { kind: 'gone', name: 'a deleted account' };
  const name = row.pseudName && row.pseudName !== row.login ? `${row.pseudName} (${row.login})` : row.login;
  const href = row.pseudName
    ? `/users/${encodeURIComponent(row.login)}/pseuds/${encodeURIComponent(row.pseudName)}`
    : `/users/${encodeURIComponent(row.login)}`;
  return { kind: 'account', name, href };
}

/** How a creator's comment on their own anonymous work is signed to others. */
export const ANONYMOUS_CREATOR: Commenter = { kind: 'anonymous', name: 'Anonymous Creator' };

/** Whether the comment is by one of the work's creators whom shownCreators hides from this viewer. */
function signedAsCreator(row: { userId: number | null }, context: ThreadContext): boolean {
  if (row.userId === null || !context.creators.some((c) => c.userId === row.userId && c.isApproved === 1)) return false;
  return shownCreators(context.viewer, context.work, context.creators).length === 0;
}

export interface CommentView {
  id: number;
  commenter: Commenter;
  bodyHtml: string;
  status: CommentRow['status'];
  edited: boolean;
  when: string;
  isFrozen: boolean;
  mayEdit: boolean;
  mayDelete: boolean;
  mayModerate: boolean;
  mayReply: boolean;
  replies: CommentView[];
  /** Set when replies go deeper than the thread shows. */
  continueHref: string | null;
}

export interface ThreadContext {
  viewer: Viewer | null;
  creators: CreatorRow[];
  /** Whether the work is anonymous now: its creators' comments are then signed "Anonymous Creator" to others. */
  work: Anonymity;
  /** Whether the viewer may comment on the work at all (comment.policy decideComment). */
  mayComment: boolean;
  /** Comments with replies below the last level shown. */
  deeper: Set<number>;
  /** Comments whose thread goes on past what the page shows of it (thread.service's cap). */
  cut?: Set<number>;
  /** The depth of the threads' roots; levels are counted from them. */
  rootDepth: number;
}

function present(row: CommentRow, context: ThreadContext): CommentView {
  const { viewer, creators } = context;
  const lastLevel = row.depth - context.rootDepth === SHOWN_LEVELS - 1;
  return {
    id: row.id,
    commenter: signedAsCreator(row, context) ? ANONYMOUS_CREATOR : commenterOf(row),
    bodyHtml: row.body,
    status: row.status,
    edited: row.editedAt !== null,
    when: row.createdAt.slice(0, 16).replace('T', ' '),
    isFrozen: row.isFrozen === 1,
    mayEdit: mayEditComment(viewer, row),
    mayDelete: mayDeleteComment(viewer, row, creators),
    mayModerate: moderatesComments(viewer, creators),
    mayReply: context.mayComment && row.status === 'published' && row.isFrozen === 0,
    replies: [],
    continueHref: (lastLevel && context.deeper.has(row.id)) || context.cut?.has(row.id) ? `/comments/${row.id}` : null,
  };
}

/**
 * Rows in path order (one range read) to nested views. A comment the viewer may not see
 * (waiting for approval, marked as spam) is left out with everything below it.
 */
export function buildThreads(rows: CommentRow[], context: ThreadContext): CommentView[] {
  const roots: CommentView[] = [];
  const shown = new Map<number, CommentView>();
  for (const row of rows) {
    if (row.depth - context.rootDepth >= SHOWN_LEVELS) continue;
    if (!mayViewComment(context.viewer, row, context.creators)) continue;
    const view = present(row, context);
    if (row.depth === context.rootDepth) roots.push(view);
    else {
      const parent = row.parentId === null ? undefined : shown.get(row.parentId);
      if (!parent) continue;
      parent.replies.push(view);
    }
    shown.set(row.id, view);
  }
  return roots;
}
