import type { Viewer } from '../accounts/session.service.ts';
import { findUserById } from '../accounts/user.repository.ts';
import type { AppContext } from '../context.ts';
import type { User } from '../db/schema.ts';
import { checkDmarc, type DmarcSession } from '../mail/dmarc.check.ts';
import { readReply } from '../mail/reply.text.ts';
import { toStoredHtml } from '../text/html.ts';
import { validateForm } from '../web/forms.tsx';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { findComment, hasSameReply, type CommentRow } from './comment.repository.ts';
import { commentFormSchema } from './comment.schema.ts';
import { decideAnswer, postComment, RATE_LIMITED } from './comment.service.ts';
import { COMMENT_REFUSALS, UNPUBLISHED } from './comment.views.tsx';
import { findNotification } from './notification.repository.ts';

// Replies by mail (issue 13). A comment's mail carries Reply-To reply+TOKEN@, the token naming
// the inbox event it told of (feedback.news.ts), so the event says whose answer it is and to
// which comment. The listener asks here twice: at RCPT, whether the event still stands and the
// envelope sender is the reader's own confirmed address (refused during the conversation, so
// nothing bounces later); at DATA, the same again, DMARC and the From header, then the text, and the
// answer goes through the comment service as a reply typed on the site would (who may comment,
// frozen threads, moderation, rate limits, length). A refusal is an SMTP error whose text says
// why: the sender's own mail server hands it back to them.

export interface MailRefusal {
  /** 550 for what sending again will not change, 451 for what waiting will. */
  code: 550 | 451;
  /** The enhanced status code (RFC 3463). */
  status: string;
  message: string;
}

const refusal = (code: MailRefusal['code'], status: string, message: string): MailRefusal => ({ code, status, message: ascii(message) });

/** The reader, the comment answered and its work, when a reply from `sender` may be taken for event `notificationId`. */
async function answerable(ctx: AppContext, notificationId: number, sender: string | null): Promise<MailRefusal | { user: User; parent: CommentRow }> {
  const db = ctx.db.kysely;
  const event = await findNotification(db, notificationId);
  const parent = event?.commentId != null ? await findComment(db, event.commentId) : undefined;
  // A comment deleted without replies takes its events with it; one with replies stays as "deleted".
  if (!event || !parent || parent.status === 'deleted') return refusal(550, '5.1.1', 'The comment this mail answers has been deleted: nothing was posted.');
  const user = await findUserById(db, event.userId);
  if (!user) return refusal(550, '5.1.1', 'The account this reply address was made for no longer exists: nothing was posted.');
  // The address is never named: the refusal goes back to whoever sent the mail.
  if (user.emailConfirmedAt === null || sender === null || sender.trim().toLowerCase() !== user.email.toLowerCase()) {
    return refusal(550, '5.7.1', 'Replies to this address are taken only from the confirmed address of the account the notification was sent to: nothing was posted.');
  }
  return { user, parent };
}

/** At RCPT TO: null when a reply from this envelope sender may be taken. */
export async function checkReplyAddress(ctx: AppContext, notificationId: number, sender: string | null): Promise<MailRefusal | null> {
  const found = await answerable(ctx, notificationId, sender);
  return 'code' in found ? found : null;
}

/** At DATA: posts the answer as the reader's reply; null once posted (or held for approval), else why not. */
export async function receiveReply(ctx: AppContext, notificationId: number, client: DmarcSession, raw: Buffer): Promise<MailRefusal | null> {
  const found = await answerable(ctx, notificationId, client.sender || null);
  if ('code' in found) return found;
  const { user, parent } = found;
  const reply = readReply(raw);
  // An out-of-office answer is taken and dropped: refusing it would only make more mail.
  if (reply.automatic) return null;
  // The token is the main proof (only the reader's mailbox has it); DMARC, as post by mail asks
  // it, keeps a leaked token from being used with a forged From of a domain that publishes a policy.
  const dmarc = await checkDmarc(ctx, raw, client);
  if (dmarc.kind === 'temporary') return refusal(451, '4.7.1', `The DMARC record of ${dmarc.domain} could not be read now; your mail server will try again later.`);
  if (dmarc.kind === 'fail') return refusal(550, '5.7.1', `The reply fails DMARC: ${dmarc.domain} publishes a policy its mail must pass, and this message is neither signed by it nor sent from its servers. Nothing was posted.`);
  if (dmarc.kind === 'no-single-from' || reply.fromAddress !== user.email.toLowerCase()) {
    return refusal(550, '5.7.1', 'The From address of this reply is not the confirmed address of the account the notification was sent to: nothing was posted.');
  }
  if (reply.text === '') return refusal(550, '5.6.0', 'Your reply is empty once the quoted text and signature are taken off: write your answer above the quoted text. Nothing was posted.');
  const form = validateForm(commentFormSchema, { body: reply.text });
  if (!form.ok) return refusal(550, '5.6.0', `${Object.values(form.errors)[0]} Nothing was posted.`);
  const db = ctx.db.kysely;
  const work = await findWork(db, parent.workId);
  if (!work) return refusal(550, '5.1.1', 'The work this comment was on has been deleted: nothing was posted.');
  const creators = await creatorsOfWorks(db, [work.id]);
  const viewer: Viewer = { id: user.id, login: user.login, role: user.role, showAdultContent: user.showAdultContent === 1 };
  const decision = await decideAnswer(db, viewer, work, creators, parent);
  if (decision === 'not-found') return refusal(550, '5.1.1', 'The work this comment was on is no longer there for you: nothing was posted.');
  if (decision === 'unpublished') return refusal(550, '5.7.1', `${UNPUBLISHED} Nothing was posted.`);
  if (decision !== 'allowed') return refusal(550, '5.7.1', `${COMMENT_REFUSALS[decision]} Nothing was posted.`);
  // A sending server that lost our answer delivers the mail again: the reply is there already.
  if (await hasSameReply(db, user.id, parent.id, toStoredHtml(form.value.body))) return null;
  // Rate limits and spam rules count a mail reply by its account: the connecting address is the
  // sender's mail provider, shared by all its users.
  const result = await postComment(ctx, { work, creators, chapterId: parent.chapterId, parent, author: { kind: 'account', viewer, pseudId: null, address: `mail:user:${user.id}` }, body: form.value.body });
  if (!result.ok) {
    const message = Object.values(result.errors)[0] ?? 'Your reply was refused.';
    // Too many too fast: a temporary failure, so the sender's mail server tries again later.
    return RATE_LIMITED in result.errors ? refusal(451, '4.7.1', 'You are posting comments too quickly: your mail server will try again later.') : refusal(550, '5.7.1', `${message} Nothing was posted.`);
  }
  return null;
}

/** SMTP replies are ASCII; the site's messages use typographic apostrophes. */
function ascii(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[^\x20-\x7e]/g, '');
}
