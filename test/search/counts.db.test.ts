import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearch } from '../../src/search/search.parser.ts';
import { MAX_PAGE, searchWorks } from '../../src/search/search.repository.ts';
import type { SearchSort } from '../../src/search/search.types.ts';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// Pages and counts of a search, for every way the engines count: a text search counts in the
// query that orders it (a window on PostgreSQL, the first ordered ids cut into pages on
// SQLite), a listing without text in a capped count of its own.

const server = useTestServer();
const matching: number[] = [];
const PER_PAGE = 2;
const WORKS = MAX_PAGE * PER_PAGE + 3;

beforeAll(async () => {
  const author = await makeUser(server.ctx);
  for (let i = 0; i < WORKS; i++) {
    // Title words give best match something to order by: the more "wombat"s, the better.
    const title = `${'Wombat '.repeat(1 + (i % 3))}Tale ${i}`;
    matching.push(await makeWork(server.ctx, author, { title, chapter: { title: null, summary: null, notes: null, endNotes: null, text: `The wombat dug a burrow, ${i}.` } }));
  }
  await makeWork(server.ctx, author, { title: 'Draft Wombat', asDraft: true });
  await makeWork(server.ctx, author, { title: 'Members Wombat', isRestricted: true });
}, 120_000);

function search(sort: SearchSort, page: number, perPage = PER_PAGE) {
  const parsed = parseSearch('wombat');
  if (!parsed.ok) throw new Error(parsed.errors);
  return searchWorks(server.ctx.db.kysely, { text: parsed.value.search, filters: null, sort, page, perPage, audience: 'public' });
}

describe('search pages and counts', () => {
  for (const sort of ['relevance', 'updated', 'title'] as const) {
    it(`${sort}: every match once across the pages, none hidden counted, the count capped past the last page`, async () => {
      const first = await search(sort, 1);
      expect(first.total).toBe(MAX_PAGE * PER_PAGE);
      expect(first.totalCapped).toBe(true);
      const seen: number[] = [];
      for (let page = 1; page <= MAX_PAGE; page++) {
        const result = await search(sort, page);
        expect(result.works).toHaveLength(PER_PAGE);
        seen.push(...result.works.map((w) => w.id));
      }
      expect(new Set(seen).size).toBe(MAX_PAGE * PER_PAGE);
      expect(seen.every((id) => matching.includes(id))).toBe(true);
    });

    it(`${sort}: an exact count under the cap, and a short last page`, async () => {
      const wide = await search(sort, 1, 20);
      expect(wide).toMatchObject({ total: WORKS, totalCapped: false });
      const last = await search(sort, Math.ceil(WORKS / 20), 20);
      expect(last.works).toHaveLength(WORKS % 20);
      // Past the last page: nothing listed, but still the count, for the page's "of N".
      expect(await search(sort, Math.ceil(WORKS / 20) + 1, 20)).toMatchObject({ works: [], total: WORKS, totalCapped: false });
    });
  }

  it('without text: the works by the sort alone, counted up to the cap', async () => {
    const listing = await searchWorks(server.ctx.db.kysely, { text: null, filters: null, sort: 'updated', page: 2, perPage: PER_PAGE, audience: 'public' });
    expect(listing).toMatchObject({ total: MAX_PAGE * PER_PAGE, totalCapped: true });
    expect(listing.works.map((w) => w.id)).toEqual([...matching].reverse().slice(PER_PAGE, 2 * PER_PAGE));
  });

  it('best match puts the works with the word most often in the title first', async () => {
    const { works } = await search('relevance', 1, 20);
    expect(works.slice(0, 5).every((w) => w.title.startsWith('Wombat Wombat Wombat '))).toBe(true);
  });
});
