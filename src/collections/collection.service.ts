import type { Viewer } from '../accounts/session.service.ts';
import { invalid, ok, type AppContext, type FieldErrors, type Result } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Transaction } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { queueWorkNews } from '../news/announce.jobs.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { creatorsOfWorks, findWork } from '../works/work.repository.ts';
import { decideRead, isCreator } from '../works/work.visibility.ts';
import {
  collectionKey,
  collectionRole,
  findCollectionById,
  findCollectionByName,
  findItem,
  findItemById,
  insertCollection,
  insertItem,
  insertParticipant,
  setItemStatus,
  setRevealed,
  approvedWorksWithFirstChapter,
  updateCollectionRow,
  wordCountsOfWork,
  workIdsOfCollection,
  worksHiddenByNoCollection,
} from './collection.repository.ts';
import { maintains, owns } from './collection.policy.ts';
import type { CollectionInput } from './collection.schema.ts';
import { describeWordRule, wordRuleMiss, wordRuleOf } from './word-rule.ts';

// The core use cases of collections. Whatever changes which works are in a collection, or
// whether a collection is anonymous or unrevealed, ends with refreshDerivedRows for the works
// concerned, in the same transaction: the works' in_anon_collection / in_unrevealed_collection
// flags are what work.visibility.ts reads, so a reveal is seen everywhere at once.

/** The field the add-to-collection form names its collection in. */
export const ITEM_FIELD = 'collections';

/** Problems with the dates of a collection's reveal, checked against the clock. */
function revealErrors(input: CollectionInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const check = (field: 'revealWorksAt' | 'revealCreatorsAt', date: string | null, setting: boolean, what: string) => {
    if (date === null) return;
    if (!setting) errors[field] = `A reveal date needs the collection to be ${what}.`;
    else if (Date.parse(date) <= now.getTime()) errors[field] = 'That date has passed: choose a date to come, or reveal now from the collection’s page.';
  };
  check('revealWorksAt', input.revealWorksAt, input.isUnrevealed, 'unrevealed');
  check('revealCreatorsAt', input.revealCreatorsAt, input.isAnonymous, 'anonymous');
  return errors;
}

/** The job that reveals by itself at each date set; it checks the date again when it runs, so a date moved later leaves it idle. */
export async function scheduleReveals(trx: Queryable, collectionId: number, input: Pick<CollectionInput, 'revealWorksAt' | 'revealCreatorsAt'>, now: Date): Promise<void> {
  if (input.revealWorksAt) await enqueue(trx, 'revealCollection', { collectionId, what: 'works' }, { now, runAt: new Date(input.revealWorksAt) });
  if (input.revealCreatorsAt) await enqueue(trx, 'revealCollection', { collectionId, what: 'creators' }, { now, runAt: new Date(input.revealCreatorsAt) });
}

/**
 * The news of a reveal: once a collection hides nothing any more, subscribers of its works'
 * creators and tags hear of each work that no other collection still hides (announceWork's
 * items are keyed by event and person, so nobody told at posting is told twice).
 */
async function announceRevealed(trx: Queryable, collectionId: number, now: Date): Promise<void> {
  const works = await approvedWorksWithFirstChapter(trx, collectionId);
  if (works.length === 0) return;
  const shown = new Set(await worksHiddenByNoCollection(trx, works.map((w) => w.workId)));
  for (const w of works) if (shown.has(w.workId)) await queueWorkNews(trx, { workId: w.workId, chapterId: w.chapterId, news: 'work' }, now);
}

/** A collection's settings as its row holds them (the form's and the edit's alike). */
function settingsColumns(input: CollectionInput) {
  return {
    title: input.title,
    description: input.description,
    rules: input.rules,
    isModerated: input.isModerated ? 1 : 0,
    isClosed: input.isClosed ? 1 : 0,
    isAnonymous: input.isAnonymous ? 1 : 0,
    isUnrevealed: input.isUnrevealed ? 1 : 0,
    revealWorksAt: input.revealWorksAt,
    revealCreatorsAt: input.revealCreatorsAt,
    wordRule: input.wordRule?.kind ?? null,
    wordRuleCount: input.wordRule?.count ?? null,
    wordRuleScope: input.wordRule?.scope ?? null,
    challengeType: input.challengeType,
  };
}

