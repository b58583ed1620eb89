import { hasRole } from '../accounts/account.policy.ts';
import { existsSync } from 'node:fs';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { inviteCreators } from '../claims/claim.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import { withMemoryTempStore } from '../db/database.ts';
import { counted, plural } from '../text/plural.ts';
import { refreshDerivedRows } from '../works/derived.repository.ts';
import { closeBatch, finishBatch, insertBatch, storedCountsOfBatch, unfinishedBatches, workIdsOfBatch } from './import.repository.ts';
import { storeGroup, type Batch, type GroupItem, type Outcome } from './import.store.ts';
import type { ImportedWork, ReviewFlag, Skipped } from '../legacy/legacy.types.ts';
import { defaultWorkers, type WorkerStats } from '../legacy/parse.pool.ts';
import { parsePaths } from '../legacy/parse.ts';

// Importing for real (issue 3): each work the parser finds is stored under an archivist account,
// restricted to logged-in readers, credited to the archivist's pseud named after the original
// creator, with its provenance, review flags and the original creators as external creators.
// A content hash makes a second run change nothing. Files are parsed in worker threads while
// this thread stores the works in groups (import.store.ts), in the order the files were found.

import { PREPARE_ROWS } from './import.rows.ts';

export { contentHash, plainToStoredHtml } from './import.rows.ts';


export interface ImportRunOptions {
  /** Login of the archivist the works are imported under. */
  as: string;
  archive?: string | undefined;
  list?: string | undefined;
  fandom?: string | undefined;
  /** Seconds one file may take to read before it is skipped (file.budget.ts). */
  fileSeconds?: number | undefined;
  /** Send claim invitations at the end of the run (default true). */
  invite?: boolean;
  /** Worker threads that parse files; 0 parses here. Default: defaultWorkers(true). */
  workers?: number;
  /** Progress, for the command line. */
  onEvent?: (event: ImportEvent) => void;
  /** What each parsing worker thread did, when it stops (for the benchmark). */
  onWorkerStats?: (stats: WorkerStats) => void;
}

export type ImportEvent =
  | { type: 'file'; path: string }
  | { type: 'imported'; workId: number; work: ImportedWork; flags: ReviewFlag[] }
  | { type: 'present'; workId: number; work: ImportedWork }
  | { type: 'skipped'; skipped: Skipped };

export interface ImportSummary {
  batchId: number;
  filesRead: number;
  imported: number;
  present: number;
  skipped: Skipped[];
  repairs: number;
  flags: number;
  invitations: number;
}

// A group is stored in one transaction once it holds this many works, or once it has been
// collecting for this long: long enough that a commit is rare next to the works, short enough
// that SQLite's one write lock is never held long (a group of 100 takes some tens of ms) and
// that progress shows.
const GROUP_WORKS = 100;
const GROUP_ENTRIES = 1_000;
const GROUP_MILLISECONDS = 500;

// Works of batches written before their derived rows went into each group's transaction.
const INDEX_CHUNK = 200;

/** Brings the derived rows of batches whose run was interrupted up to date, and closes those batches. */
export async function finishInterruptedBatches(ctx: AppContext): Promise<void> {
  for (const batch of await unfinishedBatches(ctx.db.kysely)) {
    const workIds = await workIdsOfBatch(ctx.db.kysely, batch.id);
    for (let i = 0; i < workIds.length; i += INDEX_CHUNK) {
      const chunk = workIds.slice(i, i + INDEX_CHUNK);
      await ctx.db.kysely.transaction().execute((trx) => refreshDerivedRows(trx, chunk));
    }
    await closeBatch(ctx.db.kysely, batch.id, ctx.now().toISOString(), await storedCountsOfBatch(ctx.db.kysely, batch.id));
  }
}

/** Stores one parsed work in its own transaction; a failure leaves nothing of it behind. */
export async function importWork(ctx: AppContext, batch: Batch, work: ImportedWork): Promise<Outcome> {
  const [result] = await storeGroup(ctx, batch, [{ kind: 'work', work }], 0);
  return result?.kind === 'work' ? result.outcome : { kind: 'skipped', reason: 'not stored' };
}

