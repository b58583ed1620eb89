import { z } from 'zod';
import { letOthersRun } from '../jobs/job.types.ts';
import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { queueMail, type OutgoingMail } from '../mail/outbox.service.ts';
import { formatDigest } from './list.format.ts';
import { mimeDigestPart } from './list.mime.ts';
import { listIdHeader, listPath, listPostPath } from './list.paths.ts';
import {
  activeMemberPage,
  allLists,
  findListById,
  findShownPostById,
  hasPostsBetween,
  postsBetween,
  setDigestedThrough,
  type ListRow,
} from './list.repository.ts';

// Sending a list's posts and digests to its members. A list may have 100,000 members, so no
// job holds them all: members are read a keyset page at a time (by id), and each page's
// messages are queued in a transaction of their own (SQLite has one writer; one transaction
// for the whole list would hold it for many seconds). A job that has run for a while hands
// the rest on to a new job with its cursor, inside the transaction of its last page. Every
// message is keyed by post (or digest) and member, so a job run again after a crash queues
// nothing twice.

export const MEMBER_PAGE = 500;
/** How long one job queues before it hands the rest on; well inside the worker's lease. */
const JOB_BUDGET_MS = 30_000;
const DAY_MS = 86_400_000;

type Page = Awaited<ReturnType<typeof activeMemberPage>>;

/**
 * Walks a list's active members of one kind (digest or not) who had joined by `joinedBy`,
 * queueing `message(member)` for each. Returns when done, or after handing on to `next`.
 */
async function sendToMembers(
  ctx: AppContext,
  options: { listId: number; digest: boolean; joinedBy: string; afterId: number; pageSize: number },
  message: (member: Page[number]) => OutgoingMail,
  handOn: (trx: Queryable, afterId: number) => Promise<void>,
): Promise<void> {
  const started = Date.now();
  let afterId = options.afterId;
  for (;;) {
    const result = await inTransaction(ctx, async (trx) => {
      const members = await activeMemberPage(trx, options.listId, { digest: options.digest, joinedBy: options.joinedBy, afterId, limit: options.pageSize });
      await queueMail(ctx, trx, members.map(message));
      const more = members.length === options.pageSize;
      if (more) afterId = members[members.length - 1]!.id;
      const handedOn = more && Date.now() - started > JOB_BUDGET_MS;
      if (handedOn) await handOn(trx, afterId);
      return ok({ more, handedOn });
    });
    if (!result.ok || !result.value.more || result.value.handedOn) return;
    await letOthersRun();
  }
}

function footer(ctx: AppContext, list: ListRow): string {
  return `\n${list.name} on Records Room: ${ctx.config.baseUrl}${listPath(list.slug)}\n`;
}

const postPayload = z.object({ postId: z.number().int().positive(), afterId: z.number().int().nonnegative().optional(), pageSize: z.number().int().positive().max(MEMBER_PAGE).optional() });

/** Sends one post to each active member who takes every post (digest members get it in their digest). */
export async function sendListPost(ctx: AppContext, payload: unknown): Promise<void> {
  const { postId, afterId = 0, pageSize = MEMBER_PAGE } = postPayload.parse(payload);
  const db = ctx.db.kysely;
  // Looked at again before sending: a work deleted or hidden since its post goes to nobody.
  const post = await findShownPostById(db, postId);
  const list = post ? await findListById(db, post.listId) : undefined;
  if (!post || !list) return;
  const text = `${post.body.replace(/\s+$/, '')}\n${footer(ctx, list)}`;
  await sendToMembers(
    ctx,
    { listId: list.id, digest: false, joinedBy: post.postedAt, afterId, pageSize },
    (member) => ({
      key: `list:${list.id}:post:${post.id}:member:${member.id}`,
      to: member.address,
      stream: `list:${member.id}`,
      listId: listIdHeader(ctx, list),
      fromName: list.name,
      subject: post.subject,
      text,
    }),
    (trx, next) => enqueue(trx, 'sendListPost', { postId, afterId: next, pageSize }, { now: ctx.now() }).then(() => undefined),
  );
}

/**
 * The daily job: each list's digest covers its posts since the last digest (so a day the
 * worker was down is in the next one). The window is moved on and the list's digest job
 * queued in one transaction, so a window is digested once.
 */
export async function sendListDigests(ctx: AppContext, payload: unknown): Promise<void> {
  const now = ctx.now();
  const through = now.toISOString();
  for (const list of await allLists(ctx.db.kysely)) {
    const from = list.digestedThrough ?? list.createdAt;
    if (from >= through) continue;
    await inTransaction(ctx, async (trx) => {
      if (await hasPostsBetween(trx, list.id, from, through)) await enqueue(trx, 'sendListDigest', { listId: list.id, from, through }, { now });
      await setDigestedThrough(trx, list.id, through);
      return ok(null);
    });
  }
  if ((payload as { repeat?: boolean } | null)?.repeat) await enqueue(ctx.db.kysely, 'sendListDigests', { repeat: true }, { runAt: new Date(now.getTime() + DAY_MS), now });
}

const digestPayload = z.object({
  listId: z.number().int().positive(),
  from: z.string(),
  through: z.string(),
  afterId: z.number().int().nonnegative().optional(),
  pageSize: z.number().int().positive().max(MEMBER_PAGE).optional(),
});

/** One list's digest: built once, then queued to its digest members a page at a time. */
export async function sendListDigest(ctx: AppContext, payload: unknown): Promise<void> {
  const { listId, from, through, afterId = 0, pageSize = MEMBER_PAGE } = digestPayload.parse(payload);
  const db = ctx.db.kysely;
  const list = await findListById(db, listId);
  if (!list) return;
  const base = ctx.config.baseUrl;
  const posts = await postsBetween(db, listId, from, through);
  if (posts.length === 0) return;
  const digest = formatDigest(
    list.name,
    through.slice(0, 10),
    posts.map((p) => ({ subject: p.subject, body: p.body, link: `${base}${listPostPath(list.slug, p.id)}` })),
    `${base}${listPath(list.slug)}`,
  );
  const text = `${digest.body.replace(/\s+$/, '')}\n${footer(ctx, list)}`;
  const mime = { text: `${digest.contentsOnly.replace(/\s+$/, '')}\n${footer(ctx, list)}`, part: await mimeDigestPart(list.name, ctx.config.mailFrom, posts) };
  await sendToMembers(
    ctx,
    { listId, digest: true, joinedBy: through, afterId, pageSize },
    (member) => ({
      key: `list:${listId}:digest:${through}:member:${member.id}`,
      to: member.address,
      stream: `list:${member.id}`,
      listId: listIdHeader(ctx, list),
      fromName: list.name,
      subject: digest.subject,
      ...(member.mimeDigest === 1 ? { text: mime.text, attachedPart: mime.part } : { text }),
    }),
    (trx, next) => enqueue(trx, 'sendListDigest', { listId, from, through, afterId: next, pageSize }, { now: ctx.now() }).then(() => undefined),
  );
}
