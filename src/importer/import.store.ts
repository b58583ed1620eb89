import type { ControlledTransaction, Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database, Tag } from '../db/schema.ts';
import { reindexWorks } from '../search/search.index.ts';
import { rebuildFiltersForWorks } from '../tags/tag.filters.ts';
import { findTagsByKeys, insertMissingTags } from '../tags/tag.repository.ts';
import { tagKey } from '../tags/tag.names.ts';
import { insertCreatorships, insertWork, refreshCreatorSort } from '../works/work.repository.ts';
import { creatorAddresses, type ContactCache, type WorkWithContacts } from './import.contacts.ts';
import {
  blockedAddresses,
  findExternalCreators,
  findPseuds,
  insertChapters,
  insertExternalCreator,
  insertExternalCreatorships,
  insertFlags,
  insertImportedWork,
  insertImportPseud,
  insertWorkTags,
  presentHashes,
} from './import.repository.ts';
import { rowsOf, type WorkRows } from './import.rows.ts';
import { usableTags } from './import.tags.ts';
import type { ImportedWork, ReviewFlag, Skipped } from './import.types.ts';

// Storing imported works, a group at a time: one write transaction for a group of works (with
// SQLite's single writer, a commit per work cost more than the work), a SAVEPOINT for each work
// inside it, so a work that fails rolls back alone and never leaves half of itself. What is
// looked up for every work (known content hashes, blocked addresses, tags, pseuds, external
// creators) is read once for the group, and what is derived for whole sets of works (creator
// sort, filter sets, the search index) is written once for the group, in the same transaction:
// a committed work is listed and searchable. If a group-wide step fails, the group is rolled
// back and stored again one work per transaction, so one bad work costs only itself.

export interface Batch {
  id: number;
  archivistId: number;
  archive: string | null;
  list: string | null;
  contacts?: ContactCache;
}

export type Outcome = { kind: 'imported'; workId: number; flags: ReviewFlag[] } | { kind: 'present'; workId: number } | { kind: 'skipped'; reason: string };

/** One thing a run records, in the order it was found: a work, or a file or message that gave none. */
export type GroupItem = { kind: 'work'; work: ImportedWork } | { kind: 'skipped'; skipped: Skipped };

/** What storing one item came to; a skipped item is recorded as it came. */
export type ItemResult = { kind: 'work'; outcome: Outcome } | { kind: 'skipped'; skipped: Skipped };

type Trx = Transaction<Database>;

interface Prepared {
  work: ImportedWork;
  rows: WorkRows;
  addresses: (string | null)[];
}

/** Ids the group already knows: tags, pseuds and external creators by key, stored hashes. */
interface Known {
  tags: Map<string, Tag>;
  pseuds: Map<string, number>;
  creators: Map<string, number>;
  hashes: Map<string, number>;
  blocked: Set<string>;
}

const creatorKey = (name: string, address: string | null) => (address ? `e:${address.toLowerCase()}` : `n:${name.toLowerCase()}`);

async function loadKnown(trx: Trx, batch: Batch, prepared: Prepared[]): Promise<Known> {
  const addresses = prepared.flatMap((p) => p.addresses.filter((a): a is string => a !== null));
  const unaddressed = prepared.flatMap((p) => p.work.creators.filter((_, i) => !p.addresses[i]).map((name) => name.toLowerCase()));
  const tagKeys = [...new Set(prepared.flatMap((p) => p.rows.tags.map((t) => tagKey(t.name))))];
  const tags: Tag[] = [];
  for (let i = 0; i < tagKeys.length; i += 500) tags.push(...(await findTagsByKeys(trx, tagKeys.slice(i, i + 500))));
  return {
    tags: new Map(tags.map((t) => [t.nameKey, t])),
    pseuds: await findPseuds(trx, batch.archivistId, prepared.flatMap((p) => p.rows.pseudNames.map((n) => n.toLowerCase()))),
    creators: await findExternalCreators(trx, addresses.map((a) => a.toLowerCase()), unaddressed),
    hashes: await presentHashes(trx, prepared.map((p) => p.rows.contentHash)),
    blocked: await blockedAddresses(trx, addresses),
  };
}

