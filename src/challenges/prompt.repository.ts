import { tagKey } from '../tags/tag.names.ts';
import type { Queryable } from '../db/database.ts';
import { listedWorks, type ListingAudience } from '../works/work.visibility.ts';

export interface PromptRow {
  id: number;
  collectionId: number;
  userId: number | null;
  title: string;
  description: string | null;
  isAnonymous: number;
  createdAt: string;
  prompterLogin: string | null;
}

function promptQuery(db: Queryable) {
  return db
    .selectFrom('prompts')
    .leftJoin('users', 'users.id', 'prompts.userId')
    .select(['prompts.id', 'prompts.collectionId', 'prompts.userId', 'prompts.title', 'prompts.description', 'prompts.isAnonymous', 'prompts.createdAt', 'users.login as prompterLogin']);
}

export async function insertPrompt(db: Queryable, row: { collectionId: number; userId: number; title: string; description: string | null; isAnonymous: number; createdAt: string }, tags: { name: string; nameKey: string }[]): Promise<number> {
  const { id } = await db.insertInto('prompts').values(row).returning('id').executeTakeFirstOrThrow();
  if (tags.length) await db.insertInto('promptTags').values(tags.map((t) => ({ promptId: id, ...t }))).execute();
  return id;
}

export function findPrompt(db: Queryable, collectionId: number, id: number): Promise<PromptRow | undefined> {
  return promptQuery(db).where('prompts.collectionId', '=', collectionId).where('prompts.id', '=', id).executeTakeFirst();
}

/** A collection's prompts, newest first; by a tag's name and/or only those no listed work fills yet. */
export function listPrompts(db: Queryable, collectionId: number, filter: { tag: string | null; unfilled: boolean }, audience: ListingAudience): Promise<PromptRow[]> {
  let query = promptQuery(db).where('prompts.collectionId', '=', collectionId);
  if (filter.tag) {
    // Under the tag's canonical, as works are filtered: the canonical itself or any of its synonyms.
    const key = tagKey(filter.tag);
    // A name no tag has yet matches as typed.
    const canonical = db.selectFrom('tags').select((eb) => eb.fn.coalesce('tags.mergerId', 'tags.id').as('id')).where('tags.nameKey', '=', key);
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('promptTags')
          .leftJoin('tags', 'tags.nameKey', 'promptTags.nameKey')
          .select('promptTags.promptId')
          .whereRef('promptTags.promptId', '=', 'prompts.id')
          .where((inner) => inner.or([inner('promptTags.nameKey', '=', key), inner('tags.id', 'in', canonical), inner('tags.mergerId', 'in', canonical)])),
      ),
    );
  }
  if (filter.unfilled) {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('promptFills')
            .innerJoin('works', 'works.id', 'promptFills.workId')
            .select('promptFills.workId')
            .whereRef('promptFills.promptId', '=', 'prompts.id')
            .where((inner) => listedWorks(inner, audience)),
        ),
      ),
    );
  }
  return query.orderBy('prompts.id', 'desc').limit(500).execute();
}

/** The prompts' tags as shown: the archive's tag of each name, a synonym by its canonical's name, a name no tag has as typed (a prompt with two synonyms of one tag gets it twice; the caller drops repeats). */
export function tagsOfPrompts(db: Queryable, promptIds: number[]): Promise<{ promptId: number; name: string }[]> {
  if (promptIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('promptTags')
    .leftJoin('tags as tag', 'tag.nameKey', 'promptTags.nameKey')
    .leftJoin('tags as canonical', 'canonical.id', 'tag.mergerId')
    .select((eb) => ['promptTags.promptId', eb.fn.coalesce('canonical.name', 'tag.name', 'promptTags.name').as('name')])
    .where('promptTags.promptId', 'in', promptIds)
    .orderBy('promptTags.nameKey')
    .execute();
}

export function claimsOfPrompts(db: Queryable, promptIds: number[]) {
  if (promptIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('promptClaims')
    .innerJoin('users', 'users.id', 'promptClaims.userId')
    .select(['promptClaims.id', 'promptClaims.promptId', 'promptClaims.userId', 'promptClaims.createdAt', 'users.login'])
    .where('promptClaims.promptId', 'in', promptIds)
    .orderBy('promptClaims.createdAt')
    .execute();
}

/** The fills of some prompts that a listing may show to this audience. */
export function fillsOfPrompts(db: Queryable, promptIds: number[], audience: ListingAudience) {
  if (promptIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('promptFills')
    .innerJoin('works', 'works.id', 'promptFills.workId')
    .select(['promptFills.promptId', 'works.id as workId', 'works.title', 'works.inAnonCollection'])
    .where('promptFills.promptId', 'in', promptIds)
    .where((eb) => listedWorks(eb, audience))
    .orderBy('promptFills.createdAt')
    .execute();
}

export function findClaim(db: Queryable, promptId: number, userId: number) {
  return db.selectFrom('promptClaims').selectAll().where('promptId', '=', promptId).where('userId', '=', userId).executeTakeFirst();
}

export async function insertClaim(db: Queryable, promptId: number, userId: number, createdAt: string): Promise<void> {
  await db.insertInto('promptClaims').values({ promptId, userId, createdAt }).execute();
}

export async function renewClaim(db: Queryable, id: number, createdAt: string): Promise<void> {
  await db.updateTable('promptClaims').set({ createdAt }).where('id', '=', id).execute();
}

export async function deleteClaim(db: Queryable, promptId: number, userId: number): Promise<number> {
  const result = await db.deleteFrom('promptClaims').where('promptId', '=', promptId).where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function findFill(db: Queryable, promptId: number, workId: number) {
  return db.selectFrom('promptFills').selectAll().where('promptId', '=', promptId).where('workId', '=', workId).executeTakeFirst();
}

export async function insertFill(db: Queryable, row: { promptId: number; workId: number; userId: number; createdAt: string }): Promise<void> {
  await db.insertInto('promptFills').values(row).execute();
}

/** A user's claims across prompt memes, newest first, with their prompt and collection. */
export function claimsOfUser(db: Queryable, userId: number) {
  return db
    .selectFrom('promptClaims')
    .innerJoin('prompts', 'prompts.id', 'promptClaims.promptId')
    .innerJoin('collections', 'collections.id', 'prompts.collectionId')
    .select(['promptClaims.createdAt', 'prompts.id as promptId', 'prompts.title', 'collections.name', 'collections.title as collectionTitle', 'collections.promptClaimDays'])
    .where('promptClaims.userId', '=', userId)
    .orderBy('promptClaims.createdAt', 'desc')
    .execute();
}

export async function setPromptClaimDays(db: Queryable, collectionId: number, days: number | null, updatedAt: string): Promise<void> {
  await db.updateTable('collections').set({ promptClaimDays: days, updatedAt }).where('id', '=', collectionId).execute();
}

/** The user's own works in the collection (asked in, refused by neither side): what they may fill a prompt with. */
export function ownWorksInCollection(db: Queryable, collectionId: number, userId: number) {
  return db
    .selectFrom('collectionItems')
    .innerJoin('works', 'works.id', 'collectionItems.workId')
    .select(['works.id', 'works.title'])
    .where('collectionItems.collectionId', '=', collectionId)
    .where('collectionItems.creatorStatus', '!=', 'rejected')
    .where('collectionItems.collectionStatus', '!=', 'rejected')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseudId')
          .select('creatorships.workId')
          .whereRef('creatorships.workId', '=', 'works.id')
          .where('creatorships.isApproved', '=', 1)
          .where('pseuds.userId', '=', userId),
      ),
    )
    .orderBy('works.title')
    .execute();
}
