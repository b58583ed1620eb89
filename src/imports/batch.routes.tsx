import type { Hono } from 'hono';
import { recentRemovalDecisions } from '../claims/claim-event.repository.ts';
import { pendingRemovals } from '../claims/removal.repository.ts';
import type { AppEnv } from '../web/env.ts';
import { notFound } from '../web/errors.tsx';
import { renderPage } from '../web/layout.tsx';
import { parseId } from '../web/params.ts';
import { requireRole } from '../web/guards.ts';
import { BatchListPage, BatchPage, type BatchWorkView } from './batch.views.tsx';
import { externalCreatorsOfWorks, findBatch, flagsOfWorks, listBatches, skippedOfBatch, worksOfBatch } from './import.repository.ts';
import { groupBy } from '../arrays.ts';

const PAGE_SIZE = 200;

// /imports and /imports/:id, for archivists and administrators: what each run brought in and
// what a person should check. Anonymous visitors are sent to log in; other users get 403.

function workState(work: { hiddenAt: string | null; isRestricted: number; removalRequestedAt: string | null }): string {
  if (work.removalRequestedAt) return 'hidden: removal requested';
  if (work.hiddenAt) return 'hidden';
  return work.isRestricted ? 'restricted' : 'public';
}

export function mountBatchRoutes(app: Hono<AppEnv>): void {
  app.get('/imports', async (c) => {
    const archivist = await requireRole(c, 'archivist');
    if (archivist instanceof Response) return archivist;
    const db = c.var.app.db.kysely;
    const [batches, removals, decisions] = await Promise.all([listBatches(db), pendingRemovals(db), recentRemovalDecisions(db)]);
    return renderPage(c, { title: 'Imports', noIndex: true }, <BatchListPage batches={batches} removals={removals} decisions={decisions} />);
  });

  app.get('/imports/:id', async (c) => {
    const archivist = await requireRole(c, 'archivist');
    if (archivist instanceof Response) return archivist;
    const id = parseId(c.req.param('id'));
    const db = c.var.app.db.kysely;
    const batch = id === null ? undefined : await findBatch(db, id);
    if (!batch) return notFound(c);
    const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const works = await worksOfBatch(db, batch.id, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    const ids = works.map((w) => w.id);
    const [flags, creators, skipped] = await Promise.all([flagsOfWorks(db, ids), externalCreatorsOfWorks(db, ids), skippedOfBatch(db, batch.id)]);
    const flagsByWork = groupBy(flags, (f) => f.workId!);
    const creatorsByWork = groupBy(creators, (x) => x.workId);
    const views: BatchWorkView[] = works.map((w) => ({
      id: w.id,
      title: w.title,
      state: workState(w),
      sources: JSON.parse(w.sources) as string[],
      consent: w.archiveConsent,
      creators: (creatorsByWork.get(w.id) ?? []).map((x) => ({ id: x.externalCreatorId, name: x.name, state: x.state, isReachable: x.isReachable === 1, isBlocked: x.isBlocked === 1 })),
      flags: (flagsByWork.get(w.id) ?? []).map((f) => ({ code: f.code, detail: f.detail })),
    }));
    const pages = { page, hasNext: works.length === PAGE_SIZE };
    return renderPage(c, { title: `Import batch #${batch.id}`, noIndex: true }, <BatchPage batch={batch} works={views} skipped={skipped} pages={pages} csrfToken={c.var.csrfToken} />);
  });
}
