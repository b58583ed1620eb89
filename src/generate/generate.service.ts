import { hashPassword } from '../accounts/password.ts';
import type { AppContext } from '../context.ts';
import { insertRows } from '../db/insert.rows.ts';
import { rebuildSearchIndex } from '../search/search-index.repository.ts';
import { rebuildAllFilters } from '../tags/filter.repository.ts';
import { tagKey, toUrlName } from '../tags/tag.names.ts';
import { countWords } from '../text/words.ts';
import { sortTitle } from '../works/work.titles.ts';
import {
  CATEGORY_WEIGHTS, FANDOM_STEMS, FIRST_NAMES, FREEFORMS, LANGUAGE_WEIGHTS, LAST_NAMES, RATING_WEIGHTS, TITLE_WORDS, WARNING_WEIGHTS,
} from './generate.data.ts';
import { analyzeLoadedTables, existingTags, nextId, settleAfterBulkLoad } from './generate.repository.ts';
import { Random, Zipf } from './random.ts';
import { sentence, paragraphs } from './prose.ts';

export interface GenerateOptions {
  works: number;
  seed: number;
  /** Words per chapter, on average. */
  textWords: number;
  onProgress?: (worksDone: number, total: number) => void;
  /** Told when a set-wide step after the works begins (it may take a while). */
  onStage?: (stage: string) => void;
  /** Works written to the search index so far (its longest step on PostgreSQL). */
  onIndexProgress?: (worksDone: number, total: number) => void;
}

export interface GenerateSummary {
  users: number;
  tags: number;
  works: number;
  chapters: number;
  words: number;
}

interface TagSeed { id: number; type: string; name: string; canonical: boolean; mergerId: number | null }
interface FandomSeed { id: number; characters: number[]; relationships: number[]; synonyms: number[] }

// Rows per INSERT: SQLite binds at most 32,766 parameters and PostgreSQL 65,535; the widest
// table here has 16 columns, so 1,000 rows stay well inside both.
const ROWS_PER_INSERT = 1000;
const WORKS_PER_TRANSACTION = 2000;

/**
 * Fills the archive with a deterministic synthetic one: authors and pseuds, Zipf-popular
 * fandoms with their characters, relationships and synonyms, and works in AO3-like
 * proportions. Writes in batches, so memory stays flat at any size.
 */
