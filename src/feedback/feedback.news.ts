import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { mailToken, tokenAddress } from '../mail/mail.token.ts';
import { deliverNews, type NewsItem } from '../news/news.delivery.ts';
import { htmlToText } from '../text/html.ts';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { shownCreators } from '../works/work.visibility.ts';
import { ANONYMOUS_CREATOR, commenterOf } from './comment.presenter.ts';
import { findComment } from './comment.repository.ts';
import { markMailed, notificationIdsOf, type NewNotification } from './notification.repository.ts';

// What comments, replies and kudos tell by mail. Called inside the event's transaction, after
// its inbox rows are written; deliverNews (src/news) applies the guard and each reader's choice
// (each, daily, none). A mail of its own about a comment carries a Reply-To naming the inbox
// event (reply+TOKEN@): the event says which comment is answered and by whom, so the answer
// can be posted as that reader's reply (reply.mail.service.ts).
// notifications.mailed_at says when an event was handed to mail (its own message queued, or its
// line put in the digest); it stays empty for a reader who chose none or has no confirmed address.

const PREFIX = '[Records Room]';
const HOW_TO_ANSWER = 'what you write above the quoted text is posted as your reply.';

/** The mail of a comment's inbox events (comment.service.ts writes them; it loads the token secret first: loadMailTokenSecret). */
export async function tellOfComment(ctx: AppContext, db: Queryable, commentId: number, events: NewNotification[]): Promise<void> {
  const comment = await findComment(db, commentId);
  // Spam is hidden from everyone but the creators, who find it on the site; nobody is told of their own comment.
  const told = events.filter((event) => event.userId !== comment?.userId);
  if (!comment || comment.status === 'spam' || comment.status === 'deleted' || told.length === 0) return;
  const work = await findWork(db, comment.workId);
  if (!work) return;
  const ids = await notificationIdsOf(db, commentId, told.map((event) => event.userId));
  const creators = await creatorsOfWorks(db, [work.id]);
  const byCreator = comment.userId !== null && creators.some((c) => c.userId === comment.userId && c.isApproved === 1);
  const base = ctx.config.baseUrl;
  const link = `${base}/comments/${comment.id}`;
  const body = htmlToText(comment.body);
  // Without the inbound listener a reply address would lead nowhere: the mail says to use the site.
  const answerable = ctx.config.inboundSmtpPort !== null;
  const mailed: number[] = [];
  for (const event of told) {
    const id = ids.get(event.userId);
    if (id === undefined) continue;
    const isReply = event.kind === 'reply';
    // A creator's comment on their anonymous work names them only to those shownCreators shows them to.
    const hidden = byCreator && shownCreators({ id: event.userId, role: 'user' }, work, creators).length === 0;
    const who = hidden ? ANONYMOUS_CREATOR.name : commenterName(comment);
    const what = isReply ? `replied to your comment on "${work.title}"` : `commented on "${work.title}"`;
    const waiting = comment.status === 'pending' ? `\nIt waits for your approval before anyone else sees it: approve it at ${link}\n` : '';
    const text = [
      `${who} ${what}:`,
      waiting,
      indent(body),
      '',
      `Read it on the site: ${link}`,
      `Reply on the site: ${link}#comment-form`,
      '',
      ...(answerable ? [comment.status === 'pending' ? `Once it is approved, you can also answer this mail: ${HOW_TO_ANSWER}` : `Or answer this mail: ${HOW_TO_ANSWER}`, ''] : []),
    ].join('\n');
    const item: NewsItem = {
      userId: event.userId,
      kind: isReply ? 'reply' : 'comment',
      key: `comment:${comment.id}:user:${event.userId}`,
      workId: work.id,
      subject: `${PREFIX} ${isReply ? 'Reply to your comment' : 'Comment'} on "${work.title}"`,
      text,
      line: `${who} ${what}${comment.status === 'pending' ? ' (it waits for your approval)' : ''}: ${link}`,
      ...(answerable ? { replyTo: tokenAddress(ctx, 'reply', await mailToken(ctx, 'reply', id)) } : {}),
    };
    // One at a time, so the count says whether this event was mailed (a comment tells a few people).
    const count = await deliverNews(ctx, db, [item]);
    if (count.mailed + count.digested > 0) mailed.push(id);
  }
  await markMailed(db, mailed, ctx.now().toISOString());
}

/** Kudos on a work, told to its creators (not to one who left them); guests' kudos count too. */
export async function tellOfKudos(
  ctx: AppContext,
  db: Queryable,
  kudos: { id: number; work: { id: number; title: string }; userId: number | null; giverName: string | null },
  creatorIds: number[],
): Promise<void> {
  const told = [...new Set(creatorIds)].filter((id) => id !== kudos.userId);
  if (told.length === 0) return;
  const { work } = kudos;
  const link = `${ctx.config.baseUrl}/works/${work.id}`;
  const line = `${kudos.userId !== null ? (kudos.giverName ?? 'Someone') : 'A guest'} left kudos on "${work.title}"`;
  await deliverNews(
    ctx,
    db,
    told.map((userId) => ({
      userId,
      kind: 'kudos' as const,
      key: `kudos:${kudos.id}:user:${userId}`,
      workId: work.id,
      subject: `${PREFIX} Kudos on "${work.title}"`,
      text: `${line}.\n\n${link}\n`,
      line: `${line}: ${link}`,
    })),
  );
}

/** As the comment is signed on the site; a guest's address is never part of it. */
function commenterName(comment: Parameters<typeof commenterOf>[0]): string {
  const commenter = commenterOf(comment);
  return commenter.kind === 'guest' ? `${commenter.name} (Guest)` : commenter.name;
}

/** The comment as a block set off from the lines around it. */
function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `    ${line}`))
    .join('\n');
}
