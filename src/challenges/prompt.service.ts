import type { Viewer } from '../accounts/session.service.ts';
import { findItem } from '../collections/collection.repository.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Collection } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { tagKey } from '../tags/tag.names.ts';
import { creatorsOfWorks } from '../works/work.repository.ts';
import { isCreator } from '../works/work.visibility.ts';
import { deleteClaim, findClaim, findFill, findPrompt, insertClaim, insertFill, insertPrompt, renewClaim, setPromptClaimDays } from './prompt.repository.ts';
import type { PromptInput } from './prompt.schema.ts';

const DAY_MS = 86_400_000;

/**
 * Whether a claim made at `claimedAt` has expired: checked when read (no job), since an expired
 * claim changes nothing but how it is shown and whether it may be made again.
 */
export function claimExpired(claimedAt: string, days: number | null, now: Date): boolean {
  return days !== null && new Date(claimedAt).getTime() + days * DAY_MS <= now.getTime();
}

export async function postPrompt(ctx: AppContext, viewer: Viewer, collection: Collection, input: PromptInput): Promise<Result<{ promptId: number }>> {
  if (collection.isClosed === 1) return invalid({ form: `“${collection.title}” is closed: it takes no new prompts.` });
  return inTransaction(ctx, async (trx) => {
    // Keyed as tags are, so the archive's tag of each name (and its wrangling) applies when read.
    const promptId = await insertPrompt(
      trx,
      { collectionId: collection.id, userId: viewer.id, title: input.title, description: input.description, isAnonymous: input.isAnonymous ? 1 : 0, createdAt: ctx.now().toISOString() },
      input.tags.map((name) => ({ name, nameKey: tagKey(name) })),
    );
    return ok({ promptId });
  });
}

/** Anyone logged in may claim an open meme's prompt, once; an expired claim may be made again. */
export async function claimPrompt(ctx: AppContext, viewer: Viewer, collection: Collection, promptId: number): Promise<Result<null>> {
  if (collection.isClosed === 1) return invalid({ form: `“${collection.title}” is closed: its prompts can no longer be claimed.` });
  return inTransaction(ctx, async (trx) => {
    if (!(await findPrompt(trx, collection.id, promptId))) return invalid({ form: 'There is no such prompt.' });
    const now = ctx.now();
    const earlier = await findClaim(trx, promptId, viewer.id);
    if (earlier && !claimExpired(earlier.createdAt, collection.promptClaimDays, now)) return invalid({ form: 'You have already claimed this prompt.' });
    if (earlier) await renewClaim(trx, earlier.id, now.toISOString());
    else await insertClaim(trx, promptId, viewer.id, now.toISOString());
    return ok(null);
  });
}

export async function unclaimPrompt(ctx: AppContext, viewer: Viewer, collection: Collection, promptId: number): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    if ((await deleteClaim(trx, promptId, viewer.id)) === 0) return invalid({ form: 'You have not claimed this prompt.' });
    return ok(null);
  });
}

/**
 * A fill links one of the viewer's own works, already in the collection (asked in and not
 * refused by either side), to the prompt. The work joined the collection through
 * addWorkToCollection, which checked the collection's rules, word rule included.
 */
export async function fillPrompt(ctx: AppContext, viewer: Viewer, collection: Collection, promptId: number, workId: number): Promise<Result<null>> {
  const refuse = (message: string) => invalid<null>({ workId: message });
  if (collection.isClosed === 1) return invalid({ form: `“${collection.title}” is closed: it takes no new fills.` });
  return inTransaction(ctx, async (trx) => {
    if (!(await findPrompt(trx, collection.id, promptId))) return invalid({ form: 'There is no such prompt.' });
    const creators = await creatorsOfWorks(trx, [workId]);
    if (!isCreator(viewer, creators)) return refuse('You can fill a prompt only with a work of your own.');
    const item = await findItem(trx, collection.id, workId);
    if (!item || item.creatorStatus === 'rejected' || item.collectionStatus === 'rejected') {
      return refuse(`Add the work to “${collection.title}” first; then it can fill the prompt.`);
    }
    if (await findFill(trx, promptId, workId)) return refuse('This work already fills this prompt.');
    await insertFill(trx, { promptId, workId, userId: viewer.id, createdAt: ctx.now().toISOString() });
    return ok(null);
  });
}

export async function setClaimDays(ctx: AppContext, collection: Collection, days: number | null): Promise<Result<null>> {
  return inTransaction(ctx, async (trx) => {
    await setPromptClaimDays(trx, collection.id, days, ctx.now().toISOString());
    return ok(null);
  });
}
