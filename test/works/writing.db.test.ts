import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, workForm, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';
import { page } from '../support/dom.ts';

// What a writer sees of what they typed: paragraphs, notes, chapter titles and completion.

const server = useTestServer();
let author: TestUser;
let agent: Agent;

beforeAll(async () => {
  author = await makeUser(server.ctx);
  agent = await server.agent().signInAs(author.id);
});

async function post(fields: Record<string, string | string[]>): Promise<number> {
  const response = await agent.post('/works', workForm(author, fields));
  const match = /^\/works\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (!match) throw new Error(`expected a redirect to a work, got ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return Number(match[1]);
}

async function addChapter(workId: number, fields: Record<string, string>): Promise<number> {
  const response = await agent.post(`/works/${workId}/chapters`, fields);
  const match = /\/chapters\/(\d+)$/.exec(response.headers.get('location') ?? '');
  if (!match) throw new Error(`expected a redirect to a chapter, got ${response.status}`);
  return Number(match[1]);
}

const read = async (path: string) => (await server.agent().get(path)).text();
const count = (html: string, text: string) => html.split(text).length - 1;

describe('text typed as paragraphs with a tag or two', () => {
  it('keeps its paragraphs in the chapter, the summary and the notes', async () => {
    const id = await post({
      text: '<center>A Title Card</center>\r\n\r\nThe first paragraph.\r\n\r\nThe second, with <em>feeling</em>.\r\nAnd a second line.',
      summary: 'Summary one.\r\n\r\nSummary <b>two</b>.',
      notes: 'Note one.<br>\r\n\r\nNote two.',
    });
    const html = await read(`/works/${id}`);
    expect(html).toContain('<p>The first paragraph.</p>\n<p>The second, with <em>feeling</em>.<br />\nAnd a second line.</p>');
    expect(html).toContain('<p>Summary one.</p>\n<p>Summary <b>two</b>.</p>');
    expect(html).toContain('<p>Note one.<br /></p>\n<p>Note two.</p>');
  });
});

describe("a work's notes", () => {
  it('open the first chapter and close the last; chapter notes stay with their chapter', async () => {
    const id = await post({ notes: 'WORK-BEGIN-NOTE', endNotes: 'WORK-END-NOTE', expectedChapters: '' });
    const second = await addChapter(id, { chapterNotes: 'CHAPTER-TWO-NOTE', text: 'The middle.' });
    const third = await addChapter(id, { chapterEndNotes: 'CHAPTER-THREE-END', text: 'The end.' });

    const first = await read(`/works/${id}`);
    expect(first).toContain('WORK-BEGIN-NOTE');
    expect(first).not.toContain('WORK-END-NOTE');
    expect(first).toContain('See the end of the work for more notes.');
    const middle = await read(`/works/${id}/chapters/${second}`);
    expect(middle).not.toContain('WORK-BEGIN-NOTE');
    expect(middle).not.toContain('WORK-END-NOTE');
    expect(middle).toContain('CHAPTER-TWO-NOTE');
    const last = await read(`/works/${id}/chapters/${third}`);
    expect(last).not.toContain('WORK-BEGIN-NOTE');
    expect(last).toContain('WORK-END-NOTE');
    expect(last).toContain('CHAPTER-THREE-END');
    expect(last).not.toContain('CHAPTER-TWO-NOTE');

    const full = await read(`/works/${id}?view_full_work=true`);
    expect(count(full, 'WORK-BEGIN-NOTE')).toBe(1);
    expect(count(full, 'WORK-END-NOTE')).toBe(1);
    expect(count(full, 'CHAPTER-TWO-NOTE')).toBe(1);
    expect(full.indexOf('WORK-END-NOTE')).toBeGreaterThan(full.indexOf('The end.'));
  });

  it('both show on a one-chapter work', async () => {
    const id = await post({ notes: 'ONESHOT-BEGIN', endNotes: 'ONESHOT-END' });
    const html = await read(`/works/${id}`);
    expect(html).toContain('ONESHOT-BEGIN');
    expect(html).toContain('ONESHOT-END');
    expect(html).not.toContain('See the end of the work');
  });
});

describe('the chapter of a one-chapter work', () => {
  it('shows its title when it has one', async () => {
    const id = await post({ chapterTitle: 'The Only Chapter' });
    const html = await read(`/works/${id}`);
    const work = page(html);
    expect(work.text('h3.chapter-heading#chapter-1-heading')).toBe('The Only Chapter');
    expect(work.exists('[aria-labelledby="chapter-1-heading"]')).toBe(true);
  });

  it('shows no heading when it has none', async () => {
    const id = await post({});
    const html = await read(`/works/${id}`);
    expect(page(html).exists('.chapter-heading')).toBe(false);
    expect(page(html).exists('[aria-labelledby="work-title"]')).toBe(true);
  });
});

describe('"This work is complete"', () => {
  for (const expectedChapters of ['1', '', '3']) {
    it(`is saved and shown when expected chapters is “${expectedChapters}”`, async () => {
      const id = await post({ title: `Complete ${expectedChapters || 'unknown'}`, expectedChapters, isComplete: '1' });
      const work = await server.ctx.db.kysely.selectFrom('works').select(['isComplete', 'expectedChapters']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(work).toEqual({ isComplete: 1, expectedChapters: 1 });
      expect(page(await read(`/works/${id}`)).term('Chapters:')).toBe('1/1');
      const edit = page(await (await agent.get(`/works/${id}/edit`)).text());
      expect(edit.checked('isComplete', '1')).toBe(true);
      expect(edit.labelOf('isComplete')).toBeTruthy();
      const listing = page(await read(`/users/${author.login}/works`));
      expect(listing.text(`#work_${id} .required-tags`)).toContain('Complete Work');
    });
  }

  it('stays ticked when the work is saved again, and completes a work whose chapters are all posted', async () => {
    const id = await post({ title: 'Two Parts', expectedChapters: '' });
    await addChapter(id, { text: 'Part two.' });
    expect(page(await read(`/works/${id}`)).term('Chapters:')).toBe('2/?');
    const edited = await agent.post(`/works/${id}/edit`, workForm(author, { title: 'Two Parts', expectedChapters: '', isComplete: '1' }));
    expect(edited.status).toBe(303);
    expect(page(await read(`/works/${id}`)).term('Chapters:')).toBe('2/2');
    const edit = page(await (await agent.get(`/works/${id}/edit`)).text());
    expect(edit.checked('isComplete', '1')).toBe(true);
    expect(edit.value('expectedChapters')).toBe('2');
  });
});
