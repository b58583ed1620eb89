import { beforeAll, describe, expect, it } from 'vitest';
import { requestRemoval } from '../../src/claims/claim.repository.ts';
import { makeUser, makeWork, workForm, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Series through the real server: made from a work's form, ordered, read part by part, kept to
// what each viewer may see, and changed only by their creators.

const server = useTestServer();
let author: TestUser;
let coAuthor: TestUser;
let reader: TestUser;
let stranger: TestUser;
let authorAgent: Agent;

const db = () => server.ctx.db.kysely;

async function partsInOrder(seriesId: number): Promise<number[]> {
  const rows = await db().selectFrom('serialWorks').select('workId').where('seriesId', '=', seriesId).orderBy('position').orderBy('workId').execute();
  return rows.map((r) => r.workId);
}

async function seriesIdOf(workId: number): Promise<number> {
  const row = await db().selectFrom('serialWorks').select('seriesId').where('workId', '=', workId).orderBy('seriesId', 'desc').executeTakeFirstOrThrow();
  return row.seriesId;
}

/** Posts a new work through the form with its series fields; the new work's id. */
async function postInSeries(agent: Agent, user: TestUser, title: string, fields: Record<string, string>): Promise<number> {
  const response = await agent.post('/works', workForm(user, { title, ...fields }));
  expect(response.status, await response.clone().text()).toBe(303);
  return Number(/\/works\/(\d+)$/.exec(response.headers.get('location')!)![1]);
}

/** The /series/:id/edit form's fields as it shows them, with `changes` on top. */
async function editForm(agent: Agent, seriesId: number, changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const response = await agent.get(`/series/${seriesId}/edit`);
  expect(response.status).toBe(200);
  const $ = page(await response.text()).$;
  const fields: Record<string, string> = {};
  $('form[action$="/edit"] input[name], form[action$="/edit"] textarea[name]').each((_, el) => {
    const name = $(el).attr('name')!;
    if (name === '_csrf') return;
    if ($(el).attr('type') === 'checkbox') {
      if ($(el).attr('checked') !== undefined) fields[name] = $(el).attr('value') ?? '1';
    } else fields[name] = el.tagName === 'textarea' ? $(el).text() : ($(el).attr('value') ?? '');
  });
  return { ...fields, ...changes };
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  coAuthor = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  stranger = await makeUser(server.ctx);
  authorAgent = await server.agent().signInAs(author.id);
});

