import type { AppContext } from '../../src/context.ts';
import type { Tag } from '../../src/db/schema.ts';
import { runJobs } from '../../src/jobs/job.worker.ts';
import { tagKey } from '../../src/tags/tag.names.ts';
import { filtersOfWork } from '../../src/tags/tag.filters.ts';
import type { WrangleRequest } from '../../src/tags/tag.rules.ts';
import { wrangleTag } from '../../src/tags/wrangling.service.ts';

export async function tagNamed(ctx: AppContext, name: string): Promise<Tag> {
  return ctx.db.kysely.selectFrom('tags').selectAll().where('nameKey', '=', tagKey(name)).executeTakeFirstOrThrow();
}

/** Creates a tag directly (the posting form is tested elsewhere). */
export async function makeTag(ctx: AppContext, type: string, name: string, options: { canonical?: boolean } = {}): Promise<Tag> {
  await ctx.db.kysely
    .insertInto('tags')
    .values({ type, name, nameKey: tagKey(name), urlName: name.replace(/[*/&.?#]/g, (c) => `*${{ '*': 'x', '/': 's', '&': 'a', '.': 'd', '?': 'q', '#': 'h' }[c]}*`), isCanonical: options.canonical ? 1 : 0, createdAt: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return tagNamed(ctx, name);
}

/** Wrangles through the service, failing the test on a refusal; fields not given stay as they are not (empty). */
export async function wrangle(ctx: AppContext, name: string, request: Partial<WrangleRequest>): Promise<void> {
  const tag = await tagNamed(ctx, name);
  const result = await wrangleTag(ctx, tag.id, { isCanonical: false, synonymOf: '', fandoms: [], metaTags: [], ...request });
  if (!result.ok) throw new Error(`wrangle ${name}: ${JSON.stringify(result.errors)}`);
}

/** Names of a work's filter tags; inherited ones marked with "^". */
export async function filterNames(ctx: AppContext, workId: number): Promise<string[]> {
  const rows = await filtersOfWork(ctx.db.kysely, workId);
  const tags = await ctx.db.kysely.selectFrom('tags').select(['id', 'name']).execute();
  const names = new Map(tags.map((t) => [t.id, t.name]));
  return rows.map((r) => `${names.get(r.tagId)}${r.isInherited ? '^' : ''}`).sort();
}

export async function drainJobs(ctx: AppContext): Promise<void> {
  const summary = await runJobs(ctx, { once: true, log: () => {} });
  if (summary.retried + summary.failed > 0) throw new Error(`jobs failed: ${JSON.stringify(summary)}`);
}
