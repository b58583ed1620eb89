import { beforeAll, describe, expect, it } from 'vitest';
import { rekeyPromptTags } from '../../src/db/migrations/036_prompt_tag_ids.ts';
import { tagKey } from '../../src/tags/tag.names.ts';
import { makeCollection, makeTag, makeUser, makeWork, wrangle, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// A prompt's tags are the archive's tags: a name already used is that tag, whatever its type, a
// synonym shows and filters under its canonical, and a name no tag has yet stays free for works.

const server = useTestServer();
const db = () => server.ctx.db.kysely;
let prompter: TestUser;
let asPrompter: Agent;
let meme: string;

const promptIdFrom = (response: Response) => Number(/\/prompts\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]);

beforeAll(async () => {
  const moderator = await makeUser(server.ctx);
  prompter = await makeUser(server.ctx);
  asPrompter = await server.agent().signInAs(prompter.id);
  meme = (await makeCollection(server.ctx, moderator, { title: 'Weather Meme', challengeType: 'prompt_meme' })).name;
});

describe('prompt tags', () => {
  it('show the archive’s tag of their name whatever its type, and make no tag of a new name (a work may still use it as any type)', async () => {
    await makeTag(server.ctx, 'Fandom', 'Smallville', { canonical: true });
    const posted = await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Farm weather', tags: 'smallville, Hail Stones' });
    expect(posted.status).toBe(303);
    const shown = page(await (await server.agent().get(`/collections/${meme}/prompts/${promptIdFrom(posted)}`)).text());
    expect(shown.text('.tags')).toContain('Smallville');
    expect(shown.text('.tags')).toContain('Hail Stones');
    expect(await db().selectFrom('tags').select('id').where('nameKey', '=', 'hail stones').executeTakeFirst()).toBeUndefined();
    await makeWork(server.ctx, prompter, { characters: ['Hail Stones'] });
    expect(await db().selectFrom('tags').select('type').where('nameKey', '=', 'hail stones').executeTakeFirstOrThrow()).toEqual({ type: 'Character' });
  });

  it('show and filter a synonym under its canonical tag, by either name', async () => {
    await makeTag(server.ctx, 'Freeform', 'Thunderstorms', { canonical: true });
    await makeTag(server.ctx, 'Freeform', 'Storms');
    const stormy = promptIdFrom(await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Stormy night', tags: 'Storms' }));
    const calm = promptIdFrom(await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Calm day', tags: 'Sunshine' }));
    expect(stormy).toBeGreaterThan(0);
    expect(calm).toBeGreaterThan(0);
    await wrangle(server.ctx, 'Storms', { synonymOf: 'Thunderstorms' });

    const shown = page(await (await server.agent().get(`/collections/${meme}/prompts/${stormy}`)).text());
    expect(shown.text('.tags')).toContain('Thunderstorms');
    expect(shown.text('.tags')).not.toContain('Storms,');
    for (const name of ['Thunderstorms', 'storms']) {
      const listed = page(await (await server.agent().get(`/collections/${meme}/prompts?tag=${encodeURIComponent(name)}`)).text());
      const links = listed.links().map((l) => l.href);
      expect(links, name).toContain(`/collections/${meme}/prompts/${stormy}`);
      expect(links, name).not.toContain(`/collections/${meme}/prompts/${calm}`);
    }
  });

  it('refuses a tag name the archive cannot use, beside the field, keeping what was typed', async () => {
    const refused = await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Bad tag', description: 'Kept description.', tags: 'Fog, <b>Mist</b>' });
    expect(refused.status).toBe(422);
    const form = page(await refused.text());
    expect(form.fieldError('tags')).toContain('holds a character tags cannot use');
    expect(form.value('tags')).toBe('Fog, <b>Mist</b>');
    expect(form.value('description')).toBe('Kept description.');
  });

  it('re-keys prompt tag rows stored before with the tags’ key (migration 036), keeping them', async () => {
    const id = promptIdFrom(await asPrompter.post(`/collections/${meme}/prompts`, { title: 'Old prompt', tags: 'Drizzle' }));
    // The old key was the name in lower case, without Unicode normalisation.
    const decomposed = 'Cafe\u0301 Rain';
    await db().insertInto('promptTags').values({ promptId: id, name: decomposed, nameKey: decomposed.toLowerCase() }).execute();
    await rekeyPromptTags(db());
    const rows = await db().selectFrom('promptTags').select(['name', 'nameKey']).where('promptId', '=', id).orderBy('name').execute();
    expect(rows).toEqual([
      { name: decomposed, nameKey: tagKey(decomposed) },
      { name: 'Drizzle', nameKey: 'drizzle' },
    ]);
    expect(tagKey(decomposed)).not.toBe(decomposed.toLowerCase());
  });
});