/** Imports every work under the given files and folders as one batch of the archivist `options.as`. */
export async function importPaths(ctx: AppContext, paths: string[], options: ImportRunOptions): Promise<Result<ImportSummary>> {
  const archivist = await findUserByLogin(ctx.db.kysely, options.as);
  if (!archivist) return invalid({ as: `There is no account "${options.as}".` });
  if (!hasRole(archivist, 'archivist')) {
    return invalid({ as: `"${archivist.login}" is not an archivist: only accounts with the archivist or admin role can import (records-room user role ${archivist.login} archivist).` });
  }
  const missing = paths.filter((path) => !existsSync(path));
  if (paths.length === 0 || missing.length > 0) {
    const names = missing.map((path) => `"${path}"`).join(', ');
    return invalid({ paths: paths.length === 0 ? 'Say which files or folders to import.' : `Nothing was imported: ${plural(missing.length, 'there is no file or folder', 'there are no files or folders')} ${names}.` });
  }
  await finishInterruptedBatches(ctx);
  const batch: Batch = { id: 0, archivistId: archivist.id, archive: options.archive ?? null, list: options.list ?? null, contacts: { mbox: null } };
  batch.id = await insertBatch(ctx.db.kysely, { archivistId: archivist.id, archiveName: batch.archive, listName: batch.list, startedAt: ctx.now().toISOString() });
  const summary: ImportSummary = { batchId: batch.id, filesRead: 0, imported: 0, present: 0, skipped: [], repairs: 0, flags: 0, invitations: 0 };
  const emit = options.onEvent ?? (() => {});
  const importedWorkIds: number[] = [];

  // What the parser gave since the last group, in order; progress events wait with it, so the
  // command line reports files, works and skips in the order they were found.
  let pending: ({ kind: 'file'; path: string } | GroupItem)[] = [];
  let groupWorks = 0;
  let groupStarted = Date.now();
  const skipped = (entry: Skipped) => {
    summary.skipped.push(entry);
    emit({ type: 'skipped', skipped: entry });
  };
  const flush = async () => {
    const entries = pending;
    pending = [];
    groupWorks = 0;
    groupStarted = Date.now();
    const items = entries.filter((entry): entry is GroupItem => entry.kind !== 'file');
    const results = items.length > 0 ? await storeGroup(ctx, batch, items, summary.filesRead) : [];
    let next = 0;
    for (const entry of entries) {
      if (entry.kind === 'file') {
        emit({ type: 'file', path: entry.path });
        continue;
      }
      const result = results[next++]!;
      if (result.kind === 'skipped') skipped(result.skipped);
      else if (entry.kind === 'work') recordOutcome(entry.work, result.outcome);
    }
  };
  const recordOutcome = (work: ImportedWork, outcome: Outcome) => {
    if (outcome.kind === 'skipped') skipped({ source: work.sources.join(', '), reason: outcome.reason });
    else if (outcome.kind === 'present') {
      summary.present++;
      emit({ type: 'present', workId: outcome.workId, work });
    } else {
      summary.imported++;
      summary.repairs += work.repairs.reduce((sum, repair) => sum + (repair.count ?? 1), 0);
      // Repairs are review flags on the batch page too, but counted once, as repairs.
      summary.flags += outcome.flags.filter((flag) => !flag.code.startsWith('repair:')).length;
      importedWorkIds.push(outcome.workId);
      emit({ type: 'imported', workId: outcome.workId, work, flags: outcome.flags });
    }
  };

  const workers = options.workers ?? defaultWorkers(true);
  const parseOptions = { archive: options.archive, list: options.list, fandom: options.fandom, fileSeconds: options.fileSeconds };
  await withMemoryTempStore(ctx.db, async () => {
    for await (const event of parsePaths(paths, parseOptions, { workers, prepare: PREPARE_ROWS, onWorkerStats: options.onWorkerStats })) {
      if (event.type === 'file') {
        summary.filesRead++;
        pending.push({ kind: 'file', path: event.path });
      } else if (event.type === 'skipped') pending.push({ kind: 'skipped', skipped: event.skipped });
      else {
        pending.push({ kind: 'work', work: event.work });
        groupWorks++;
      }
      if (groupWorks >= GROUP_WORKS || pending.length >= GROUP_ENTRIES || Date.now() - groupStarted >= GROUP_MILLISECONDS) await flush();
    }
    await flush();
  });
  await finishBatch(
    ctx.db.kysely,
    batch.id,
    { filesRead: summary.filesRead, worksImported: summary.imported, worksPresent: summary.present, skipped: summary.skipped.length, repairs: summary.repairs, flags: summary.flags },
    ctx.now().toISOString(),
  );
  if (options.invite !== false && ctx.mailer && importedWorkIds.length > 0) summary.invitations = await inviteCreators(ctx, importedWorkIds);
  return ok(summary);
}

/** One file (or folder) as its own batch. */
export function importFile(ctx: AppContext, path: string, options: ImportRunOptions): Promise<Result<ImportSummary>> {
  return importPaths(ctx, [path], options);
}

/** The end-of-run report for standard error. */
export function formatSummary(summary: ImportSummary, seconds: number): string {
  const reasons = new Map<string, number>();
  for (const skipped of summary.skipped) reasons.set(skipped.reason, (reasons.get(skipped.reason) ?? 0) + 1);
  const counts = [
    counted(summary.filesRead, 'file read', 'files read'),
    counted(summary.imported, 'work imported', 'works imported'),
    `${summary.present.toLocaleString('en')} already imported`,
    `${summary.skipped.length.toLocaleString('en')} skipped`,
    counted(summary.repairs, 'repair'),
    counted(summary.flags, 'flag'),
    counted(summary.invitations, 'claim invitation sent', 'claim invitations sent'),
  ];
  const lines = [
    `import batch ${summary.batchId}: ${counts.join(', ')} (${seconds.toFixed(1)}s)`,
    ...[...reasons].map(([reason, count]) => `  skipped ${count}: ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
