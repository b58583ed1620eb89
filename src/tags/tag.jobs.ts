import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { enqueue } from '../jobs/job.queue.ts';
import { rebuildFiltersForWorks, worksUnderTags } from './tag.filters.ts';

type Queryable = Kysely<Database> | Transaction<Database>;

// Background jobs that keep work_filters current. Both are idempotent: they recompute from
// the tags as they are when they run, so a retry or a duplicate does no harm.

const ids = z.array(z.number().int().positive()).max(10_000);
const workPayload = z.object({ workIds: ids });
const tagPayload = z.object({ tagIds: ids });

// Works per transaction: short enough that SQLite's single writer is not held for long.
const BATCH = 500;

export async function rebuildWorkFilters(ctx: AppContext, payload: unknown): Promise<void> {
  const { workIds } = workPayload.parse(payload);
  for (let start = 0; start < workIds.length; start += BATCH) {
    await ctx.db.kysely.transaction().execute((trx) => rebuildFiltersForWorks(trx, workIds.slice(start, start + BATCH)));
  }
}

/** Every work tagged with, or filtered under, the tags: after they were wrangled. */
export async function rebuildTagFilters(ctx: AppContext, payload: unknown): Promise<void> {
  const { tagIds } = tagPayload.parse(payload);
  let after = 0;
  for (;;) {
    const workIds = await worksUnderTags(ctx.db.kysely, tagIds, after, BATCH);
    if (workIds.length === 0) return;
    await ctx.db.kysely.transaction().execute((trx) => rebuildFiltersForWorks(trx, workIds));
    after = workIds[workIds.length - 1]!;
  }
}

/** Queues a rebuild for the works of some works, e.g. from an import that skips the synchronous path. */
export function enqueueWorkFilters(db: Queryable, workIds: number[], now: Date): Promise<number> {
  return enqueue(db, 'rebuildWorkFilters', { workIds }, { now });
}

/** Queues a rebuild for the works under tags a wrangler changed; call it in the same transaction. */
export function enqueueTagFilters(db: Queryable, tagIds: number[], now: Date): Promise<number> {
  return enqueue(db, 'rebuildTagFilters', { tagIds: [...new Set(tagIds)] }, { now });
}
