import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { checkPseudName } from '../accounts/pseud.service.ts';
import { findUserByLogin } from '../accounts/user.repository.ts';
import { inviteCreators } from '../claims/claim.service.ts';
import type { AppContext, Result } from '../context.ts';
import { invalid, ok } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { reindexWorks } from '../search/search.index.ts';
import { replaceWorkTags } from '../tags/tag.repository.ts';
import { resolveTags } from '../tags/tag.service.ts';
import { escapeHtml, looksLikeHtml, toStoredHtml } from '../text/html.ts';
import { sortTitle } from '../works/work.service.ts';
import { insertChapter, insertCreatorships, insertWork, refreshCreatorSort } from '../works/work.repository.ts';
import { creatorAddresses, type ContactCache, type WorkWithContacts } from './import.contacts.ts';
import {
  blockedAddresses,
  findImportedWorkByHash,
  findOrCreateExternalCreator,
  findOrCreatePseud,
  finishBatch,
  insertBatch,
  insertExternalCreatorships,
  insertFlags,
  insertImportedWork,
  unfinishedBatches,
  workIdsOfBatch,
} from './import.repository.ts';
import { tagPlan } from './import.tags.ts';
import type { ImportedWork, ReviewFlag, Skipped } from './import.types.ts';
import { parsePaths } from './parse.ts';

// Importing for real (issue 3): each work the parser finds is stored under an archivist account
// in its own short transaction, restricted to logged-in readers, credited to the archivist's
// pseud named after the original creator, with its provenance, review flags and the original
// creators as external creators. A content hash makes a second run change nothing.

export const ARCHIVIST_ROLES: readonly string[] = ['archivist', 'admin'];
/** The archivist's pseud for works whose creator is unknown or whose name cannot be a pseud. */
export const FALLBACK_PSEUD = 'imported';

