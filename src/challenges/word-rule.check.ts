import type { Transaction } from 'kysely';
import { itemsOfWork, wordCountsOfWork } from '../collections/collection.repository.ts';
import { findCollectionById } from '../collections/collection.repository.ts';
import { describeWordRule, wordRuleMiss, wordRuleOf } from '../collections/word-rule.ts';
import type { Database } from '../db/schema.ts';

/**
 * Called by the chapter use cases inside their transaction, after the chapter was written:
 * a work already in (or waiting to join) a collection with a word rule keeps that rule when a
 * chapter is posted or edited. AO3's challenge rules bind the piece as it stands, so a tower
 * that grows by one drabble too long is refused, with by how many words it misses, rather than
 * quietly dropped from the challenge. Items either side rejected no longer bind the work.
 */
export async function wordRuleRefusal(trx: Transaction<Database>, workId: number): Promise<string | null> {
  const items = (await itemsOfWork(trx, workId)).filter((i) => i.creatorStatus !== 'rejected' && i.collectionStatus !== 'rejected');
  if (items.length === 0) return null;
  const counts = await wordCountsOfWork(trx, workId);
  for (const item of items) {
    const collection = await findCollectionById(trx, item.collectionId);
    const rule = collection && wordRuleOf(collection);
    const miss = rule && wordRuleMiss(rule, counts);
    if (miss) return `This work is in “${collection!.title}”, which takes ${describeWordRule(rule!)}. ${miss}`;
  }
  return null;
}
