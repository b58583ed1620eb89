import type { Viewer } from '../accounts/session.service.ts';
import type { AppContext } from '../context.ts';
import { ok } from '../context.ts';
import type { Work } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { clearAllReadings, clearReading, recordVisit, setToRead } from './reading.repository.ts';

// Reading history (issue 12). A visit is one upsert made while the page is rendered: only
// logged-in readers have a history, and their pages are never served from the page cache, so
// every visit is seen here. The preference is read inside that statement (users.history_enabled).
// Mark for Later stays when the work is read again, as on AO3, until "Mark as read".

/** Notes a logged-in reader's visit to a work's page (`chapterId`: a chapter page). */
export async function noteVisit(ctx: AppContext, viewer: Viewer, work: Pick<Work, 'id' | 'title'>, chapterId: number | null): Promise<void> {
  await recordVisit(ctx.db.kysely, { userId: viewer.id, workId: work.id, title: work.title, chapterId, at: ctx.now().toISOString() });
}

export async function markForLater(ctx: AppContext, viewer: Viewer, work: Pick<Work, 'id' | 'title'>, toRead: boolean): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await setToRead(trx, { userId: viewer.id, workId: work.id, title: work.title, toRead, at: ctx.now().toISOString() });
    return ok(undefined);
  });
}

/** Forgets one entry; false when the reader has no such entry (a forged or someone else's id). */
export async function forgetReading(ctx: AppContext, userId: number, readingId: number): Promise<boolean> {
  const result = await inTransaction(ctx, async (trx) => ok(await clearReading(trx, userId, readingId)));
  return result.ok && result.value;
}

export async function forgetAllReadings(ctx: AppContext, userId: number): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await clearAllReadings(trx, userId);
    return ok(undefined);
  });
}
