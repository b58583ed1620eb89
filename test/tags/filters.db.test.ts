import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllFilters, rebuildFiltersForWorks } from '../../src/tags/filter.repository.ts';
import { filterTagFor } from '../../src/tags/tag.repository.ts';
import { wrangleTag } from '../../src/tags/wrangling.service.ts';
import { updateWork } from '../../src/works/work.service.ts';
import { drainJobs, filterNames, makeTag, makeUser, makeWork, tagNamed, type TestUser, wrangle } from '../support/factories.ts';
import { useTestContext } from '../support/database.ts';
import { engineOf } from '../../src/db/dialect.ts';

const { ctx } = useTestContext();
let author: TestUser;

// Works are posted through the real service, which builds their filters as it saves them.
const post = (overrides: Parameters<typeof makeWork>[2]) => makeWork(ctx, author, overrides);

beforeAll(async () => {
  author = await makeUser(ctx);
});

const base = ['General Audiences', 'Gen', 'No Archive Warnings Apply'];

describe('filter sets', () => {
  it('count an unwrangled tag as itself, and follow synonyms once wrangled', async () => {
    const work = await post({ fandoms: ['Smallville'], characters: ['Clark Kent'], relationships: ['Clex'] });
    // Built as the work was posted, in its transaction.
    expect(await filterNames(ctx, work)).toEqual([...base, 'Clark Kent', 'Clex', 'Smallville'].sort());

    await makeTag(ctx, 'Relationship', 'Clark Kent/Lex Luthor', { canonical: true });
    await wrangle(ctx, 'Clex', { synonymOf: 'Clark Kent/Lex Luthor' });
    // Queued, not yet run: the page reads the old set until the job has run.
    expect(await filterNames(ctx, work)).toContain('Clex');
    await drainJobs(ctx);
    expect(await filterNames(ctx, work)).toEqual([...base, 'Clark Kent', 'Clark Kent/Lex Luthor', 'Smallville'].sort());

    const clex = await tagNamed(ctx, 'Clex');
    const canonical = await tagNamed(ctx, 'Clark Kent/Lex Luthor');
    expect(await filterTagFor(ctx.db.kysely, clex.id)).toBe(canonical.id);
    expect(await filterTagFor(ctx.db.kysely, canonical.id)).toBe(canonical.id);
  });

  it('follow a work edited through the works service', async () => {
    const work = await post({ title: 'Edited', fandoms: ['Smallville'], characters: [], relationships: [], freeforms: ['Before'] });
    const edited = await updateWork(ctx, author, work, {
      title: 'Edited', summary: null, notes: null, endNotes: null, rating: 'Mature', warnings: ['No Archive Warnings Apply'], categories: ['Gen'],
      fandoms: ['Smallville'], relationships: [], characters: [], freeforms: ['After'], language: 'en', pseudIds: [author.pseudId], coCreators: [],
      isRestricted: false, expectedChapters: 1, isComplete: false,
    });
    expect(edited.ok).toBe(true);
    expect(await filterNames(ctx, work)).toEqual(['After', 'Gen', 'Mature', 'No Archive Warnings Apply', 'Smallville']);
  });

  it('inherit every metatag above a tag, transitively, and drop them when unlinked', async () => {
    await makeTag(ctx, 'Fandom', 'DCU', { canonical: true });
    await makeTag(ctx, 'Fandom', 'DC Comics (All Media)', { canonical: true });
    const work = await post({ title: 'Meta', fandoms: ['Smallville (TV)'], characters: [], relationships: [] });
    await wrangle(ctx, 'Smallville (TV)', { isCanonical: true, metaTags: ['DCU'] });
    await wrangle(ctx, 'DCU', { isCanonical: true, metaTags: ['DC Comics (All Media)'] });
    await drainJobs(ctx);
    expect(await filterNames(ctx, work)).toEqual([...base, 'DC Comics (All Media)^', 'DCU^', 'Smallville (TV)'].sort());

    // A synonym of a subtag is found under every metatag too.
    const viaSynonym = await post({ title: 'Via synonym', fandoms: ['SV'], characters: [], relationships: [] });
    await wrangle(ctx, 'SV', { synonymOf: 'Smallville (TV)' });
    await drainJobs(ctx);
    expect(await filterNames(ctx, viaSynonym)).toEqual([...base, 'DC Comics (All Media)^', 'DCU^', 'Smallville (TV)'].sort());

    await wrangle(ctx, 'DCU', { isCanonical: true, metaTags: [] });
    await drainJobs(ctx);
    expect(await filterNames(ctx, work)).toEqual([...base, 'DCU^', 'Smallville (TV)'].sort());
  });

  it('are rebuilt by the tag job page by page, for more works than one batch', async () => {
    const stray = await makeTag(ctx, 'Freeform', 'Slow Burn (stray spelling)');
    await makeTag(ctx, 'Freeform', 'Slow Burn', { canonical: true });
    const now = new Date().toISOString();
    const works = await ctx.db.kysely
      .insertInto('works')
      .values(Array.from({ length: 250 }, (_, i) => ({ title: `Paged ${i}`, language: 'en', isDraft: 0, isRestricted: 0, isComplete: 1, wordCount: 1, chapterCount: 1, updatedAt: now, createdAt: now })) as never)
      .returning('id')
      .execute();
    await ctx.db.kysely.insertInto('workTags').values(works.map((w) => ({ workId: w.id, tagId: stray.id }))).execute();
    await rebuildFiltersForWorks(ctx.db.kysely, works.map((w) => w.id));
    await wrangle(ctx, 'Slow Burn (stray spelling)', { synonymOf: 'Slow Burn' });
    await drainJobs(ctx);
    const canonical = await tagNamed(ctx, 'Slow Burn');
    const under = await ctx.db.kysely.selectFrom('workFilters').select('workId').where('tagId', '=', canonical.id).execute();
    expect(under).toHaveLength(250);
    expect(await ctx.db.kysely.selectFrom('workFilters').select('workId').where('tagId', '=', stray.id).execute()).toEqual([]);
  });

  it('are the same when rebuilt all at once, set-based', async () => {
    const works = await ctx.db.kysely.selectFrom('works').select('id').orderBy('id').execute();
    const before = await Promise.all(works.map((w) => filterNames(ctx, w.id)));
    await ctx.db.kysely.deleteFrom('workFilters').execute();
    await rebuildAllFilters(ctx.db.kysely);
    expect(await Promise.all(works.map((w) => filterNames(ctx, w.id)))).toEqual(before);
    // The load sets the foreign keys aside for itself; deleting a work must cascade again after.
    if (engineOf(ctx.db.kysely) === 'sqlite') {
      const pragma = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(ctx.db.kysely);
      expect(pragma.rows[0]?.foreignKeys).toBe(1);
    }
    const gone = works[0]!.id;
    await ctx.db.kysely.deleteFrom('works').where('id', '=', gone).execute();
    expect(await filterNames(ctx, gone)).toEqual([]);
    await rebuildAllFilters(ctx.db.kysely);
  });
});