export async function createCollection(ctx: AppContext, owner: Viewer, input: CollectionInput): Promise<Result<{ id: number; name: string }>> {
  const now = ctx.now();
  const errors = revealErrors(input, now);
  if (Object.keys(errors).length > 0) return invalid(errors);
  return inTransaction(ctx, async (trx) => {
    if (await findCollectionByName(trx, input.name)) return invalid({ name: `The name “${input.name}” is taken: choose another.` });
    let parentId: number | null = null;
    if (input.parentName !== null) {
      const parent = await findCollectionByName(trx, input.parentName);
      if (!parent) return invalid({ parentName: `There is no collection named “${input.parentName}”.` });
      if (parent.parentId !== null) return invalid({ parentName: `“${parent.title}” is itself a sub-collection; choose its parent instead.` });
      if (!owns(await collectionRole(trx, parent.id, owner.id))) return invalid({ parentName: `Only the owners of “${parent.title}” may add a collection under it.` });
      parentId = parent.id;
    }
    const stamp = now.toISOString();
    const id = await insertCollection(trx, {
      name: input.name,
      nameKey: collectionKey(input.name),
      ...settingsColumns(input),
      parentId,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await insertParticipant(trx, id, owner.id, 'owner', stamp);
    await scheduleReveals(trx, id, input, now);
    return ok({ id, name: input.name });
  });
}

export interface AddedItem {
  itemId: number;
  creatorStatus: string;
  collectionStatus: string;
}

/**
 * A work joins a collection. Its creator asking is a request (their side approved); a
 * moderator asking for someone's work is an invitation (the collection's side approved, the
 * creator's waiting). The collection's side waits in a moderated collection unless a
 * moderator asked. A closed collection takes no works but its moderators'; a word rule is
 * checked against the work's chapters as they stand.
 */
export async function addWorkToCollection(ctx: AppContext, viewer: Viewer, workId: number, collectionName: string): Promise<Result<AddedItem>> {
  return inTransaction(ctx, (trx) => addWorkWithin(ctx, trx, viewer, workId, collectionName));
}

/** The same inside a caller's transaction, for a use case that adds a work as one of its steps (a gift). */
export async function addWorkWithin(ctx: AppContext, trx: Transaction<Database>, viewer: Viewer, workId: number, collectionName: string): Promise<Result<AddedItem>> {
  const added = await placeWorkInCollection(trx, viewer, workId, collectionName, ctx.now().toISOString());
  if (added.ok) await refreshDerivedRows(trx, [workId]);
  return added;
}

/**
 * addWorkToCollection inside a caller's transaction, for the work form's "Collections" field
 * (postWork, updateWork): the same rules and messages, the work's derived rows left to the
 * caller, who refreshes them once after everything else the form changed.
 */
export async function placeWorkInCollection(trx: Queryable, viewer: Viewer, workId: number, collectionName: string, now: string): Promise<Result<AddedItem>> {
  const refuse = (message: string) => invalid<AddedItem>({ [ITEM_FIELD]: message });
  const collection = await findCollectionByName(trx, collectionName);
  if (!collection) return refuse(`There is no collection named “${collectionName}”.`);
  const work = await findWork(trx, workId);
  const creators = work ? await creatorsOfWorks(trx, [workId]) : [];
  if (!work || decideRead(viewer, work, creators) === 'not-found') return refuse('There is no such work.');
  const byCreator = isCreator(viewer, creators);
  const byModerator = maintains(await collectionRole(trx, collection.id, viewer.id));
  if (!byCreator && !byModerator) return refuse(`Only the work’s creators, or the moderators of “${collection.title}”, may add it.`);
  if (collection.isClosed === 1 && !byModerator) return refuse(`“${collection.title}” is closed to new works.`);
  if (await findItem(trx, collection.id, workId)) return refuse(`This work is already in “${collection.title}”, or waiting to be.`);
  const rule = wordRuleOf(collection);
  const miss = rule && wordRuleMiss(rule, await wordCountsOfWork(trx, workId));
  if (miss) return refuse(`“${collection.title}” takes ${describeWordRule(rule!)}. ${miss}`);
  const item = {
    collectionId: collection.id,
    workId,
    creatorStatus: byCreator ? 'approved' : 'unreviewed',
    collectionStatus: byModerator || collection.isModerated === 0 ? 'approved' : 'unreviewed',
    addedBy: viewer.id,
    createdAt: now,
    updatedAt: now,
  };
  const itemId = await insertItem(trx, item);
  return ok({ itemId, creatorStatus: item.creatorStatus, collectionStatus: item.collectionStatus });
}

/**
 * The viewer's answer to an item waiting on their side: a creator's to an invitation, a
 * moderator's to a request. A creator who also moderates answers as creator first.
 */
export async function reviewItem(ctx: AppContext, viewer: Viewer, itemId: number, decision: 'approved' | 'rejected'): Promise<Result<{ side: 'creator' | 'collection' }>> {
  return inTransaction(ctx, async (trx) => {
    const item = await findItemById(trx, itemId);
    if (!item) return invalid({ form: 'That item is no longer in the collection.' });
    const creators = await creatorsOfWorks(trx, [item.workId]);
    const asCreator = isCreator(viewer, creators);
    const asModerator = maintains(await collectionRole(trx, item.collectionId, viewer.id));
    const side = asCreator && (item.creatorStatus === 'unreviewed' || !asModerator) ? 'creator' : asModerator ? 'collection' : null;
    if (side === null) return invalid({ form: 'Only the work’s creators or the collection’s moderators may answer for it.' });
    await setItemStatus(trx, item.id, side === 'creator' ? 'creatorStatus' : 'collectionStatus', decision, ctx.now().toISOString());
    await refreshDerivedRows(trx, [item.workId]);
    return ok({ side });
  });
}

/** Reveals a collection's works or its creators: by a moderator, or by the reveal job ('system'). */
export async function revealCollection(ctx: AppContext, who: Viewer | 'system', collectionId: number, what: 'works' | 'creators'): Promise<Result<{ workIds: number[] }>> {
  return inTransaction(ctx, async (trx) => {
    const collection = await findCollectionById(trx, collectionId);
    if (!collection) return invalid({ form: 'There is no such collection.' });
    if (who !== 'system' && !maintains(await collectionRole(trx, collectionId, who.id))) return invalid({ form: 'Only the collection’s moderators may reveal it.' });
    await setRevealed(trx, collectionId, what, ctx.now().toISOString());
    const workIds = await workIdsOfCollection(trx, collectionId);
    await refreshDerivedRows(trx, workIds);
    const other = what === 'works' ? collection.isAnonymous : collection.isUnrevealed;
    if (other === 0) await announceRevealed(trx, collectionId, ctx.now());
    return ok({ workIds });
  });
}


/**
 * An owner changes a collection's settings. Its name (the address) and parent stay as they
 * were made. Turning anonymity or unrevealing off is a reveal, with its news; turning either
 * on hides the works already in it from then on. Either way the works' derived rows follow.
 */
export async function updateCollection(ctx: AppContext, viewer: Viewer, collectionId: number, input: CollectionInput): Promise<Result<{ name: string }>> {
  const now = ctx.now();
  return inTransaction(ctx, async (trx) => {
    const collection = await findCollectionById(trx, collectionId);
    if (!collection) return invalid({ form: 'There is no such collection.' });
    if (!owns(await collectionRole(trx, collectionId, viewer.id))) return invalid({ form: 'Only the collection’s owners may change its settings.' });
    // A date left as it was is not asked again whether it has passed: the job may be on its way.
    const errors = revealErrors(
      { ...input, revealWorksAt: input.revealWorksAt === collection.revealWorksAt ? null : input.revealWorksAt, revealCreatorsAt: input.revealCreatorsAt === collection.revealCreatorsAt ? null : input.revealCreatorsAt },
      now,
    );
    if (input.revealWorksAt !== null && !input.isUnrevealed) errors.revealWorksAt ??= 'A reveal date needs the collection to be unrevealed.';
    if (input.revealCreatorsAt !== null && !input.isAnonymous) errors.revealCreatorsAt ??= 'A reveal date needs the collection to be anonymous.';
    if (Object.keys(errors).length > 0) return invalid(errors);
    await updateCollectionRow(trx, collectionId, {
      ...settingsColumns(input),
      updatedAt: now.toISOString(),
    });
    await scheduleReveals(
      trx,
      collectionId,
      { revealWorksAt: input.revealWorksAt !== collection.revealWorksAt ? input.revealWorksAt : null, revealCreatorsAt: input.revealCreatorsAt !== collection.revealCreatorsAt ? input.revealCreatorsAt : null },
      now,
    );
    if (input.isAnonymous !== (collection.isAnonymous === 1) || input.isUnrevealed !== (collection.isUnrevealed === 1)) {
      await refreshDerivedRows(trx, await workIdsOfCollection(trx, collectionId));
      const revealed = (collection.isAnonymous === 1 && !input.isAnonymous) || (collection.isUnrevealed === 1 && !input.isUnrevealed);
      if (revealed && !input.isAnonymous && !input.isUnrevealed) await announceRevealed(trx, collectionId, now);
    }
    return ok({ name: collection.name });
  });
}

/** The reveal job: runs at a reveal date; does nothing when the date has moved on or the reveal was done by hand. */
export async function revealDue(ctx: AppContext, payload: unknown): Promise<void> {
  const { collectionId, what } = payload as { collectionId: number; what: 'works' | 'creators' };
  if (!Number.isInteger(collectionId) || (what !== 'works' && what !== 'creators')) throw new Error('revealCollection: bad payload');
  const collection = await findCollectionById(ctx.db.kysely, collectionId);
  if (!collection) return;
  const [flag, date] = what === 'works' ? [collection.isUnrevealed, collection.revealWorksAt] : [collection.isAnonymous, collection.revealCreatorsAt];
  if (flag === 0 || date === null || Date.parse(date) > ctx.now().getTime()) return;
  await revealCollection(ctx, 'system', collectionId, what);
}
