import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPseud } from '../../src/accounts/user.repository.ts';
import { editPseud } from '../../src/accounts/pseud.service.ts';
import { reindexWork, reindexWorksOfPseud, reindexWorksWithTag, searchDocuments, splitAfterWords } from '../../src/search/search-index.repository.ts';
import { searchArchive } from '../../src/search/search.service.ts';
import { tagKey } from '../../src/tags/tag.names.ts';
import { addChapter } from '../../src/works/chapter.service.ts';
import { findWork } from '../../src/works/work.repository.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

const server = useTestServer();
let author: TestUser;

const chapter = (text: string) => ({ title: null, summary: null, notes: null, endNotes: null, text });

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

async function ids(q: string): Promise<number[]> {
  const outcome = await searchArchive(server.ctx.db, { q, sort: null, page: 1 }, 'members');
  if (!outcome.ok) throw new Error(outcome.errors);
  return outcome.value.results.works.map((w) => w.id);
}

describe('the index document', () => {
  it('holds title, summary and notes, tags without the fixed ones, creators and every chapter', async () => {
    const id = await makeWork(server.ctx, author, {
      title: 'Two Parts',
      summary: '<p>A <em>summary</em></p>',
      notes: 'Some notes.',
      freeforms: ['Slow Burn'],
      chapter: { title: 'Opening', summary: null, notes: 'Chapter note.', endNotes: null, text: '<p>First &amp; chapter.</p>' },
    });
    const work = (await findWork(server.ctx.db.kysely, id))!;
    const added = await addChapter(server.ctx, work, { ...chapter('Second chapter with a quokka.'), submissionKey: null });
    expect(added.ok).toBe(true);
    await reindexWork(server.ctx.db.kysely, id);
    const document = (await searchDocuments(server.ctx.db.kysely, [id])).get(id)!;
    expect(document.title).toBe('Two Parts');
    expect(document.summary).toBe('A summary\n\nSome notes.');
    expect(document.tags.split('\n').sort()).toEqual(['Clark Kent', 'Slow Burn', 'Smallville']);
    expect(document.creators).toBe(author.login);
    expect(document.body).toContain('Opening\n\nChapter note.\n\nFirst & chapter.');
    expect(document.body).toContain('Second chapter with a quokka.');
    expect(await ids('quokka')).toEqual([id]);
    expect(await ids('"general audiences"')).toEqual([]);
  });
});

describe('keeping the index current', () => {
  it('follows a pseud rename through reindexWorksOfPseud', async () => {
    const writer = await makeUser(server.ctx, { login: 'renamer' });
    const id = await makeWork(server.ctx, writer, { title: 'By A Pseud' });
    await reindexWork(server.ctx.db.kysely, id);
    expect(await ids('creator:renamer')).toEqual([id]);
    const pseud = (await findPseud(server.ctx.db.kysely, writer.id, 'renamer'))!;
    expect((await editPseud(server.ctx, pseud, { name: 'Marmalade', description: '' })).ok).toBe(true);
    await reindexWorksOfPseud(server.ctx.db.kysely, pseud.id);
    expect(await ids('creator:marmalade')).toEqual([id]);
    // The login still names the creator, as the byline "Marmalade (renamer)" does.
    expect(await ids('creator:renamer')).toEqual([id]);
  });

  it('follows a tag rename through reindexWorksWithTag', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Tagged', freeforms: ['Fluffy Stuff'] });
    await reindexWork(server.ctx.db.kysely, id);
    const tag = await server.ctx.db.kysely.selectFrom('tags').select('id').where('name', '=', 'Fluffy Stuff').executeTakeFirstOrThrow();
    await server.ctx.db.kysely.updateTable('tags').set({ name: 'Fluffy Things', nameKey: tagKey('Fluffy Things') }).where('id', '=', tag.id).execute();
    await reindexWorksWithTag(server.ctx.db.kysely, tag.id);
    // Words of the tag, not its whole name (which tag: looks up as a tag, without the index).
    expect(await ids('tag:things')).toEqual([id]);
    expect(await ids('tag:stuff')).toEqual([]);
  });

  it('names an imported work\'s original creators', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Rescued Story' });
    const db = server.ctx.db.kysely;
    const external = await db
      .insertInto('externalCreators')
      .values({ name: 'Old Archive Writer', nameKey: 'old archive writer', email: null, emailKey: null, createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('externalCreatorships').values({ workId: id, externalCreatorId: external.id, position: 0, decidedAt: null }).execute();
    await reindexWork(db, id);
    expect(await ids('creator:"archive writer"')).toEqual([id]);
  });

  it('drops a deleted work from the index by itself', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Short Lived', chapter: chapter('Ephemeral wombat.') });
    await reindexWork(server.ctx.db.kysely, id);
    expect(await ids('wombat')).toEqual([id]);
    await server.ctx.db.kysely.deleteFrom('works').where('id', '=', id).execute();
    expect(await ids('wombat')).toEqual([]);
  });
});

describe('long texts', () => {
  it('finds words and two-word phrases anywhere, longer phrases at least in the first 15,000 words', async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i % 500}`).join(' ');
    const text = `${filler(500)} alpha beta ${filler(14_400)} kappa lambda ${filler(2_000)} omega zulu ${filler(100)}`;
    const id = await makeWork(server.ctx, author, { title: 'Very Long', chapter: chapter(text) });
    await reindexWork(server.ctx.db.kysely, id);
    expect(await ids('"alpha beta"')).toEqual([id]);
    expect(await ids('"kappa lambda"')).toEqual([id]);
    expect(await ids('zulu')).toEqual([id]);
    expect(await ids('omeg*')).toEqual([id]);
    // Two words: PostgreSQL finds the pair anywhere (word pairs, migration 007).
    expect(await ids('"omega zulu"')).toEqual([id]);
    // PostgreSQL keeps positions up to 16,383 only, so past about the first 16,000 words a
    // longer phrase is found by FTS5 alone.
    expect(await ids('"omega zulu filler0"')).toEqual(engineOf(server.ctx.db.kysely) === 'sqlite' ? [id] : []);
    expect(await ids('"kappa lambda filler0"')).toEqual([id]);
  });

  it.runIf(process.env.RR_TEST_ENGINE === 'postgres')('stores long text lz4-compressed on PostgreSQL where the server has lz4', async () => {
    const db = server.ctx.db.kysely;
    const { rows: lz4 } = await sql`select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)`.execute(db);
    const words = Array.from({ length: 3_000 }, (_, i) => `word${i % 700}`).join(' ');
    const id = await makeWork(server.ctx, author, { title: 'Compressed', chapter: chapter(words) });
    await reindexWork(db, id);
    const { rows } = await sql<{ method: string | null }>`select pg_column_compression(body) as method from work_search where work_id = ${id}`.execute(db);
    expect(rows[0]!.method).toBe(lz4.length > 0 ? 'lz4' : 'pglz');
  });

  it('finds a two-word phrase that straddles two chunks of the text', async () => {
    // Chapter text is paired in chunks of 10,000 words that overlap by one word.
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `padding${i % 300}`).join(' ');
    const id = await makeWork(server.ctx, author, { title: 'Chunked', chapter: chapter(`${filler(9_999)} river stone ${filler(50)}`) });
    await reindexWork(server.ctx.db.kysely, id);
    expect(await ids('"river stone"')).toEqual([id]);
    expect(await ids('"stone river"')).toEqual([]);
  });

  it('splits text after a number of words', () => {
    expect(splitAfterWords('one two  three four', 2)).toEqual(['one two', '  three four']);
    expect(splitAfterWords('one two', 5)).toEqual(['one two', '']);
  });
});
