import { randomBytes } from 'node:crypto';
import { hashToken } from '../accounts/account-token.service.ts';
import type { Viewer } from '../accounts/session.service.ts';
import { checkEmail } from '../accounts/user.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { takePoints, type LimitRule } from '../db/rate-limit.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { queueMail } from '../mail/outbox.service.ts';
import { tagKey } from '../tags/tag.names.ts';
import { filterTagFor, findTagsByKeys } from '../tags/tag.repository.ts';
import { formatAnnouncement } from './list.format.ts';
import { listPath, listIdHeader } from './list.paths.ts';
import {
  activateMember,
  findListById,
  findMember,
  findMemberByToken,
  insertList,
  insertListPost,
  insertPendingMember,
  renewPendingMember,
  type ListRow,
} from './list.repository.ts';
import type { AnnouncementInput, JoinInput, NewListInput } from './list.schema.ts';

// Making lists, joining them (double opt-in) and posting announcements. Joining answers the
// same words whatever the address's state, so the page never tells whether an address is on
// the list: a new or departed address is mailed a link, a pending one is mailed a fresh link
// (not more than one every few minutes), an active one nothing.

/** How long a confirmation link works. */
export const JOIN_LINK_MS = 48 * 3_600_000;
/** A pending address is mailed at most one link in this time, however often the form is sent. */
export const JOIN_RESEND_MS = 10 * 60_000;

/** "Level Three!" → "level-three"; empty when the name has no letters or digits. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export async function createList(ctx: AppContext, viewer: Viewer, input: NewListInput): Promise<Result<{ slug: string }>> {
  const db = ctx.db.kysely;
  const slug = slugOf(input.name);
  if (!slug) return invalid({ name: 'Use some letters or digits in the name: it makes the list’s address.' });
  // /lists/new is the form's own address.
  if (slug === 'new') return invalid({ name: 'That name would make the address of the new-list form; choose another.' });
  let tagId: number | null = null;
  if (input.tag) {
    const [tag] = await findTagsByKeys(db, [tagKey(input.tag)]);
    // A synonym's list is its canonical's: works count under the canonical in work_filters.
    const filterId = tag ? await filterTagFor(db, tag.id) : undefined;
    if (filterId === undefined) return invalid({ tag: `No tag is named “${input.tag}”. Use a tag works are posted under, or leave it empty for an archive-wide list.` });
    tagId = filterId;
  }
  const id = await insertList(db, { name: input.name, slug, description: input.description || null, tagId, createdBy: viewer.id, createdAt: ctx.now().toISOString() });
  if (id === undefined) return invalid({ name: 'A list with that name (or one written the same way) exists already.' });
  return ok({ slug });
}

export const JOIN_ANSWER =
  'Thank you. If this address is not on the list yet, a message with a confirmation link is on its way to it; the address joins when the link is used. The link works for two days.';

/**
 * Join requests a client may send in an hour, whatever the addresses: each new address costs a
 * mail to someone who did not ask, so a script must not be able to make the archive mail
 * thousands. Refused openly (the refusal says nothing about any address).
 */
const JOINS_PER_CLIENT: LimitRule = { name: 'list-join-client', points: 50, seconds: 3600 };

export type JoinOutcome = Result<null> | { ok: false; errors: null; retryAfterSeconds: number };

export async function joinList(ctx: AppContext, list: ListRow, input: JoinInput & { client: string }): Promise<JoinOutcome> {
  const address = input.address.trim();
  const problem = checkEmail(address);
  if (problem) return invalid({ address: problem });
  const wait = await takePoints(ctx.db, [JOINS_PER_CLIENT], [input.client]);
  if (wait !== null) return { ok: false, errors: null, retryAfterSeconds: wait };
  const addressKey = address.toLowerCase();
  return inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const token = randomBytes(32).toString('base64url');
    const values = {
      address,
      digest: input.digest || input.mime ? 1 : 0,
      mimeDigest: input.mime ? 1 : 0,
      tokenHash: hashToken(token),
      tokenExpiresAt: new Date(now.getTime() + JOIN_LINK_MS).toISOString(),
      tokenSentAt: now.toISOString(),
    };
    const member = await findMember(trx, list.id, addressKey);
    if (member?.status === 'active') return ok(null);
    if (member?.status === 'pending' && member.tokenSentAt && now.getTime() - Date.parse(member.tokenSentAt) < JOIN_RESEND_MS) return ok(null);
    let memberId: number;
    if (member) {
      await renewPendingMember(trx, member.id, values);
      memberId = member.id;
    } else {
      const inserted = await insertPendingMember(trx, list.id, addressKey, { ...values, createdAt: now.toISOString() });
      // Joined by another request a moment ago: that one mails the link.
      if (inserted === undefined) return ok(null);
      memberId = inserted;
    }
    const link = `${ctx.config.baseUrl}${listPath(list.slug)}/confirm/${token}`;
    await queueMail(ctx, trx, [
      {
        key: `list-confirm:${memberId}:${now.getTime()}`,
        to: address,
        fromName: list.name,
        subject: `Confirm that you want to join ${list.name}`,
        text:
          `Someone, we hope you, asked for ${address} to join the ${list.name} list on Records Room ` +
          `(${ctx.config.baseUrl}${listPath(list.slug)}).\n\nTo join, open this link and press the button there:\n\n${link}\n\n` +
          `The link works once and for two days. If you did not ask for this, ignore this message: the address is not added, and no more mail comes from the list.\n`,
      },
    ]);
    return ok(null);
  });
}

