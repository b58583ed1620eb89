import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, workForm, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

// Backdating (issue 14): the post and edit forms' optional publication date sets published_at.

const server = useTestServer();
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

function workIdFrom(response: Response): number {
  const match = /^\/works\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (!match) throw new Error(`expected a redirect to a work, got ${response.status}`);
  return Number(match[1]);
}

async function publishedAt(id: number): Promise<string | null> {
  const row = await server.ctx.db.kysely.selectFrom('works').select(['publishedAt']).where('id', '=', id).executeTakeFirstOrThrow();
  return row.publishedAt === null ? null : String(row.publishedAt);
}

const today = () => server.ctx.now().toISOString().slice(0, 10);

describe('backdating a work', () => {
  it('offers a date field on the post form', async () => {
    const agent = await server.agent().signInAs(author.id);
    const form = page(await (await agent.get('/works/new')).text());
    expect(form.labelOf('publishedOn')).toContain('Set a different publication date');
    expect(form.attr('input[name="publishedOn"]', 'type')).toBe('date');
  });

  it('posts a work with a chosen date, and the page shows it', async () => {
    const agent = await server.agent().signInAs(author.id);
    const id = workIdFrom(await agent.post('/works', workForm(author, { title: 'Old Rain', publishedOn: '1997-05-04' })));
    expect(await publishedAt(id)).toMatch(/^1997-05-04/);
    const work = page(await (await server.agent().get(`/works/${id}`)).text());
    expect(work.term('Published:')).toBe('1997-05-04');
  });

  it('sets the date when the work is edited, and keeps it on a save without change', async () => {
    const agent = await server.agent().signInAs(author.id);
    const id = workIdFrom(await agent.post('/works', workForm(author, { title: 'Edited Later' })));
    const before = await publishedAt(id);
    expect(before?.slice(0, 10)).toBe(today());
    const edit = page(await (await agent.get(`/works/${id}/edit`)).text());
    expect(edit.value('publishedOn')).toBe(today());
    // Saved as it is: the stored moment does not move to midnight.
    expect((await agent.post(`/works/${id}/edit`, workForm(author, { title: 'Edited Later', publishedOn: today() }))).status).toBe(303);
    expect(await publishedAt(id)).toBe(before);
    expect((await agent.post(`/works/${id}/edit`, workForm(author, { title: 'Edited Later', publishedOn: '2003-11-30' }))).status).toBe(303);
    expect(await publishedAt(id)).toMatch(/^2003-11-30/);
    const work = page(await (await server.agent().get(`/works/${id}`)).text());
    expect(work.term('Published:')).toBe('2003-11-30');
    // "Updated" (here "Completed", a one-shot) stays the real time, not the chosen day.
    expect(work.term('Completed:') ?? work.term('Updated:')).toBe(today());
  });

  for (const [label, value, message] of [
    ['a future date', '2999-01-01', 'cannot be in the future'],
    ['a date before 1960', '1959-12-31', 'cannot be before 1960-01-01'],
    ['an impossible date', '2023-02-30', 'real date'],
    ['text', 'last spring', 'real date'],
  ] as const) {
    it(`refuses ${label} on the post form and keeps what was typed`, async () => {
      const agent = await server.agent().signInAs(author.id);
      const response = await agent.post('/works', workForm(author, { title: `Refused ${label}`, summary: 'Kept summary', publishedOn: value, text: 'Kept text' }));
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(message);
      const form = page(html);
      expect(form.value('publishedOn')).toBe(value);
      expect(form.value('title')).toBe(`Refused ${label}`);
      expect(form.value('summary')).toBe('Kept summary');
      expect(form.value('text')).toBe('Kept text');
      const made = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', `Refused ${label}`).execute();
      expect(made).toEqual([]);
    });
  }

  it('refuses a future date on the edit form and changes nothing', async () => {
    const agent = await server.agent().signInAs(author.id);
    const id = workIdFrom(await agent.post('/works', workForm(author, { title: 'Not Tomorrow', publishedOn: '2010-01-02' })));
    const response = await agent.post(`/works/${id}/edit`, workForm(author, { title: 'Not Tomorrow, Renamed', publishedOn: '2999-01-01' }));
    expect(response.status).toBe(422);
    const form = page(await response.text());
    expect(form.value('publishedOn')).toBe('2999-01-01');
    expect(form.value('title')).toBe('Not Tomorrow, Renamed');
    expect(await publishedAt(id)).toMatch(/^2010-01-02/);
  });

  it('keeps a draft’s chosen date when the draft is published', async () => {
    const agent = await server.agent().signInAs(author.id);
    const id = workIdFrom(await agent.post('/works', workForm(author, { title: 'Draft From 1988', publishedOn: '1988-08-08', action: 'draft' })));
    expect(page(await (await agent.get(`/works/${id}/edit`)).text()).value('publishedOn')).toBe('1988-08-08');
    const posted = await agent.post(`/works/${id}/post`, {});
    expect(posted.status).toBeLessThan(400);
    expect(await publishedAt(id)).toMatch(/^1988-08-08/);
    expect(page(await (await server.agent().get(`/works/${id}`)).text()).term('Published:')).toBe('1988-08-08');
  });

  it('lists works by their published date when sorted by date posted', async () => {
    const agent = await server.agent().signInAs(author.id);
    const fandom = 'Backdate Order Fandom';
    const post = async (title: string, publishedOn: string) => workIdFrom(await agent.post('/works', workForm(author, { title, fandoms: fandom, publishedOn })));
    const middle = await post('Middle', '2005-06-07');
    const newest = await post('Newest', '');
    const oldest = await post('Oldest', '1994-01-15');
    const html = await (await server.agent().get(`/tags/${encodeURIComponent(fandom)}/works?sort=posted`)).text();
    const order = [...html.matchAll(/href="\/works\/(\d+)"/g)].map((m) => Number(m[1])).filter((id, i, all) => all.indexOf(id) === i);
    expect(order).toEqual([newest, middle, oldest]);
  });
});