/**
 * Writes one work and everything of it but its derived rows. New keys it adds to `known` are
 * listed in `added`, so a rolled-back work takes them out again.
 */
async function storeWork(trx: Trx, batch: Batch, item: Prepared, known: Known, added: (() => void)[], now: string): Promise<Outcome> {
  const { work, rows, addresses } = item;
  const plan = usableTags(rows.tags, (key) => known.tags.get(key)?.type);
  // Requests are distinct by key already (tagRequests), so each missing tag is inserted once.
  const missing = plan.requests.filter((request) => !known.tags.has(tagKey(request.name)));
  for (const tag of await insertMissingTags(trx, missing.map((m) => ({ type: m.type, name: m.name })), now)) {
    if (!known.tags.has(tag.nameKey)) added.push(() => known.tags.delete(tag.nameKey));
    known.tags.set(tag.nameKey, tag);
  }
  const workId = await insertWork(trx, {
    title: rows.title,
    sortTitle: rows.sortTitle,
    summary: rows.summary,
    notes: rows.notes,
    endNotes: rows.endNotes,
    language: 'en',
    isDraft: 0,
    // Open Doors' rule (research §7.4): imported works are for logged-in readers until claimed.
    isRestricted: 1,
    isComplete: rows.isComplete ? 1 : 0,
    expectedChapters: rows.isComplete ? rows.chapters.length : null,
    wordCount: rows.wordCount,
    chapterCount: rows.chapters.length,
    submissionKey: null,
    publishedAt: now,
    updatedAt: now,
    createdAt: now,
  });
  await insertWorkTags(trx, workId, plan.requests.map((r) => known.tags.get(tagKey(r.name))!.id));

  const pseudIds: number[] = [];
  for (const name of rows.pseudNames) {
    const key = name.toLowerCase();
    let pseudId = known.pseuds.get(key);
    if (pseudId === undefined) {
      pseudId = await insertImportPseud(trx, batch.archivistId, name, now);
      known.pseuds.set(key, pseudId);
      added.push(() => known.pseuds.delete(key));
    }
    if (!pseudIds.includes(pseudId)) pseudIds.push(pseudId);
  }
  await insertCreatorships(trx, pseudIds.map((pseudId, position) => ({ workId, pseudId, position, isApproved: 1, createdAt: now })));
  await insertChapters(trx, rows.chapters.map((chapter, index) => ({
    workId, position: index + 1, title: chapter.title, summary: null, notes: null, endNotes: null, body: chapter.body, wordCount: chapter.wordCount, submissionKey: null, createdAt: now, updatedAt: now,
  })));
  const external: { workId: number; externalCreatorId: number; position: number }[] = [];
  for (const [position, name] of work.creators.entries()) {
    const address = addresses[position] ?? null;
    const key = creatorKey(name, address);
    let externalCreatorId = known.creators.get(key);
    if (externalCreatorId === undefined) {
      externalCreatorId = await insertExternalCreator(trx, name, address, now);
      known.creators.set(key, externalCreatorId);
      added.push(() => known.creators.delete(key));
    }
    external.push({ workId, externalCreatorId, position });
  }
  await insertExternalCreatorships(trx, external);

  const extra = [...rows.tagFlags, ...plan.flags];
  if (work.creators.length > 0 && addresses.every((a) => !a)) extra.push({ code: 'unreachable', detail: 'no address for any creator: the work stays with the archivist' });
  const flags = [...rows.flags, ...extra];
  await insertImportedWork(trx, {
    workId,
    batchId: batch.id,
    contentHash: rows.contentHash,
    archiveName: work.provenance.archive ?? batch.archive,
    listName: work.provenance.list ?? batch.list,
    sources: rows.sources,
    originalHeader: rows.originalHeader,
    encoding: work.provenance.encoding,
    archiveConsent: work.archiveConsent,
    removalRequestedAt: null,
    createdAt: now,
  });
  await insertFlags(trx, flags.map((flag) => ({ batchId: batch.id, workId, source: work.sources[0] ?? null, code: flag.code, detail: flag.detail })));
  return { kind: 'imported', workId, flags };
}