describe('a series', () => {
  it('is made on a work’s form, joined by later works at a chosen place, and lists them in order with its stats', async () => {
    const first = await postInSeries(authorAgent, author, 'Tide One', { newSeriesTitle: 'Tidewater Cycle' });
    const seriesId = await seriesIdOf(first);
    const second = await postInSeries(authorAgent, author, 'Tide Two', { seriesId: String(seriesId) });
    // Part 1 on purpose: it goes before "Tide One".
    const zero = await postInSeries(authorAgent, author, 'Tide Zero', { seriesId: String(seriesId), seriesPosition: '1' });
    expect(await partsInOrder(seriesId)).toEqual([zero, first, second]);

    const anonymous = server.agent();
    const response = await anonymous.get(`/series/${seriesId}`);
    expect(response.status).toBe(200);
    const shown = page(await response.text());
    expect(shown.text('h1')).toBe('Tidewater Cycle');
    expect(shown.all('li.blurb h3 a')).toEqual(['Tide Zero', 'Tide One', 'Tide Two']);
    expect(shown.term('Works:')).toBe('3');
    expect(shown.term('Complete:')).toBe('No');
    const words = await db().selectFrom('works').select('wordCount').where('id', 'in', [zero, first, second]).execute();
    expect(shown.term('Words:')).toBe(words.reduce((s, w) => s + w.wordCount, 0).toLocaleString('en'));
    expect(shown.text('dl[aria-label="Series information"] dd')).toBe(author.login);
    expect(shown.exists('a[href$="/edit"]')).toBe(false);

    // The work page's series box: "Part 2 of …", previous and next.
    const middle = page(await (await anonymous.get(`/works/${first}`)).text());
    expect(middle.text('nav.series-nav li')).toContain('Part 2 of Tidewater Cycle');
    expect(middle.attr('nav.series-nav a[rel="prev"]', 'href')).toBe(`/works/${zero}`);
    expect(middle.attr('nav.series-nav a[rel="next"]', 'href')).toBe(`/works/${second}`);
    const last = page(await (await anonymous.get(`/works/${second}`)).text());
    expect(last.text('nav.series-nav li')).toContain('Part 3 of Tidewater Cycle');
    expect(last.exists('nav.series-nav a[rel="next"]')).toBe(false);

    // The author's series page lists it.
    const list = page(await (await anonymous.get(`/users/${author.login}/series`)).text());
    expect(list.all('li.blurb h3 a')).toContain('Tidewater Cycle');
  });

  it('is edited by its creator: title, notes, complete, new order and a part removed', async () => {
    const a = await postInSeries(authorAgent, author, 'Lamp A', { newSeriesTitle: 'Lamps' });
    const seriesId = await seriesIdOf(a);
    const b = await postInSeries(authorAgent, author, 'Lamp B', { seriesId: String(seriesId) });
    const c = await postInSeries(authorAgent, author, 'Lamp C', { seriesId: String(seriesId) });
    const fields = await editForm(authorAgent, seriesId, {
      title: 'Lamps in Winter',
      summary: 'Three lamps.',
      isComplete: '1',
      [`position-${a}`]: '3',
      [`position-${c}`]: '1',
      [`remove-${b}`]: '1',
    });
    const response = await authorAgent.post(`/series/${seriesId}/edit`, fields);
    expect(response.status, await response.clone().text()).toBe(303);
    expect(await partsInOrder(seriesId)).toEqual([c, a]);
    const shown = page(await (await server.agent().get(`/series/${seriesId}`)).text());
    expect(shown.text('h1')).toBe('Lamps in Winter');
    expect(shown.text('.notes .userstuff')).toBe('Three lamps.');
    expect(shown.term('Complete:')).toBe('Yes');
    expect(shown.all('li.blurb h3 a')).toEqual(['Lamp C', 'Lamp A']);

    // Removing the last parts deletes the series.
    const rest = await editForm(authorAgent, seriesId, { [`remove-${a}`]: '1', [`remove-${c}`]: '1' });
    const gone = await authorAgent.post(`/series/${seriesId}/edit`, rest);
    expect(gone.status).toBe(303);
    expect((await server.agent().get(`/series/${seriesId}`)).status).toBe(404);
    expect(await db().selectFrom('series').select('id').where('id', '=', seriesId).executeTakeFirst()).toBeUndefined();
  });

  it('answers bad input beside the field, keeps what was typed and saves nothing', async () => {
    const mine = await postInSeries(authorAgent, author, 'Bad Input One', { newSeriesTitle: 'Careful Series' });
    const seriesId = await seriesIdOf(mine);
    const othersWork = await makeWork(server.ctx, stranger, { title: 'Not Yours' });

    const empty = await authorAgent.post(`/series/${seriesId}/edit`, await editForm(authorAgent, seriesId, { title: '', notes: 'Kept notes' }));
    expect(empty.status).toBe(422);
    let form = page(await empty.text());
    expect(form.fieldError('title')).toBe('Give the series a title.');
    expect(form.value('notes')).toBe('Kept notes');

    const long = await authorAgent.post(`/series/${seriesId}/edit`, await editForm(authorAgent, seriesId, { title: 'x'.repeat(241) }));
    expect(long.status).toBe(422);
    expect(page(await long.text()).fieldError('title')).toContain('at most 240 characters');

    const position = await authorAgent.post(`/series/${seriesId}/edit`, await editForm(authorAgent, seriesId, { [`position-${mine}`]: 'second', summary: 'Typed summary' }));
    expect(position.status).toBe(422);
    form = page(await position.text());
    expect(form.fieldError(`position-${mine}`)).toBe('Enter a part number from 1 to 9999.');
    expect(form.value(`position-${mine}`)).toBe('second');
    expect(form.value('summary')).toBe('Typed summary');

    const someoneElses = await authorAgent.post(`/series/${seriesId}/edit`, await editForm(authorAgent, seriesId, { addWork: `/works/${othersWork}` }));
    expect(someoneElses.status).toBe(422);
    expect(page(await someoneElses.text()).fieldError('addWork')).toBe('You can add only your own works to a series.');

    const twice = await authorAgent.post(`/series/${seriesId}/edit`, await editForm(authorAgent, seriesId, { addWork: String(mine) }));
    expect(twice.status).toBe(422);
    expect(page(await twice.text()).fieldError('addWork')).toBe('“Bad Input One” is already in this series.');

    // On the work form: a part number that is not a number, and the same series twice.
    const badNumber = await authorAgent.post('/works', workForm(author, { title: 'Numbered', seriesId: String(seriesId), seriesPosition: 'two' }));
    expect(badNumber.status).toBe(422);
    form = page(await badNumber.text());
    expect(form.fieldError('seriesPosition')).toBe('Enter a part number from 1 to 9999.');
    expect(form.value('title')).toBe('Numbered');
    expect(form.value('seriesPosition')).toBe('two');
    const again = await authorAgent.post(`/works/${mine}/edit`, { ...workForm(author, { title: 'Bad Input One', seriesId: String(seriesId) }) });
    expect(again.status).toBe(422);
    expect(page(await again.text()).fieldError('seriesId')).toBe('This work is already part 1 of “Careful Series”.');
    const strangersSeries = await postInSeries(await server.agent().signInAs(stranger.id), stranger, 'Stranger Work', { newSeriesTitle: 'Stranger Series' });
    const foreign = await authorAgent.post('/works', workForm(author, { title: 'Sneaky', seriesId: String(await seriesIdOf(strangersSeries)) }));
    expect(foreign.status).toBe(422);
    expect(page(await foreign.text()).fieldError('seriesId')).toBe('Choose one of your series.');
    expect(await db().selectFrom('works').select('id').where('title', 'in', ['Numbered', 'Sneaky']).execute()).toEqual([]);

    // Nothing was saved by any of it.
    expect(await partsInOrder(seriesId)).toEqual([mine]);
    expect((await db().selectFrom('series').select('title').where('id', '=', seriesId).executeTakeFirstOrThrow()).title).toBe('Careful Series');
  });

  it('is changed by nobody but its creators', async () => {
    const work = await postInSeries(authorAgent, author, 'Guarded', { newSeriesTitle: 'Guarded Series' });
    const seriesId = await seriesIdOf(work);
    const other = await server.agent().signInAs(stranger.id);
    expect((await other.get(`/series/${seriesId}/edit`)).status).toBe(403);
    expect((await other.post(`/series/${seriesId}/edit`, { title: 'Taken' })).status).toBe(403);
    expect((await server.agent().get(`/series/${seriesId}/edit`)).status).toBe(303);
    expect((await db().selectFrom('series').select('title').where('id', '=', seriesId).executeTakeFirstOrThrow()).title).toBe('Guarded Series');
    // A series the visitor cannot see at all does not exist for them.
    const draft = await postInSeries(authorAgent, author, 'Secret Draft', { newSeriesTitle: 'Secret Series', action: 'draft' });
    expect((await other.get(`/series/${await seriesIdOf(draft)}/edit`)).status).toBe(404);
    expect((await other.get(`/series/${await seriesIdOf(draft)}`)).status).toBe(404);
  });

  it('shows each viewer only the parts they may see: drafts and hidden parts skipped, restricted ones for logged-in readers', async () => {
    const open = await postInSeries(authorAgent, author, 'Seen Open', { newSeriesTitle: 'Mixed Series' });
    const seriesId = await seriesIdOf(open);
    const restricted = await postInSeries(authorAgent, author, 'Seen Restricted', { seriesId: String(seriesId), isRestricted: '1' });
    const draft = await postInSeries(authorAgent, author, 'Seen Draft', { seriesId: String(seriesId), action: 'draft' });
    const hidden = await postInSeries(authorAgent, author, 'Seen Hidden', { seriesId: String(seriesId) });
    const last = await postInSeries(authorAgent, author, 'Seen Last', { seriesId: String(seriesId) });
    await requestRemoval(db(), [hidden], new Date().toISOString());
    expect(await partsInOrder(seriesId)).toEqual([open, restricted, draft, hidden, last]);

    const anonymous = server.agent();
    const readerAgent = await server.agent().signInAs(reader.id);
    const titles = async (agent: Agent) => page(await (await agent.get(`/series/${seriesId}`)).text()).all('li.blurb h3 a');
    expect(await titles(anonymous)).toEqual(['Seen Open', 'Seen Last']);
    expect(await titles(readerAgent)).toEqual(['Seen Open', 'Seen Restricted', 'Seen Last']);
    expect(await titles(authorAgent)).toEqual(['Seen Open', 'Seen Restricted', 'Seen Last']);
    const anonymousPage = page(await (await anonymous.get(`/series/${seriesId}`)).text());
    expect(anonymousPage.term('Works:')).toBe('2');

    // Next of the first part skips what the viewer may not see.
    const nextFor = async (agent: Agent) => page(await (await agent.get(`/works/${open}`)).text()).attr('nav.series-nav a[rel="next"]', 'href');
    expect(await nextFor(anonymous)).toBe(`/works/${last}`);
    expect(await nextFor(readerAgent)).toBe(`/works/${restricted}`);
    const lastFor = async (agent: Agent) => page(await (await agent.get(`/works/${last}`)).text());
    expect((await lastFor(anonymous)).text('nav.series-nav li')).toContain('Part 2 of Mixed Series');
    expect((await lastFor(readerAgent)).attr('nav.series-nav a[rel="prev"]', 'href')).toBe(`/works/${restricted}`);
    // The creator on their own draft sees it in its place, between the parts listed to them.
    const ownDraft = page(await (await authorAgent.get(`/works/${draft}`)).text());
    expect(ownDraft.text('nav.series-nav li')).toContain('Part 3 of Mixed Series');
    expect(ownDraft.attr('nav.series-nav a[rel="next"]', 'href')).toBe(`/works/${last}`);

    // Their names and titles are nowhere on the pages of those who may not see them.
    for (const agent of [anonymous, readerAgent]) {
      const html = await (await agent.get(`/series/${seriesId}`)).text();
      expect(html).not.toContain('Seen Draft');
      expect(html).not.toContain('Seen Hidden');
    }
    expect(await (await anonymous.get(`/series/${seriesId}`)).text()).not.toContain('Seen Restricted');
  });

  it('of restricted works alone asks a guest to log in, and of invisible works alone is not there', async () => {
    const members = await postInSeries(authorAgent, author, 'Members Only', { newSeriesTitle: 'Members Series', isRestricted: '1' });
    const seriesId = await seriesIdOf(members);
    const guest = await server.agent().get(`/series/${seriesId}`);
    expect(guest.status).toBe(303);
    expect(guest.headers.get('location')).toContain('/login');
    expect((await (await server.agent().signInAs(reader.id)).get(`/series/${seriesId}`)).status).toBe(200);
    expect((await server.agent().get('/series/99999999')).status).toBe(404);
    expect((await server.agent().get('/series/nope')).status).toBe(404);
  });

  it('takes its creators from its works: a co-creator of a part may edit it, and sees it among their series', async () => {
    const shared = await makeWork(server.ctx, author, { title: 'Shared Part', pseudIds: [author.pseudId] });
    await db().insertInto('creatorships').values({ workId: shared, pseudId: coAuthor.pseudId, position: 1, isApproved: 1, createdAt: new Date().toISOString() }).execute();
    const coAgent = await server.agent().signInAs(coAuthor.id);
    const edit = await authorAgent.post(`/works/${shared}/edit`, workForm(author, { title: 'Shared Part', newSeriesTitle: 'Shared Series' }));
    expect(edit.status, await edit.clone().text()).toBe(303);
    const seriesId = await seriesIdOf(shared);
    expect((await coAgent.get(`/series/${seriesId}/edit`)).status).toBe(200);
    const shown = page(await (await server.agent().get(`/series/${seriesId}`)).text());
    expect(shown.all('dl[aria-label="Series information"] dd a[rel="author"]')).toEqual([author.login, coAuthor.login]);
    expect(page(await (await server.agent().get(`/users/${coAuthor.login}/series`)).text()).all('li.blurb h3 a')).toContain('Shared Series');
  });

  it('loses a deleted work, and goes when its last work is deleted', async () => {
    const only = await postInSeries(authorAgent, author, 'Soon Deleted', { newSeriesTitle: 'Brief Series' });
    const seriesId = await seriesIdOf(only);
    expect((await authorAgent.post(`/works/${only}/delete`)).status).toBe(303);
    expect(await db().selectFrom('series').select('id').where('id', '=', seriesId).executeTakeFirst()).toBeUndefined();
  });

  it('goes with the account whose works it held, and keeps a shared series another creator still has a part in', async () => {
    const leaving = await makeUser(server.ctx);
    const leavingAgent = await server.agent().signInAs(leaving.id);
    const alone = await postInSeries(leavingAgent, leaving, 'Gone With Me', { newSeriesTitle: 'Lonely Series' });
    const lonelyId = await seriesIdOf(alone);
    const shared = await postInSeries(leavingAgent, leaving, 'Shared Start', { newSeriesTitle: 'Kept Series' });
    const keptId = await seriesIdOf(shared);
    const staying = await postInSeries(authorAgent, author, 'Stays On', {});
    await db().insertInto('serialWorks').values({ seriesId: keptId, workId: staying, position: 2, createdAt: new Date().toISOString() }).execute();
    expect((await leavingAgent.post(`/users/${leaving.login}/delete`, { password: leaving.password, works: 'delete' })).status).toBe(303);
    expect(await db().selectFrom('series').select('id').where('id', '=', lonelyId).executeTakeFirst()).toBeUndefined();
    expect((await server.agent().get(`/series/${lonelyId}`)).status).toBe(404);
    expect(await partsInOrder(keptId)).toEqual([staying]);
  });
});
