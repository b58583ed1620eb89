import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { enqueue } from '../jobs/job.repository.ts';
import { refreshDerivedRows, worksPerRefresh } from '../works/derived.repository.ts';
import { worksUnderTag } from './filter.repository.ts';
import type { Queryable } from '../db/database.ts';

// Background jobs that keep work_filters current after wrangling, through refreshDerivedRows
// (src/works/derived.repository.ts) like every other writer. Both are idempotent: they recompute
// from the tags as they are when they run, so a retry or a duplicate does no harm.

const ids = z.array(z.number().int().positive()).max(10_000);
const workPayload = z.object({ workIds: ids });
const tagPayload = z.object({ tagIds: ids });

export async function rebuildWorkFilters(ctx: AppContext, payload: unknown): Promise<void> {
  const { workIds } = workPayload.parse(payload);
  const batch = worksPerRefresh(ctx.db.kysely);
  for (let start = 0; start < workIds.length; start += batch) {
    // Everything derived, not only the filter sets: the job is the repair for works written without it.
    await ctx.db.kysely.transaction().execute((trx) => refreshDerivedRows(trx, workIds.slice(start, start + batch)));
  }
}

/**
 * Every work tagged with, or filtered under, the tags: after they were wrangled. Tag by tag,
 * so each page is an index range; a work under two of them is rebuilt twice, harmlessly.
 */
export async function rebuildTagFilters(ctx: AppContext, payload: unknown): Promise<void> {
  const { tagIds } = tagPayload.parse(payload);
  const batch = worksPerRefresh(ctx.db.kysely);
  for (const tagId of new Set(tagIds)) {
    let after = 0;
    for (;;) {
      const workIds = await worksUnderTag(ctx.db.kysely, tagId, after, batch);
      if (workIds.length === 0) break;
      await ctx.db.kysely.transaction().execute((trx) => refreshDerivedRows(trx, workIds, 'wrangling'));
      after = workIds[workIds.length - 1]!;
    }
  }
}

/** Queues a rebuild for some works, e.g. from an import that skips the synchronous path. */
export function enqueueWorkFilters(db: Queryable, workIds: number[], now: Date): Promise<number> {
  return enqueue(db, 'rebuildWorkFilters', { workIds }, { now });
}

/** Queues a rebuild for the works under tags a wrangler changed; call it in the same transaction. */
export function enqueueTagFilters(db: Queryable, tagIds: number[], now: Date): Promise<number> {
  return enqueue(db, 'rebuildTagFilters', { tagIds: [...new Set(tagIds)] }, { now });
}