/** Stores one work under its own savepoint; a failure rolls back that work alone. */
async function storeInSavepoint(trx: ControlledTransaction<Database>, batch: Batch, item: Prepared, known: Known, now: string): Promise<Outcome> {
  const added: (() => void)[] = [];
  const savepoint = await trx.savepoint('work').execute();
  try {
    const outcome = await storeWork(savepoint, batch, item, known, added, now);
    await savepoint.releaseSavepoint('work').execute();
    return outcome;
  } catch (error) {
    await savepoint.rollbackToSavepoint('work').execute();
    await savepoint.releaseSavepoint('work').execute();
    for (const undo of added) undo();
    return { kind: 'skipped', reason: `could not be stored (${(error as Error).message})` };
  }
}

async function storeGroupOnce(ctx: AppContext, batch: Batch, items: GroupItem[], filesRead: number): Promise<ItemResult[]> {
  const prepared = new Map<GroupItem, Prepared>();
  for (const item of items) {
    if (item.kind === 'work' && item.work.chapters.length > 0) {
      prepared.set(item, { work: item.work, rows: rowsOf(item.work), addresses: creatorAddresses(item.work as WorkWithContacts, batch.contacts) });
    }
  }
  const trx = await ctx.db.kysely.startTransaction().execute();
  try {
    // A write first: on SQLite it takes the write lock before anything is read, so what the
    // group reads cannot change before it writes (a deferred transaction that read first could
    // not write after another writer's commit). It also shows the run's progress.
    await trx.updateTable('importBatches').set({ filesRead }).where('id', '=', batch.id).execute();
    const known = await loadKnown(trx, batch, [...prepared.values()]);
    const results: ItemResult[] = [];
    const stored: number[] = [];
    for (const item of items) {
      let outcome: Outcome;
      if (item.kind === 'skipped') {
        await insertFlags(trx, [{ batchId: batch.id, workId: null, source: item.skipped.source, code: 'skipped', detail: item.skipped.reason }]);
        results.push(item);
        continue;
      }
      const entry = prepared.get(item);
      const presentId = entry && known.hashes.get(entry.rows.contentHash);
      if (!entry) outcome = { kind: 'skipped', reason: 'no story text' };
      else if (presentId !== undefined) outcome = { kind: 'present', workId: presentId };
      else if (entry.addresses.some((a) => a !== null && known.blocked.has(a))) outcome = { kind: 'skipped', reason: 'its creator asked that works under their address not be imported' };
      else outcome = await storeInSavepoint(trx, batch, entry, known, ctx.now().toISOString());
      if (outcome.kind === 'imported') {
        stored.push(outcome.workId);
        known.hashes.set(entry!.rows.contentHash, outcome.workId);
      } else if (outcome.kind === 'skipped') {
        await insertFlags(trx, [{ batchId: batch.id, workId: null, source: item.work.sources.join(', '), code: 'skipped', detail: outcome.reason }]);
      }
      results.push({ kind: 'work', outcome });
    }
    // Derived rows of the whole group, in the same transaction as the works.
    await refreshCreatorSort(trx, stored);
    await rebuildFiltersForWorks(trx, stored);
    await reindexWorks(trx, stored);
    await trx.commit().execute();
    return results;
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
}

/**
 * Stores a group of items in order, in one transaction. Returns what became of each, in the
 * same order. Only a lost database throws.
 */
export async function storeGroup(ctx: AppContext, batch: Batch, items: GroupItem[], filesRead: number): Promise<ItemResult[]> {
  try {
    return await storeGroupOnce(ctx, batch, items, filesRead);
  } catch (error) {
    if (items.length > 1) {
      const results: ItemResult[] = [];
      for (const item of items) results.push(...(await storeGroup(ctx, batch, [item], filesRead)));
      return results;
    }
    const item = items[0];
    if (item?.kind !== 'work') throw error;
    const reason = `could not be stored (${(error as Error).message})`;
    // The skip is recorded on its own; if even that fails, the run's summary still reports it.
    await insertFlags(ctx.db.kysely, [{ batchId: batch.id, workId: null, source: item.work.sources.join(', '), code: 'skipped', detail: reason }]).catch(() => undefined);
    return [{ kind: 'work', outcome: { kind: 'skipped', reason } }];
  }
}