describe('wrangling rules', () => {
  it('refuse a synonym of a synonym, of another type, or that is also canonical', async () => {
    await makeTag(ctx, 'Character', 'Kal-El', { canonical: false });
    await wrangle(ctx, 'Clark Kent', { isCanonical: true });
    const kal = await tagNamed(ctx, 'Kal-El');
    const request = { isCanonical: false, synonymOf: 'Clex', fandoms: [], metaTags: [] };
    const refusal = async (changes: Partial<typeof request>) => {
      const result = await wrangleTag(ctx, kal.id, { ...request, ...changes });
      return result.ok ? null : result.errors;
    };
    expect((await refusal({ synonymOf: 'Clex' }))?.synonymOf).toMatch(/Relationship tag; a Character tag/);
    expect((await refusal({ synonymOf: 'Nobody Here' }))?.synonymOf).toBe('There is no tag named “Nobody Here”.');
    expect((await refusal({ synonymOf: 'Kal-El' }))?.synonymOf).toBe('A tag cannot be a synonym of itself.');
    expect((await refusal({ synonymOf: 'Clark Kent', isCanonical: true }))?.synonymOf).toMatch(/cannot be canonical/);
    await wrangle(ctx, 'Kal-El', { synonymOf: 'Clark Kent' });
    await makeTag(ctx, 'Character', 'Superman');
    const superman = await tagNamed(ctx, 'Superman');
    const viaSynonym = await wrangleTag(ctx, superman.id, { ...request, synonymOf: 'Kal-El' });
    expect(viaSynonym.ok ? null : viaSynonym.errors.synonymOf).toBe('“Kal-El” is itself a synonym of “Clark Kent”; choose “Clark Kent”.');
  });

  it('keep a canonical with synonyms canonical, but merge it into another with its synonyms', async () => {
    await makeTag(ctx, 'Freeform', 'Coffee Shop AU', { canonical: true });
    await makeTag(ctx, 'Freeform', 'coffeeshop au');
    await makeTag(ctx, 'Freeform', 'Alternate Universe - Coffee Shop', { canonical: true });
    await wrangle(ctx, 'coffeeshop au', { synonymOf: 'Coffee Shop AU' });
    const work = await post({ title: 'Latte', freeforms: ['coffeeshop au'], characters: [], relationships: [] });
    const shop = await tagNamed(ctx, 'Coffee Shop AU');
    const dropped = await wrangleTag(ctx, shop.id, { isCanonical: false, synonymOf: '', fandoms: [], metaTags: [] });
    expect(dropped.ok ? null : dropped.errors.isCanonical).toMatch(/has synonyms \(“coffeeshop au”\)/);

    await wrangle(ctx, 'Coffee Shop AU', { synonymOf: 'Alternate Universe - Coffee Shop' });
    expect((await tagNamed(ctx, 'coffeeshop au')).mergerId).toBe((await tagNamed(ctx, 'Alternate Universe - Coffee Shop')).id);
    await drainJobs(ctx);
    expect(await filterNames(ctx, work)).toContain('Alternate Universe - Coffee Shop');
  });

  it('refuse metatag loops, metatags of another type, and fixed tags', async () => {
    await makeTag(ctx, 'Freeform', 'Alternate Universe', { canonical: true });
    await wrangle(ctx, 'Alternate Universe - Coffee Shop', { isCanonical: true, metaTags: ['Alternate Universe'] });
    const top = await tagNamed(ctx, 'Alternate Universe');
    const loop = await wrangleTag(ctx, top.id, { isCanonical: true, synonymOf: '', fandoms: [], metaTags: ['Alternate Universe - Coffee Shop'] });
    expect(loop.ok ? null : loop.errors.metaTags).toMatch(/would make a loop/);
    const self = await wrangleTag(ctx, top.id, { isCanonical: true, synonymOf: '', fandoms: [], metaTags: ['Alternate Universe'] });
    expect(self.ok ? null : self.errors.metaTags).toMatch(/would make a loop/);
    const wrongType = await wrangleTag(ctx, top.id, { isCanonical: true, synonymOf: '', fandoms: [], metaTags: ['DCU'] });
    expect(wrongType.ok ? null : wrongType.errors.metaTags).toMatch(/same type/);
    // The metatag of a subtag cannot lose its canonical status.
    const demote = await wrangleTag(ctx, top.id, { isCanonical: false, synonymOf: '', fandoms: [], metaTags: [] });
    expect(demote.ok ? null : demote.errors.isCanonical).toMatch(/is the metatag of “Alternate Universe - Coffee Shop”/);
    const rating = await tagNamed(ctx, 'Explicit');
    const fixed = await wrangleTag(ctx, rating.id, { isCanonical: true, synonymOf: '', fandoms: [], metaTags: [] });
    expect(fixed.ok ? null : fixed.errors.form).toMatch(/fixed list/);
  });

  it('file characters under canonical fandoms only', async () => {
    const clark = await tagNamed(ctx, 'Clark Kent');
    const attempt = (fandoms: string[]) => wrangleTag(ctx, clark.id, { isCanonical: true, synonymOf: '', fandoms, metaTags: [] });
    let result = await attempt(['Clark Kent/Lex Luthor']);
    expect(result.ok ? null : result.errors.fandoms).toBe('“Clark Kent/Lex Luthor” is not a fandom.');
    await makeTag(ctx, 'Fandom', 'Smallvile');
    result = await attempt(['Smallvile']);
    expect(result.ok ? null : result.errors.fandoms).toMatch(/not canonical/);
    result = await attempt(['Smallville (TV)', 'DCU']);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.refiltering).toBe(false);
    const dcu = await tagNamed(ctx, 'DCU');
    const fandom = await wrangleTag(ctx, dcu.id, { isCanonical: true, synonymOf: '', fandoms: ['Smallville (TV)'], metaTags: [] });
    expect(fandom.ok ? null : fandom.errors.fandoms).toMatch(/Only characters, relationships and additional tags/);
  });
});
