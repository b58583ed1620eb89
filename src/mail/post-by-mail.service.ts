import type { AppContext, Result } from '../context.ts';
import { failed, ok } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { findDefaultPseud, findUserByEmail } from '../accounts/user.repository.ts';
import { tagKey } from '../tags/tag.names.ts';
import { findTagsByKeys } from '../tags/tag.repository.ts';
import { counted } from '../text/plural.ts';
import { postWork } from '../works/work.service.ts';
import { chapterIndex, findWork } from '../works/work.repository.ts';
import { tagRequests } from '../imports/import.tags.ts';
import { checkDmarc, type DmarcSession } from './dmarc.check.ts';
import { queueMail } from './outbox.service.ts';
import { draftPlan, mailSubmissionKey, readMailedStory } from './post-by-mail.draft.ts';

// Post by mail (issue 13): a registered author mails a story from their confirmed address to
// the posting address; it is read by the importer's parser, saved as a draft through postWork
// (the post form's rules: tags found or created, text cleaned) and answered with the draft's
// link. Every refusal happens in the SMTP conversation, so nothing is accepted and bounced
// later, and a refused message leaves nothing behind: the sender's own server tells them why.

/** The registered author a message to the posting address comes from. */
export interface PostingAuthor {
  id: number;
  login: string;
  role: string;
  showAdultContent: boolean;
  address: string;
}

/** An SMTP reply refusing the message: its code and text (with the enhanced status code). */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export function isPostingAddress(ctx: AppContext, address: string): boolean {
  return address.trim().toLowerCase() === ctx.config.postingAddress;
}

/**
 * Checked at RCPT, not MAIL FROM: only mail to the posting address needs a registered sender
 * (bounces come from anyone, or from nobody). Unknown and unconfirmed addresses get the same
 * answer, so the listener does not tell strangers which addresses have accounts.
 */
export async function postingAuthor(ctx: AppContext, sender: string | null): Promise<Result<PostingAuthor, SmtpRefusal>> {
  const address = sender?.trim().toLowerCase() ?? '';
  const refused = (who: string) =>
    failed<SmtpRefusal>({
      code: 550,
      message: `5.7.1 ${who} is not the confirmed address of an author here: stories are taken only from the address confirmed on your account (see Account, E-mail address)`,
    });
  if (!address) return refused('An empty sender');
  const user = await findUserByEmail(ctx.db.kysely, address);
  if (!user || !user.emailConfirmedAt) return refused(`<${address}>`);
  return ok({ id: user.id, login: user.login, role: user.role, showAdultContent: user.showAdultContent === 1, address });
}

/** Reads, checks and saves one message to the posting address; a refusal leaves nothing saved. */
export async function receivePost(ctx: AppContext, author: PostingAuthor, session: DmarcSession, raw: Buffer): Promise<Result<{ workId: number; repeated: boolean }, SmtpRefusal>> {
  const dmarc = await checkDmarc(ctx, raw, session);
  if (dmarc.kind === 'no-single-from') return failed({ code: 550, message: '5.7.1 The message needs exactly one address in its From header' });
  if (dmarc.kind === 'temporary') return failed({ code: 451, message: `4.7.1 The DMARC record of ${dmarc.domain} could not be read now; try again later` });
  if (dmarc.kind === 'fail') {
    return failed({ code: 550, message: `5.7.1 The message fails DMARC: ${dmarc.domain} publishes a policy its mail must pass, and this message is neither signed by it nor sent from its servers; nothing was saved` });
  }
  const { from, story } = readMailedStory(raw);
  // DMARC vouches for the From header; the account is the envelope's: they must be one address.
  if (from !== author.address) {
    return failed({ code: 550, message: `5.7.1 The From header (${from ? `<${from}>` : 'none'}) is not the address the message was sent from (<${author.address}>): send it from your confirmed address` });
  }
  if (!story.ok) {
    return failed({ code: 550, message: `5.6.0 No story was found in the message (${story.errors}): write the story in the body of the mail, as plain text or HTML; nothing was saved` });
  }
  const pseud = await findDefaultPseud(ctx.db.kysely, author.id);
  if (!pseud) return failed({ code: 451, message: '4.3.0 The account has no pseud to credit; try again later' });
  const types = await tagTypes(ctx, story.value.work);
  const submissionKey = mailSubmissionKey(author.id, story.value.mail?.messageId ?? null, raw);
  const plan = draftPlan(story.value.work, pseud.id, submissionKey, (name) => types.get(tagKey(name)));
  const saved = await postWork(ctx, author, plan.input);
  if (!saved.ok) return failed({ code: 550, message: `5.6.0 The story could not be saved: ${Object.values(saved.errors).join(' ')}` });
  await answer(ctx, author, saved.value.workId, plan.notRead);
  return ok(saved.value);
}

/** The type of each tag the story names that the archive has already, by tag key. */
async function tagTypes(ctx: AppContext, work: Parameters<typeof tagRequests>[0]): Promise<Map<string, string>> {
  const keys = [...new Set(tagRequests(work).requests.map((r) => tagKey(r.name)))];
  const tags = await findTagsByKeys(ctx.db.kysely, keys);
  return new Map(tags.map((t) => [t.nameKey, t.type]));
}

/**
 * The answer, keyed by the draft: a message delivered again (its "250" lost) finds the same
 * draft (postWork's submission key) and queues no second answer. It is queued after the
 * draft's own transaction: if the process stops between the two, the sender's server has
 * no "250" and sends again, and this runs again. No stream: the author asked for this mail.
 */
async function answer(ctx: AppContext, author: PostingAuthor, workId: number, notRead: string[]): Promise<void> {
  const work = await findWork(ctx.db.kysely, workId);
  if (!work) return;
  const chapters = await chapterIndex(ctx.db.kysely, workId);
  const link = `${ctx.config.baseUrl}/works/${workId}`;
  const lines = [
    `Your story is saved as a draft. Only you can see it until you post it:`,
    '',
    link,
    '',
    'What was read:',
    `  Title: ${work.title}`,
    `  Chapters: ${chapters.length}`,
    ...chapters.map((c, i) => `    ${i + 1}. ${c.title ?? '(no title)'} (${counted(c.wordCount, 'word')})`),
    `  Words: ${work.wordCount}`,
    '',
    ...(notRead.length > 0 ? ['What was not:', ...notRead.map((line) => `  - ${line}`), ''] : ['Everything the form asks for was found.', '']),
    'Review the draft on its page, edit what is missing, then post it.',
    '',
  ];
  await inTransaction(ctx, async (trx) =>
    ok(await queueMail(ctx, trx, [{ key: `post-by-mail:${workId}`, to: author.address, userId: author.id, stream: null, subject: `Draft saved: ${work.title}`, text: lines.join('\n') }])),
  );
}
