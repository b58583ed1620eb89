import type { Insertable, Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database, Tag } from '../db/schema.ts';
import { findTagsByKeys, insertMissingTags } from '../tags/tag.repository.ts';
import { tagKey } from '../tags/tag.names.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { insertCreatorships, insertWork } from '../works/work.repository.ts';
import { creatorContacts, type ContactCache, type WorkWithContacts } from './source.heads.ts';
import {
  blockedAddresses,
  findExternalCreators,
  findPseuds,
  hashesDeletedOnRequest,
  insertChapters,
  insertExternalCreator,
  insertExternalCreatorships,
  insertFlags,
  insertImportedWorks,
  insertImportPseud,
  insertWorkTags,
  presentHashes,
  recordFilesRead,
} from './import.repository.ts';
import { rowsOf, type WorkRows } from './import.rows.ts';
import { usableTags } from './import.tags.ts';
import type { ImportedWork, ReviewFlag, Skipped } from '../legacy/legacy.types.ts';
import { chunks } from '../arrays.ts';
import { placeImportedWorks, type ImportedPlacement } from '../series/series.service.ts';

// Storing imported works, a group at a time: one write transaction for a group of works (with
// SQLite's single writer, a commit per work cost more than the work). What is looked up for
// every work (known content hashes, hashes of works deleted at their creator's request, blocked
// addresses, tags, pseuds, external creators) is read once for the group; each work's own row
// is inserted as it comes (its id is needed), and the rows that hang off it (tags, creatorships,
// chapters, external creators, provenance, flags) go in for the whole group, many to a
// statement: each statement costs about as much to build as to run, and a work has six of them.
// Derived rows (counts, creator sort, filter sets, the search index) are written for the group
// too, by one call of refreshDerivedRows in the same transaction, so a committed work is listed
// and searchable. Each work stays atomic:
// if anything in a group fails, the group is rolled back and stored again one work per
// transaction, so a bad work is skipped alone and leaves nothing.

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
  /** Set when an address was found but could not be told to be the author's: flagged, nobody invited. */
  claimantDoubt?: string | null;
}

/** Ids the group already knows: tags, pseuds and external creators by key, stored hashes. */
interface Known {
  tags: Map<string, Tag>;
  pseuds: Map<string, number>;
  creators: Map<string, number>;
  hashes: Map<string, number>;
  /** Hashes of works deleted at their creator's request: those are not imported again. */
  deleted: Set<string>;
  blocked: Set<string>;
}

// The same words for every such work, so the run's summary counts them under one reason. There
// is no switch to import it anyway: the creator decided, and the deletion record names the
// archivist and the day; if the creator wants the work back, they can post it themselves.
export const DELETED_ON_REQUEST = 'its creator asked for its removal and an archivist deleted it: it is not imported again';

const creatorKey = (name: string, address: string | null) => (address ? `e:${address.toLowerCase()}` : `n:${name.toLowerCase()}`);

/** Rows of the group's works that are written together, after the works themselves. */
interface GroupRows {
  workTags: Insertable<Database['workTags']>[];
  creatorships: Insertable<Database['creatorships']>[];
  chapters: Insertable<Database['chapters']>[];
  externalCreatorships: { workId: number; externalCreatorId: number; position: number }[];
  importedWorks: Insertable<Database['importedWorks']>[];
  /** Review flags and skips, in the order they arose. */
  flags: Insertable<Database['importFlags']>[];
  /** Works whose source names a series (src/series: placeImportedWorks). */
  series: ImportedPlacement[];
}

async function loadKnown(trx: Trx, batch: Batch, prepared: Prepared[]): Promise<Known> {
  const addresses = prepared.flatMap((p) => p.addresses.filter((a): a is string => a !== null));
  const unaddressed = prepared.flatMap((p) => p.work.creators.filter((_, i) => !p.addresses[i]).map((name) => name.toLowerCase()));
  const tags: Tag[] = [];
  for (const keys of chunks([...new Set(prepared.flatMap((p) => p.rows.tags.map((t) => tagKey(t.name))))], 500)) tags.push(...(await findTagsByKeys(trx, keys)));
  return {
    tags: new Map(tags.map((t) => [t.nameKey, t])),
    pseuds: await findPseuds(trx, batch.archivistId, prepared.flatMap((p) => p.rows.pseudNames.map((n) => n.toLowerCase()))),
    creators: await findExternalCreators(trx, addresses.map((a) => a.toLowerCase()), unaddressed),
    hashes: await presentHashes(trx, prepared.map((p) => p.rows.contentHash)),
    deleted: await hashesDeletedOnRequest(trx, prepared.map((p) => p.rows.contentHash)),
    blocked: await blockedAddresses(trx, addresses),
  };
}