export type JoinCheck =
  | { status: 'invalid' }
  | { status: 'used' }
  | { status: 'expired' }
  | { status: 'ready' | 'done'; address: string; digest: boolean };

async function checkJoinToken(ctx: AppContext, db: Parameters<typeof findMemberByToken>[0], list: ListRow, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { check: { status: 'invalid' } as JoinCheck };
  const tokenHash = hashToken(token);
  const member = await findMemberByToken(db, tokenHash);
  if (!member || member.listId !== list.id) return { check: { status: 'invalid' } as JoinCheck };
  if (member.tokenUsedAt) return { check: { status: 'used' } as JoinCheck };
  if (!member.tokenExpiresAt || member.tokenExpiresAt <= ctx.now().toISOString()) return { check: { status: 'expired' } as JoinCheck };
  return { check: { status: 'ready', address: member.address, digest: member.digest === 1 } as JoinCheck, member, tokenHash };
}

/** What a confirmation link would do, for the page with its one button (a GET changes nothing). */
export async function previewJoin(ctx: AppContext, list: ListRow, token: string): Promise<JoinCheck> {
  return (await checkJoinToken(ctx, ctx.db.kysely, list, token)).check;
}

/** Uses a confirmation link: the address is a member from now on, and is welcomed by mail. */
export async function confirmJoin(ctx: AppContext, list: ListRow, token: string): Promise<JoinCheck> {
  return ctx.db.kysely.transaction().execute(async (trx): Promise<JoinCheck> => {
    const { check, member, tokenHash } = await checkJoinToken(ctx, trx, list, token);
    if (check.status !== 'ready' || !member || !tokenHash) return check;
    const now = ctx.now().toISOString();
    if (!(await activateMember(trx, member.id, tokenHash, now))) return { status: 'used' };
    await queueMail(ctx, trx, [
      {
        key: `list-welcome:${member.id}:${now}`,
        to: member.address,
        stream: `list:${member.id}`,
        listId: listIdHeader(ctx, list),
        fromName: list.name,
        subject: `[${list.name}] Welcome`,
        text:
          `${member.address} is now on the ${list.name} list on Records Room. ` +
          (member.digest === 1 ? 'Once a day you get a digest of the day’s posts.' : 'Each post comes to you as it is made.') +
          `\n\nPast posts are on the list’s page: ${ctx.config.baseUrl}${listPath(list.slug)}\n`,
      },
    ]);
    return { status: 'done', address: check.address, digest: check.digest };
  });
}

/** An archivist's announcement: one post, sent to every member by the sendListPost job. */
export async function postAnnouncement(ctx: AppContext, viewer: Viewer, listId: number, input: AnnouncementInput): Promise<Result<{ postId: number }>> {
  const list = await findListById(ctx.db.kysely, listId);
  if (!list) return invalid({ form: 'That list is gone.' });
  const post = formatAnnouncement(list.name, input.subject, input.text);
  return inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const postId = await insertListPost(trx, { listId, kind: 'announcement', workId: null, chapterId: null, subject: post.subject, body: post.body, postedBy: viewer.id, postedAt: now.toISOString() });
    if (postId === undefined) return invalid({ form: 'The announcement could not be posted.' });
    await enqueue(trx, 'sendListPost', { postId }, { now });
    return ok({ postId });
  });
}