export interface ImportRunOptions {
  /** Login of the archivist the works are imported under. */
  as: string;
  archive?: string | undefined;
  list?: string | undefined;
  fandom?: string | undefined;
  /** Send claim invitations at the end of the run (default true). */
  invite?: boolean;
  /** Progress, for the command line. */
  onEvent?: (event: ImportEvent) => void;
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

interface Batch {
  id: number;
  archivistId: number;
  archive: string | null;
  list: string | null;
  contacts?: ContactCache;
}

type Outcome = { kind: 'imported'; workId: number; flags: ReviewFlag[] } | { kind: 'present'; workId: number } | { kind: 'skipped'; reason: string };

const collapse = (text: string | null) => (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/** SHA-256 of what makes the work itself: title, creators, chapter titles and text, normalised. */
export function contentHash(work: ImportedWork): string {
  const parts = [collapse(work.title), ...work.creators.map(collapse), ...work.chapters.flatMap((c) => [collapse(c.title), collapse(c.text)])];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Plain text to stored HTML. Text without anything tag-like goes straight through `toStoredHtml`;
 * text with a "<g>" or "<grin>" (common in 1998) is escaped into paragraphs first, so the
 * sanitiser keeps those words instead of dropping them as unknown tags.
 */
export function plainToStoredHtml(text: string): string {
  if (!looksLikeHtml(text)) return toStoredHtml(text);
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br />\n')}</p>`);
  return paragraphs.length > 0 ? toStoredHtml(paragraphs.join('\n')) : '';
}

const ADDRESS_ANYWHERE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A second guard: the provenance block is public, so no address may reach it. */
const redact = (text: string) => text.replace(ADDRESS_ANYWHERE, '[email address removed]');

function pseudNameFor(creator: string): string {
  const cleaned = creator.normalize('NFC').replace(/[^\p{L}\p{M}\p{N} _.-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 40).trim();
  return checkPseudName(cleaned) === null ? cleaned : FALLBACK_PSEUD;
}

function notesOf(work: ImportedWork): string | null {
  const parts = [
    work.notes,
    work.disclaimer ? `Disclaimer: ${work.disclaimer}` : null,
    work.challenge ? `Challenge: ${work.challenge}` : null,
    work.series ? `Series: ${work.series.title}${work.series.position ? `, part ${work.series.position}` : ''}` : null,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/** The review flags of one work: the parser's, its repairs, and what storing it noticed. */
function reviewFlags(work: ImportedWork, extra: ReviewFlag[]): ReviewFlag[] {
  const flags = [...work.flags];
  for (const repair of work.repairs) {
    const detail = repair.rule === 'privacy' ? 'an e-mail address in the text was removed' : `${repair.before} → ${repair.after}`;
    flags.push({ code: `repair:${repair.rule}`, detail: repair.count && repair.count > 1 ? `${detail} (×${repair.count})` : detail });
  }
  if (!work.title) flags.push({ code: 'no-title', detail: 'no title in the source; shown as "Untitled"' });
  if (work.fandoms.length === 0) flags.push({ code: 'no-fandom', detail: 'no fandom found; pass --fandom or add one' });
  if (work.creators.length === 0) flags.push({ code: 'no-creator', detail: 'no creator name found; held by the archivist' });
  if (work.archiveConsent === 'ask') flags.push({ code: 'consent-ask', detail: 'the author asked to be asked first: check permission before it is made public' });
  return [...flags, ...extra];
}

async function storeWork(trx: Transaction<Database>, ctx: AppContext, batch: Batch, work: ImportedWork, hash: string, addresses: (string | null)[]): Promise<Outcome> {
  const now = ctx.now().toISOString();
  // Checked again inside the transaction: another run may have stored it meanwhile.
  const present = await findImportedWorkByHash(trx, hash);
  if (present) return { kind: 'present', workId: present.workId };
  const plan = await tagPlan(trx, work);
  const tags = await resolveTags(trx, plan.requests, now);
  if (!tags.ok) return { kind: 'skipped', reason: `tags could not be used (${Object.values(tags.errors).join(' ')})` };

  // The parser counted each chapter's plain text by the archive's own rule (src/text/words.ts);
  // the stored HTML holds the same words, so they are not counted again.
  const chapters = work.chapters.map((chapter) => ({ title: chapter.title, body: plainToStoredHtml(chapter.text), wordCount: chapter.words }));
  const wordCount = chapters.reduce((sum, c) => sum + c.wordCount, 0);
  const title = work.title ?? 'Untitled';
  const notes = notesOf(work);
  const complete = work.status === 'complete';
  const workId = await insertWork(trx, {
    title,
    sortTitle: sortTitle(title),
    summary: work.summary ? plainToStoredHtml(work.summary) : null,
    notes: notes ? plainToStoredHtml(notes) : null,
    endNotes: work.endNotes ? plainToStoredHtml(work.endNotes) : null,
    language: 'en',
    isDraft: 0,
    // Open Doors' rule (research §7.4): imported works are for logged-in readers until claimed.
    isRestricted: 1,
    isComplete: complete ? 1 : 0,
    expectedChapters: complete ? chapters.length : null,
    wordCount,
    chapterCount: chapters.length,
    submissionKey: null,
    publishedAt: now,
    updatedAt: now,
    createdAt: now,
  });
  // Also rebuilds the work's filter set, so it is listed under its tags once committed.
  await replaceWorkTags(trx, workId, tags.tagIds);

  const names = work.creators.length > 0 ? work.creators : [];
  const pseudIds: number[] = [];
  for (const name of names.length > 0 ? names : [FALLBACK_PSEUD]) {
    const pseudId = await findOrCreatePseud(trx, batch.archivistId, pseudNameFor(name), now);
    if (!pseudIds.includes(pseudId)) pseudIds.push(pseudId);
  }
  await insertCreatorships(trx, pseudIds.map((pseudId, position) => ({ workId, pseudId, position, isApproved: 1, createdAt: now })));
  await refreshCreatorSort(trx, [workId]);
  for (const [index, chapter] of chapters.entries()) {
    await insertChapter(trx, { workId, position: index + 1, title: chapter.title, summary: null, notes: null, endNotes: null, body: chapter.body, wordCount: chapter.wordCount, submissionKey: null, createdAt: now, updatedAt: now });
  }
  const external: { workId: number; externalCreatorId: number; position: number }[] = [];
  for (const [position, name] of names.entries()) {
    external.push({ workId, externalCreatorId: await findOrCreateExternalCreator(trx, name, addresses[position] ?? null, now), position });
  }
  await insertExternalCreatorships(trx, external);

  const extra = [...plan.flags];
  if (names.length > 0 && addresses.every((a) => !a)) extra.push({ code: 'unreachable', detail: 'no address for any creator: the work stays with the archivist' });
  const flags = reviewFlags(work, extra);
  await insertImportedWork(trx, {
    workId,
    batchId: batch.id,
    contentHash: hash,
    archiveName: work.provenance.archive ?? batch.archive,
    listName: work.provenance.list ?? batch.list,
    sources: JSON.stringify(work.sources),
    originalHeader: JSON.stringify(work.labels.filter((l) => l.label !== 'fandom evidence').map((l) => ({ label: l.label, value: redact(l.value) }))),
    encoding: work.provenance.encoding,
    archiveConsent: work.archiveConsent,
    removalRequestedAt: null,
    createdAt: now,
  });
  await insertFlags(trx, flags.map((flag) => ({ batchId: batch.id, workId, source: work.sources[0] ?? null, code: flag.code, detail: flag.detail })));
  return { kind: 'imported', workId, flags };
}

// Search index rows are derived data: they are written for a few hundred imported works at a
// time, after the works commit, rather than inside each work's transaction. One FTS5 segment per
// work made every commit dearer (measured: about a third of the time per work). A run that dies
// between leaves its batch unfinished; the next run indexes the works of unfinished batches.
const INDEX_CHUNK = 200;

async function indexWorks(ctx: AppContext, workIds: number[]): Promise<void> {
  for (let i = 0; i < workIds.length; i += INDEX_CHUNK) {
    const chunk = workIds.slice(i, i + INDEX_CHUNK);
    await ctx.db.kysely.transaction().execute((trx) => reindexWorks(trx, chunk));
  }
}

/** Indexes the works of batches whose run was interrupted, and closes those batches. */
async function finishInterruptedBatches(ctx: AppContext): Promise<void> {
  for (const batch of await unfinishedBatches(ctx.db.kysely)) {
    await indexWorks(ctx, await workIdsOfBatch(ctx.db.kysely, batch.id));
    await ctx.db.kysely.updateTable('importBatches').set({ finishedAt: ctx.now().toISOString() }).where('id', '=', batch.id).execute();
  }
}

/** Stores one parsed work in its own transaction; a failure leaves nothing of it behind. */
export async function importWork(ctx: AppContext, batch: Batch, work: ImportedWork): Promise<Outcome> {
  if (work.chapters.length === 0) return { kind: 'skipped', reason: 'no story text' };
  const hash = contentHash(work);
  const present = await findImportedWorkByHash(ctx.db.kysely, hash);
  if (present) return { kind: 'present', workId: present.workId };
  const addresses = creatorAddresses(work as WorkWithContacts, batch.contacts);
  const blocked = await blockedAddresses(ctx.db.kysely, addresses.filter((a): a is string => a !== null));
  if (blocked.size > 0) return { kind: 'skipped', reason: 'its creator asked that works under their address not be imported' };
  try {
    return await ctx.db.kysely.transaction().execute((trx) => storeWork(trx, ctx, batch, work, hash, addresses));
  } catch (error) {
    return { kind: 'skipped', reason: `could not be stored (${(error as Error).message})` };
  }
}

/** Imports every work under the given files and folders as one batch of the archivist `options.as`. */
export async function importPaths(ctx: AppContext, paths: string[], options: ImportRunOptions): Promise<Result<ImportSummary>> {
  const archivist = await findUserByLogin(ctx.db.kysely, options.as);
  if (!archivist) return invalid({ as: `There is no account "${options.as}".` });
  if (!ARCHIVIST_ROLES.includes(archivist.role)) {
    return invalid({ as: `"${archivist.login}" is not an archivist: only accounts with the archivist or admin role can import (records-room user role ${archivist.login} archivist).` });
  }
  await finishInterruptedBatches(ctx);
  const batch: Batch = { id: 0, archivistId: archivist.id, archive: options.archive ?? null, list: options.list ?? null, contacts: { mbox: null } };
  batch.id = await insertBatch(ctx.db.kysely, { archivistId: archivist.id, archiveName: batch.archive, listName: batch.list, startedAt: ctx.now().toISOString() });
  const summary: ImportSummary = { batchId: batch.id, filesRead: 0, imported: 0, present: 0, skipped: [], repairs: 0, flags: 0, invitations: 0 };
  const emit = options.onEvent ?? (() => {});
  const importedWorkIds: number[] = [];
  let unindexed: number[] = [];
  const skip = async (skipped: Skipped) => {
    summary.skipped.push(skipped);
    await insertFlags(ctx.db.kysely, [{ batchId: batch.id, workId: null, source: skipped.source, code: 'skipped', detail: skipped.reason }]);
    emit({ type: 'skipped', skipped });
  };

  for await (const event of parsePaths(paths, { archive: options.archive, list: options.list, fandom: options.fandom })) {
    if (event.type === 'file') {
      summary.filesRead++;
      emit({ type: 'file', path: event.path });
    } else if (event.type === 'skipped') {
      await skip(event.skipped);
    } else {
      const outcome = await importWork(ctx, batch, event.work);
      if (outcome.kind === 'skipped') await skip({ source: event.work.sources.join(', '), reason: outcome.reason });
      else if (outcome.kind === 'present') {
        summary.present++;
        emit({ type: 'present', workId: outcome.workId, work: event.work });
      } else {
        summary.imported++;
        summary.repairs += event.work.repairs.reduce((sum, repair) => sum + (repair.count ?? 1), 0);
        // Repairs are review flags on the batch page too, but counted once, as repairs.
        summary.flags += outcome.flags.filter((flag) => !flag.code.startsWith('repair:')).length;
        importedWorkIds.push(outcome.workId);
        unindexed.push(outcome.workId);
        if (unindexed.length >= INDEX_CHUNK) {
          await indexWorks(ctx, unindexed);
          unindexed = [];
        }
        emit({ type: 'imported', workId: outcome.workId, work: event.work, flags: outcome.flags });
      }
    }
  }
  await indexWorks(ctx, unindexed);
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
  const lines = [
    `import batch ${summary.batchId}: ${summary.filesRead} files read, ${summary.imported} works imported, ${summary.present} already imported, ` +
      `${summary.skipped.length} skipped, ${summary.repairs} repairs, ${summary.flags} flags, ${summary.invitations} claim invitations sent (${seconds.toFixed(1)}s)`,
    ...[...reasons].map(([reason, count]) => `  skipped ${count}: ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