export async function generateArchive(ctx: AppContext, options: GenerateOptions): Promise<GenerateSummary> {
  const db = ctx.db.kysely;
  const random = new Random(options.seed);
  const now = ctx.now().toISOString();
  const tagsByKey = new Map(
    (await existingTags(db)).map((t) => [t.nameKey, { id: t.id, type: t.type }]),
  );
  let tagId = await nextId(db, 'tags');
  const newTags: TagSeed[] = [];
  const tag = (type: string, name: string, canonical = true, mergerId: number | null = null): number => {
    let unique = name;
    for (let n = 2; tagsByKey.has(tagKey(unique)) && tagsByKey.get(tagKey(unique))!.type !== type; n++) unique = `${name} (${n})`;
    const existing = tagsByKey.get(tagKey(unique));
    if (existing) return existing.id;
    const seed = { id: tagId++, type, name: unique, canonical, mergerId };
    newTags.push(seed);
    tagsByKey.set(tagKey(unique), { id: seed.id, type });
    return seed.id;
  };
  const fixed = (name: string) => tagsByKey.get(tagKey(name))!.id;

  // Fandoms, each with its own cast; the first relationship gets a nickname synonym.
  const fandomCount = Math.max(20, Math.min(5000, Math.round(options.works / 200)));
  const fandoms: FandomSeed[] = [];
  for (let f = 0; f < fandomCount; f++) {
    const stem = FANDOM_STEMS[f % FANDOM_STEMS.length]!;
    const name = f < FANDOM_STEMS.length ? stem : `${stem} ${Math.floor(f / FANDOM_STEMS.length) + 1}`;
    const fandomId = tag('Fandom', name);
    const cast = Array.from({ length: random.int(6, 12) }, () => [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)] as const);
    const characters = cast.map(([first, last]) => tag('Character', `${first} ${last}${f < FANDOM_STEMS.length ? '' : ` (${name})`}`));
    const relationships: number[] = [];
    const synonyms: number[] = [];
    for (let r = 0; r < random.int(3, 8); r++) {
      const a = random.int(0, cast.length - 1);
      const b = (a + random.int(1, cast.length - 1)) % cast.length;
      const joiner = random.chance(0.8) ? '/' : ' & ';
      const full = `${cast[a]![0]} ${cast[a]![1]}${joiner}${cast[b]![0]} ${cast[b]![1]}`;
      const canonicalId = tag('Relationship', f < FANDOM_STEMS.length ? full : `${full} (${name})`);
      relationships.push(canonicalId);
      if (r === 0) synonyms.push(tag('Relationship', `${cast[a]![0]}${joiner}${cast[b]![0]} (${name})`, false, canonicalId));
    }
    fandoms.push({ id: fandomId, characters, relationships, synonyms });
  }
  const freeforms = FREEFORMS.map((name) => tag('Freeform', name));
  const freeformSynonym = tag('Freeform', 'AU', false, tag('Freeform', 'Alternate Universe'));
  const tagRows = newTags.map((t) => ({
    id: t.id, type: t.type, name: t.name, nameKey: tagKey(t.name), urlName: toUrlName(t.name), isCanonical: t.canonical ? 1 : 0, mergerId: t.mergerId, createdAt: now,
  }));
  await insertRows(db, 'tags', tagRows, {}, ROWS_PER_INSERT);

  // Authors: one shared password hash (argon2 takes ~10 ms, too slow per generated user).
  const userCount = Math.max(10, Math.round(options.works / 8));
  const passwordHash = await hashPassword('generated-password');
  const firstUser = await nextId(db, 'users');
  const firstPseud = await nextId(db, 'pseuds');
  for (let start = 0; start < userCount; start += 10_000) {
    const users = [];
    const pseuds = [];
    for (let u = start; u < Math.min(userCount, start + 10_000); u++) {
      // Named by id, so a second run into the same archive makes new, distinct authors.
      const login = `author_${firstUser + u}`;
      users.push({ id: firstUser + u, login, loginKey: login, email: `${login}@example.invalid`, emailKey: `${login}@example.invalid`, passwordHash, role: 'user', createdAt: now, updatedAt: now });
      pseuds.push({ id: firstPseud + u, userId: firstUser + u, name: login, nameKey: login, isDefault: 1, createdAt: now });
    }
    await insertRows(db, 'users', users, {}, ROWS_PER_INSERT);
    await insertRows(db, 'pseuds', pseuds, {}, ROWS_PER_INSERT);
  }

  const fandomRank = new Zipf(fandoms.length);
  const authorRank = new Zipf(userCount, 0.9);
  let workId = await nextId(db, 'works');
  let chapterId = await nextId(db, 'chapters');
  const summary: GenerateSummary = { users: userCount, tags: newTags.length, works: 0, chapters: 0, words: 0 };
  const start = Date.parse('2009-11-14T00:00:00Z');
  const span = Date.parse('2026-11-01T00:00:00Z') - start;

  for (let batchStart = 0; batchStart < options.works; batchStart += WORKS_PER_TRANSACTION) {
    const works: Record<string, unknown>[] = [];
    const chapters: Record<string, unknown>[] = [];
    const creatorships: Record<string, unknown>[] = [];
    const workTags: Record<string, unknown>[] = [];
    for (let w = batchStart; w < Math.min(options.works, batchStart + WORKS_PER_TRANSACTION); w++) {
      const id = workId++;
      const fandom = fandoms[fandomRank.sample(random)]!;
      const tagIds = new Set<number>([fixed(random.weighted(RATING_WEIGHTS)), fixed(random.weighted(WARNING_WEIGHTS)), fixed(random.weighted(CATEGORY_WEIGHTS)), fandom.id]);
      if (random.chance(0.05)) tagIds.add(fandoms[fandomRank.sample(random)]!.id);
      for (let r = random.int(0, 2); r > 0; r--) tagIds.add(random.chance(0.15) && fandom.synonyms.length ? random.pick(fandom.synonyms) : random.pick(fandom.relationships));
      for (let c = random.int(1, 4); c > 0; c--) tagIds.add(random.pick(fandom.characters));
      for (let t = random.int(0, 5); t > 0; t--) tagIds.add(random.chance(0.03) ? freeformSynonym : random.pick(freeforms));
      const chapterCount = random.chance(0.75) ? 1 : random.int(2, 10);
      const published = start + Math.floor(random.next() * span);
      const updated = chapterCount > 1 ? Math.min(start + span, published + Math.floor(random.next() * 400 * 86_400_000)) : published;
      let wordCount = 0;
      for (let p = 1; p <= chapterCount; p++) {
        const text = paragraphs(random, Math.max(10, Math.round(options.textWords * (0.5 + random.next()))));
        const words = countWords(text);
        wordCount += words;
        chapters.push({ id: chapterId++, workId: id, position: p, title: null, summary: null, notes: null, endNotes: null, body: text, wordCount: words, submissionKey: null, createdAt: new Date(p === chapterCount ? updated : published).toISOString(), updatedAt: new Date(updated).toISOString() });
      }
      const inProgress = chapterCount > 1 && random.chance(0.3);
      const title = `${random.chance(0.3) ? 'The ' : ''}${random.pick(TITLE_WORDS)} ${random.chance(0.5) ? 'of' : 'and'} ${random.pick(TITLE_WORDS)}`;
      const author = authorRank.sample(random);
      // Reader counts fall off steeply, as on AO3: most works have a few kudos, a few have thousands.
      const popularity = Math.pow(random.next(), 3);
      works.push({
        id,
        title,
        sortTitle: sortTitle(title),
        creatorSort: `author_${firstUser + author}`,
        kudosCount: Math.floor(popularity * 3000),
        commentCount: Math.floor(popularity * random.next() * 300),
        bookmarkCount: Math.floor(popularity * random.next() * 600),
        hitCount: Math.floor(popularity * 60_000) + random.int(0, 200),
        summary: `<p>${sentence(random, random.int(12, 40))}</p>`,
        notes: null,
        endNotes: null,
        language: random.weighted(LANGUAGE_WEIGHTS),
        isDraft: 0,
        isRestricted: random.chance(0.05) ? 1 : 0,
        isComplete: inProgress ? 0 : 1,
        expectedChapters: inProgress ? (random.chance(0.5) ? null : chapterCount + random.int(1, 5)) : chapterCount,
        wordCount,
        chapterCount,
        submissionKey: null,
        publishedAt: new Date(published).toISOString(),
        updatedAt: new Date(updated).toISOString(),
        createdAt: new Date(published).toISOString(),
      });
      creatorships.push({ workId: id, pseudId: firstPseud + author, position: 0, isApproved: 1, createdAt: now });
      for (const t of tagIds) workTags.push({ workId: id, tagId: t });
      summary.words += wordCount;
      summary.chapters += chapterCount;
    }
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'works', works, {}, ROWS_PER_INSERT);
      await insertRows(trx, 'chapters', chapters, {}, ROWS_PER_INSERT);
      await insertRows(trx, 'creatorships', creatorships, {}, ROWS_PER_INSERT);
      await insertRows(trx, 'workTags', workTags, {}, ROWS_PER_INSERT);
    });
    summary.works += works.length;
    options.onProgress?.(summary.works, options.works);
  }

  // The steps below look rows up by work id in batches: they need the planner's statistics.
  await analyzeLoadedTables(db);

  // Listings read precomputed filter sets; build them for everything at once, set-based.
  options.onStage?.('filters');
  await rebuildAllFilters(db);
  options.onStage?.('search index');
  await rebuildSearchIndex(db, (done) => options.onIndexProgress?.(done, summary.works));

  // Rows were written with explicit ids.
  await settleAfterBulkLoad(db);
  return summary;
}
