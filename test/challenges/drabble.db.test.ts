import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkToCollection } from '../../src/collections/collection.service.ts';
import { addToCollection, makeCollection, makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let author: TestUser;
let other: TestUser;
let moderator: TestUser;

const words = (n: number, word = 'rain') => Array(n).fill(word).join(' ');
const drabble = (n = 100) => ({ title: null, summary: null, notes: null, endNotes: null, text: words(n) });

beforeAll(async () => {
  author = await makeUser(server.ctx, { login: `tower_author_${Date.now().toString(36)}` });
  other = await makeUser(server.ctx);
  moderator = await makeUser(server.ctx);
});

describe('a drabble challenge', () => {
  it('refuses a work that breaks the word rule, saying by how many words', async () => {
    const { name } = await makeCollection(server.ctx, moderator, { challengeType: 'drabble', wordRule: { kind: 'exactly', count: 100, scope: 'chapter' } });
    const id = await makeWork(server.ctx, author, { chapter: drabble(103) });
    const result = await addWorkToCollection(server.ctx, author, id, name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.values(result.errors).join(' ')).toContain('3 words too many');
  });

  it('refuses a new chapter or an edit that breaks the rule of a collection the work is in, and keeps the text typed', async () => {
    const { name } = await makeCollection(server.ctx, moderator, { title: 'Hundred Words', challengeType: 'drabble', wordRule: { kind: 'exactly', count: 100, scope: 'chapter' } });
    const id = await makeWork(server.ctx, author, { chapter: drabble(), expectedChapters: null });
    await addToCollection(server.ctx, author, id, name);
    const agent = await server.agent().signInAs(author.id);

    const short = await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Too short', text: words(96) });
    expect(short.status).toBe(422);
    const html = page(await short.text());
    expect(html.fieldError('text')).toContain('Hundred Words');
    expect(html.fieldError('text')).toContain('4 words short of exactly 100');
    expect(html.value('chapterTitle')).toBe('Too short');
    expect((await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', id).execute()).length).toBe(1);

    expect((await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Second', text: words(100, 'storm') })).status).toBe(303);
    const chapters = await server.ctx.db.kysely.selectFrom('chapters').select(['id', 'body']).where('workId', '=', id).orderBy('position').execute();
    expect(chapters.length).toBe(2);

    const edit = await agent.post(`/works/${id}/chapters/${chapters[1]!.id}/edit`, { chapterTitle: 'Second', text: words(101, 'storm') });
    expect(edit.status).toBe(422);
    expect(page(await edit.text()).fieldError('text')).toContain('Chapter 2 has 101 words: 1 word too many');
    const kept = await server.ctx.db.kysely.selectFrom('chapters').select('body').where('id', '=', chapters[1]!.id).executeTakeFirstOrThrow();
    expect(kept.body).toBe(chapters[1]!.body);
  });

  it('leaves works outside word-rule collections alone', async () => {
    const id = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(author.id);
    expect((await agent.post(`/works/${id}/chapters`, { chapterTitle: 'Any length', text: words(7) })).status).toBe(303);
  });

  it('shows towers on one page and the drabbles per participant; an anonymous challenge names nobody', async () => {
    for (const isAnonymous of [false, true]) {
      const { name } = await makeCollection(server.ctx, moderator, {
        title: isAnonymous ? 'Masked Drabbles' : 'Open Drabbles',
        isAnonymous,
        challengeType: 'drabble',
        wordRule: { kind: 'exactly', count: 100, scope: 'chapter' },
      });
      const tower = await makeWork(server.ctx, author, { title: `Tower ${name}`, chapter: drabble(), expectedChapters: null });
      const agent = await server.agent().signInAs(author.id);
      for (const word of ['storm', 'wind']) await agent.post(`/works/${tower}/chapters`, { chapterTitle: '', text: words(100, word) });
      await addToCollection(server.ctx, author, tower, name);
      const single = await makeWork(server.ctx, other, { title: `Single ${name}`, chapter: drabble() });
      await addToCollection(server.ctx, other, single, name);

      const reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
      const challenge = page(await (await reader.get(`/collections/${name}/challenge`)).text());
      expect(challenge.all('.towers li a')).toEqual([`Tower ${name}`]);
      expect(challenge.attr('.towers li a', 'href')).toBe(`/works/${tower}/tower`);
      const groups = challenge.all('.participant h3');
      if (isAnonymous) {
        expect(groups).toEqual(['Anonymous']);
        expect(challenge.$('body').text()).not.toContain(author.login);
        expect(challenge.$('body').text()).not.toContain(other.login);
      } else {
        expect(groups).toEqual([author.login, other.login]);
      }

      const stack = page(await (await reader.get(`/works/${tower}/tower`)).text());
      expect(stack.count('section.drabble')).toBe(3);
      expect(stack.count('article.tower hr')).toBe(2);
      expect(stack.text('.tower .byline')).toBe(isAnonymous ? 'by Anonymous' : `by ${author.login}`);
    }
  });

  it('tower pages follow the work\'s visibility', async () => {
    const draft = await makeWork(server.ctx, author, { asDraft: true });
    expect((await (await server.agent().signInAs(other.id)).get(`/works/${draft}/tower`)).status).toBe(404);
    const restricted = await makeWork(server.ctx, author, { isRestricted: true });
    expect((await server.agent().get(`/works/${restricted}/tower`)).status).toBe(303);
    expect((await server.agent().get('/collections/no_such_collection/challenge')).status).toBe(404);
  });
});