// storeWork is cut into the parts below, each a function of its own, so that V8 optimises small
// functions (it recompiled the whole of a longer storeWork each time it met a new shape of work).

/** The works row of an imported work. */
function workRow(stored: WorkRows, now: string): Insertable<Database['works']> {
  return {
    title: stored.title,
    sortTitle: stored.sortTitle,
    summary: stored.summary,
    notes: stored.notes,
    endNotes: stored.endNotes,
    language: stored.language ?? 'en',
    isDraft: 0,
    // Open Doors' rule (research §7.4): imported works are for logged-in readers until claimed.
    isRestricted: 1,
    // Complete is the expected count reached; the counts come from the chapters (derived.repository.ts).
    expectedChapters: stored.isComplete ? stored.chapters.length : (stored.expectedChapters ?? null),
    submissionKey: null,
    publishedAt: stored.publishedAt ?? now,
    updatedAt: stored.updatedAt ?? stored.publishedAt ?? now,
    createdAt: now,
  };
}

/** The archivist's pseuds named after the work's creators, made where missing, without repeats. */
async function pseudIdsFor(trx: Trx, batch: Batch, names: string[], known: Known, now: string): Promise<number[]> {
  const pseudIds: number[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    let pseudId = known.pseuds.get(key);
    if (pseudId === undefined) {
      pseudId = await insertImportPseud(trx, batch.archivistId, name, now);
      known.pseuds.set(key, pseudId);
    }
    if (!pseudIds.includes(pseudId)) pseudIds.push(pseudId);
  }
  return pseudIds;
}

/** The external creator of each of the work's creators, in order, made where missing. */
async function externalCreatorIdsFor(trx: Trx, work: ImportedWork, addresses: (string | null)[], known: Known, now: string): Promise<number[]> {
  const ids: number[] = [];
  for (const [position, name] of work.creators.entries()) {
    const address = addresses[position] ?? null;
    const key = creatorKey(name, address);
    let externalCreatorId = known.creators.get(key);
    if (externalCreatorId === undefined) {
      externalCreatorId = await insertExternalCreator(trx, name, address, now);
      known.creators.set(key, externalCreatorId);
    }
    ids.push(externalCreatorId);
  }
  return ids;
}

/** The provenance row and the review flags of a stored work, queued for the group. */
function queueProvenance(batch: Batch, item: Prepared, workId: number, flags: ReviewFlag[], rows: GroupRows, now: string): void {
  const { work, rows: stored } = item;
  rows.importedWorks.push({
    workId,
    batchId: batch.id,
    contentHash: stored.contentHash,
    archiveName: work.provenance.archive ?? batch.archive,
    listName: work.provenance.list ?? batch.list,
    sources: stored.sources,
    originalHeader: stored.originalHeader,
    encoding: work.provenance.encoding,
    archiveConsent: work.archiveConsent,
    removalRequestedAt: null,
    createdAt: now,
  });
  rows.flags.push(...flags.map((flag) => ({ batchId: batch.id, workId, source: work.sources[0] ?? null, code: flag.code, detail: flag.detail })));
}

/** Inserts one work's row, and any tag, pseud or external creator new to the archive; queues the rest. */
async function storeWork(trx: Trx, batch: Batch, item: Prepared, known: Known, rows: GroupRows, now: string): Promise<Outcome> {
  const { work, rows: stored, addresses } = item;
  const plan = usableTags(stored.tags, (key) => known.tags.get(key)?.type);
  // Requests are distinct by key already (tagRequests), so each missing tag is inserted once.
  const missing = plan.requests.filter((request) => !known.tags.has(tagKey(request.name)));
  for (const tag of await insertMissingTags(trx, missing.map((m) => ({ type: m.type, name: m.name })), now)) known.tags.set(tag.nameKey, tag);
  const workId = await insertWork(trx, workRow(stored, now));
  for (const tagId of new Set(plan.requests.map((r) => known.tags.get(tagKey(r.name))!.id))) rows.workTags.push({ workId, tagId });
  const pseudIds = await pseudIdsFor(trx, batch, stored.pseudNames, known, now);
  rows.creatorships.push(...pseudIds.map((pseudId, position) => ({ workId, pseudId, position, isApproved: 1, createdAt: now })));
  rows.chapters.push(...stored.chapters.map((chapter, index) => ({
    workId, position: index + 1, title: chapter.title, summary: chapter.summary ?? null, notes: chapter.notes ?? null, endNotes: chapter.endNotes ?? null, body: chapter.body, wordCount: chapter.wordCount, submissionKey: null, createdAt: now, updatedAt: now,
  })));
  if (work.series && work.series.title.trim() !== '') rows.series.push({ workId, pseudId: pseudIds[0]!, title: work.series.title, position: work.series.position });
  const creatorIds = await externalCreatorIdsFor(trx, work, addresses, known, now);
  rows.externalCreatorships.push(...creatorIds.map((externalCreatorId, position) => ({ workId, externalCreatorId, position })));

  const extra = [...stored.tagFlags, ...plan.flags];
  if (item.claimantDoubt) extra.push({ code: 'claimant-unknown', detail: item.claimantDoubt });
  else if (work.creators.length > 0 && addresses.every((a) => !a)) extra.push({ code: 'unreachable', detail: 'no address for any creator: the work stays with the archivist' });
  const flags = [...stored.flags, ...extra];
  queueProvenance(batch, item, workId, flags, rows, now);
  return { kind: 'imported', workId, flags };
}

