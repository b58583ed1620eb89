import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import { ANONYMOUS_CREATOR, commenterOf, type Commenter } from './comment.presenter.ts';
import { countUnread, deleteNotifications, listInbox, setRead, type InboxFilter, type InboxRow } from './inbox.repository.ts';

export const INBOX_PER_PAGE = 20;
/** The header reads the unread count this far ("99+" beyond). */
export const UNREAD_CAP = 100;

export interface InboxItem {
  id: number;
  kind: 'comment' | 'reply';
  isRead: boolean;
  isReplied: boolean;
  isPending: boolean;
  commentId: number;
  commenter: Commenter;
  bodyHtml: string;
  edited: boolean;
  when: string;
  /** "Title" or "Chapter 2 of Title". */
  placeLabel: string;
  chapterHref: string;
  commentHref: string;
  mayReply: boolean;
}

export function presentInboxRow(row: InboxRow): InboxItem {
  const multiChapter = row.chapterCount > 1;
  return {
    id: row.id,
    kind: row.kind === 'reply' ? 'reply' : 'comment',
    isRead: row.isRead === 1,
    isReplied: row.isReplied === 1,
    isPending: row.status === 'pending',
    commentId: row.commentId,
    // A creator answering on their anonymous work is not named in a reader's inbox (work.visibility.ts).
    commenter: row.inAnonCollection === 1 && Number(row.byCreator) === 1 ? ANONYMOUS_CREATOR : commenterOf(row),
    bodyHtml: row.body,
    edited: row.editedAt !== null,
    when: row.commentedAt.slice(0, 16).replace('T', ' '),
    placeLabel: multiChapter ? `Chapter ${row.chapterPosition} of ${row.workTitle}` : row.workTitle,
    chapterHref: multiChapter ? `/works/${row.workId}/chapters/${row.chapterId}` : `/works/${row.workId}`,
    // A reply is read under the comment it answers.
    commentHref: row.parentId !== null ? `/comments/${row.parentId}#comment-${row.commentId}` : `/comments/${row.commentId}`,
    mayReply: row.status === 'published',
  };
}

export async function inboxPage(ctx: AppContext, viewer: Viewer, filter: InboxFilter, page: number): Promise<{ items: InboxItem[]; total: number; pageCount: number }> {
  const { rows, total } = await listInbox(ctx.db.kysely, viewer.id, filter, INBOX_PER_PAGE, (page - 1) * INBOX_PER_PAGE);
  return { items: rows.map(presentInboxRow), total, pageCount: Math.max(1, Math.ceil(total / INBOX_PER_PAGE)) };
}

export type InboxAction = 'read' | 'unread' | 'delete';

/** Applies the action to those of `ids` that are the viewer's own; how many changed. */
export async function changeInbox(ctx: AppContext, viewer: Viewer, action: InboxAction, ids: number[]): Promise<number> {
  const db = ctx.db.kysely;
  if (action === 'delete') return deleteNotifications(db, viewer.id, ids);
  return setRead(db, viewer.id, ids, action === 'read');
}

export function unreadCount(ctx: AppContext, viewer: Viewer): Promise<number> {
  return countUnread(ctx.db.kysely, viewer.id, UNREAD_CAP);
}
