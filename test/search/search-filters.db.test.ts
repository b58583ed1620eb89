import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
const ids: Record<string, number> = {};
const text = (body: string) => ({ title: null, summary: null, notes: null, endNotes: null, text: body });

beforeAll(async () => {
  const author = await makeUser(server.ctx);
  ids.angst = await makeWork(server.ctx, author, { title: 'Sad Lighthouse', freeforms: ['Angst'], chapter: text('The lighthouse keeper wept.') });
  ids.fluff = await makeWork(server.ctx, author, { title: 'Happy Lighthouse', freeforms: ['Fluff'], language: 'fr', chapter: text('The lighthouse keeper laughed.') });
  ids.long = await makeWork(server.ctx, author, { title: 'Long Lighthouse', freeforms: ['Fluff'], chapter: text(`The lighthouse ${'keeper '.repeat(300)}`) });
});

async function found(path: string): Promise<number[]> {
  const response = await server.agent().get(path);
  expect(response.status, path).toBe(200);
  return [...(await response.text()).matchAll(/id="work_(\d+)"/g)].map((m) => Number(m[1])).sort();
}

describe('search with the listing filters', () => {
  it('includes, excludes and narrows by language and words', async () => {
    expect(await found('/works/search?q=lighthouse')).toEqual([ids.angst, ids.fluff, ids.long].sort());
    expect(await found('/works/search?q=lighthouse&exclude=Angst')).toEqual([ids.fluff, ids.long].sort());
    expect(await found('/works/search?q=lighthouse&include=Angst')).toEqual([ids.angst]);
    expect(await found('/works/search?q=lighthouse&language=fr')).toEqual([ids.fluff]);
    expect(await found('/works/search?q=lighthouse&words_from=100')).toEqual([ids.long]);
  });

  it('keeps the filters in the form and says what it could not use', async () => {
    const response = await server.agent().get('/works/search?q=lighthouse&exclude=No+Such+Tag&words_to=many');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('There is no tag called “No Such Tag” to exclude.');
    expect(html).toContain('Use a whole number of words');
    expect(html).toContain('value="No Such Tag"');
  });

  it('applies to the JSON twin too', async () => {
    const body = await (await server.agent().get('/api/v1/works/search?q=lighthouse&exclude=Fluff')).json();
    expect(body.works.map((w: { id: number }) => w.id)).toEqual([ids.angst]);
    expect((await server.agent().get('/api/v1/works/search?q=lighthouse&include=Nope')).status).toBe(400);
  });
});