async function insertGroupRows(trx: Trx, rows: GroupRows, now: string): Promise<void> {
  await insertWorkTags(trx, rows.workTags);
  await insertCreatorships(trx, rows.creatorships);
  await insertChapters(trx, rows.chapters);
  await insertExternalCreatorships(trx, rows.externalCreatorships);
  await insertImportedWorks(trx, rows.importedWorks);
  await insertFlags(trx, rows.flags);
  // After the creatorships: a series is found by the pseud of a work already in it.
  await placeImportedWorks(trx, rows.series, now);
}

async function storeGroupOnce(ctx: AppContext, batch: Batch, items: GroupItem[], filesRead: number): Promise<ItemResult[]> {
  const prepared = new Map<GroupItem, Prepared>();
  for (const item of items) {
    if (item.kind === 'work' && item.work.chapters.length > 0) {
      const contacts = creatorContacts(item.work as WorkWithContacts, batch.contacts, ctx.now());
      const rows = rowsOf(item.work);
      // The original date (an eFiction story's, or a file's Date: header or Posted: label) is the work's published date.
      rows.publishedAt ??= contacts.publishedAt;
      prepared.set(item, { work: item.work, rows, addresses: contacts.addresses, claimantDoubt: contacts.doubt });
    }
  }
  const results: ItemResult[] = [];
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // A write first: on SQLite it takes the write lock before anything is read, so what the
    // group reads cannot change before it writes (a deferred transaction that read first could
    // not write after another writer's commit). It also shows the run's progress.
    await recordFilesRead(trx, batch.id, filesRead);
    const known = await loadKnown(trx, batch, [...prepared.values()]);
    const rows: GroupRows = { workTags: [], creatorships: [], chapters: [], externalCreatorships: [], importedWorks: [], flags: [], series: [] };
    const skip = (source: string, reason: string) => rows.flags.push({ batchId: batch.id, workId: null, source, code: 'skipped', detail: reason });
    const stored: number[] = [];
    for (const item of items) {
      if (item.kind === 'skipped') {
        skip(item.skipped.source, item.skipped.reason);
        results.push(item);
        continue;
      }
      const entry = prepared.get(item);
      const presentId = entry && known.hashes.get(entry.rows.contentHash);
      let outcome: Outcome;
      if (!entry) outcome = { kind: 'skipped', reason: 'no story text' };
      else if (presentId !== undefined) outcome = { kind: 'present', workId: presentId };
      else if (known.deleted.has(entry.rows.contentHash)) outcome = { kind: 'skipped', reason: DELETED_ON_REQUEST };
      else if (entry.addresses.some((a) => a !== null && known.blocked.has(a))) outcome = { kind: 'skipped', reason: 'its creator asked that works under their address not be imported' };
      else outcome = await storeWork(trx, batch, entry, known, rows, ctx.now().toISOString());
      if (outcome.kind === 'imported') {
        stored.push(outcome.workId);
        // A second copy later in the same group is already there.
        known.hashes.set(entry!.rows.contentHash, outcome.workId);
      } else if (outcome.kind === 'skipped') skip(item.work.sources.join(', '), outcome.reason);
      results.push({ kind: 'work', outcome });
    }
    await insertGroupRows(trx, rows, ctx.now().toISOString());
    // Derived rows of the whole group, in the same transaction as the works.
    await refreshDerivedRows(trx, stored);
  });
  return results;
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
