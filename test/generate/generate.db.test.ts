import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../src/generate/generate.service.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

const server = useTestServer();

describe('generate', () => {
  it('fills the archive with complete, consistent works', async () => {
    const progress: number[] = [];
    const summary = await generateArchive(server.ctx, { works: 1500, seed: 7, textWords: 40, onProgress: (done) => progress.push(done) });
    expect(summary.works).toBe(1500);
    expect(progress.at(-1)).toBe(1500);
    const db = server.ctx.db.kysely;

    const works = await db.selectFrom('works').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(works.n)).toBe(1500);
    // Every work has exactly one rating, at least one warning and fandom, and a creator.
    for (const type of ['Rating', 'ArchiveWarning', 'Fandom']) {
      const missing = await db
        .selectFrom('works')
        .select(sql<number>`count(*)`.as('n'))
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('workTags').innerJoin('tags', 'tags.id', 'workTags.tagId').select('tags.id').whereRef('workTags.workId', '=', 'works.id').where('tags.type', '=', type))),
        )
        .executeTakeFirstOrThrow();
      expect(Number(missing.n), type).toBe(0);
    }
    // Word counts add up: each work's count is the sum of its chapters'.
    const mismatched = await sql<{ n: number }>`select count(*) as n from works w
      where w.word_count <> (select sum(c.word_count) from chapters c where c.work_id = w.id)
         or w.chapter_count <> (select count(*) from chapters c where c.work_id = w.id)`.execute(db);
    expect(Number(mismatched.rows[0]!.n)).toBe(0);
    // Popularity is skewed: the biggest fandom has many times the works of the median one.
    const sizes = await sql<{ n: number }>`select count(*) as n from work_tags wt join tags t on t.id = wt.tag_id
      where t.type = 'Fandom' group by t.id order by n desc`.execute(db);
    const counts = sizes.rows.map((r) => Number(r.n));
    expect(counts[0]!).toBeGreaterThan(5 * counts[Math.floor(counts.length / 2)]!);
    // Synonyms exist and point at canonical tags.
    const synonyms = await db.selectFrom('tags as s').innerJoin('tags as c', 'c.id', 's.mergerId').select(['s.name', 'c.isCanonical']).execute();
    expect(synonyms.length).toBeGreaterThan(0);
    expect(synonyms.every((s) => s.isCanonical === 1)).toBe(true);
    // Every work is in the search index, and on PostgreSQL its GIN indexes were built again
    // after the bulk fill (rebuildSearchIndex drops them first).
    const indexed = await sql<{ n: number }>`select count(*) as n from work_search`.execute(db);
    expect(Number(indexed.rows[0]!.n)).toBe(1500);
    if (engineOf(server.ctx.db.kysely) === 'postgres') {
      const gin = await sql<{ name: string }>`select indexname as name from pg_indexes
        where schemaname = current_schema() and tablename = 'work_search' and indexdef like '% USING gin %' order by indexname`.execute(db);
      expect(gin.rows.map((r) => r.name)).toEqual(['work_search_creators_idx', 'work_search_document_idx', 'work_search_pairs_idx', 'work_search_tags_idx']);
    }
  });

  it('writes the same archive for the same seed, and keeps ids usable afterwards', async () => {
    const db = server.ctx.db.kysely;
    const before = await db.selectFrom('works').select(sql<number>`max(id)`.as('max')).executeTakeFirstOrThrow();
    await generateArchive(server.ctx, { works: 50, seed: 7, textWords: 40 });
    const first = await db.selectFrom('works').select(['title', 'wordCount']).where('id', '<=', Number(before.max)).orderBy('id').limit(50).execute();
    const second = await db.selectFrom('works').select(['title', 'wordCount']).where('id', '>', Number(before.max)).orderBy('id').execute();
    expect(second).toEqual(first);
    // Posting through the archive still works after explicit ids (PostgreSQL sequences moved on).
    const user = await makeUser(server.ctx);
    expect(await makeWork(server.ctx, user)).toBeGreaterThan(Number(before.max) + 50);
  });
});
