import { beforeAll, describe, expect, it } from 'vitest';
import { addToCollection, makeCollection, makeUser, makeWork, workForm, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// The "Collections" field of the work's post and edit forms, a moderator's "Invite to collection"
// on a work's page, and a chapter's deletion held to the word rule of a collection it is in.

const server = useTestServer();
const db = () => server.ctx.db.kysely;
let author: TestUser;
let moderator: TestUser;
let authorAgent: Agent;

const words = (n: number, word = 'rain') => Array(n).fill(word).join(' ');
const itemsOf = (workId: number) =>
  db()
    .selectFrom('collectionItems')
    .innerJoin('collections', 'collections.id', 'collectionItems.collectionId')
    .select(['collections.name', 'collectionItems.creatorStatus', 'collectionItems.collectionStatus'])
    .where('collectionItems.workId', '=', workId)
    .orderBy('collections.name')
    .execute();
const workIdOf = (response: Response) => Number(/\/works\/(\d+)$/.exec(response.headers.get('location')!)![1]);

beforeAll(async () => {
  author = await makeUser(server.ctx);
  moderator = await makeUser(server.ctx);
  authorAgent = await server.agent().signInAs(author.id);
});

describe('the Collections field of the work form', () => {
  it('adds a new work to each named collection, directly or as a request per its settings, and its page lists them', async () => {
    const open = await makeCollection(server.ctx, moderator, { title: 'Open Shelf' });
    const moderated = await makeCollection(server.ctx, moderator, { title: 'Guarded Shelf', isModerated: true });
    const posted = await authorAgent.post('/works', workForm(author, { title: 'Two Shelves', collections: `${open.name}, ${moderated.name.toUpperCase()}` }));
    expect(posted.status, await posted.clone().text()).toBe(303);
    const workId = workIdOf(posted);
    expect(await itemsOf(workId)).toEqual([
      { name: open.name, creatorStatus: 'approved', collectionStatus: 'approved' },
      { name: moderated.name, creatorStatus: 'approved', collectionStatus: 'unreviewed' },
    ]);
    const shown = page(await (await server.agent().get(`/works/${workId}`)).text());
    expect(shown.text('.work-collections')).toContain('Open Shelf');
    expect(shown.text('.work-collections')).not.toContain('Guarded Shelf');
  });

  it('refuses an unknown name, a closed collection and a broken word rule beside the field, keeping everything typed and posting nothing', async () => {
    const closed = await makeCollection(server.ctx, moderator, { title: 'Shut Shelf', isClosed: true });
    const drabbles = await makeCollection(server.ctx, moderator, { title: 'Hundreds', wordRule: { kind: 'exactly', count: 100, scope: 'work' } });
    const before = await db().selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const typed = `no_such_shelf, ${closed.name}, ${drabbles.name}`;
    const refused = await authorAgent.post('/works', workForm(author, { title: 'Kept Title', summary: 'Kept summary.', text: words(98), collections: typed }));
    expect(refused.status).toBe(422);
    const form = page(await refused.text());
    const message = form.fieldError('collections');
    expect(message).toContain('There is no collection named “no_such_shelf”.');
    expect(message).toContain('“Shut Shelf” is closed to new works.');
    expect(message).toContain('“Hundreds” takes exactly 100 words per work. This work has 98 words: 2 words short of exactly 100.');
    expect(form.value('collections')).toBe(typed);
    expect(form.value('title')).toBe('Kept Title');
    expect(form.value('summary')).toBe('Kept summary.');
    expect(form.value('text')).toBe(words(98));
    const after = await db().selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a draft with a collection, saying to post it first', async () => {
    const open = await makeCollection(server.ctx, moderator);
    const refused = await authorAgent.post('/works', workForm(author, { title: 'Draft Shelf', action: 'draft', collections: open.name }));
    expect(refused.status).toBe(422);
    const form = page(await refused.text());
    expect(form.fieldError('collections')).toContain('A draft cannot join a collection');
    expect(form.value('collections')).toBe(open.name);
  });

  it('adds an edited work to a collection, lists the ones it is in on the form, and keeps the edit when one is refused', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Edited Shelf' });
    const first = await makeCollection(server.ctx, moderator, { title: 'First Shelf' });
    const closed = await makeCollection(server.ctx, moderator, { title: 'Closed Shelf', isClosed: true });
    const editForm = page(await (await authorAgent.get(`/works/${workId}/edit`)).text());
    expect(editForm.labelOf('collections')).toBe('Add to Collections (optional)');
    const fields = workForm(author, { title: 'Edited Shelf', collections: first.name });
    expect((await authorAgent.post(`/works/${workId}/edit`, fields)).status).toBe(303);
    expect((await itemsOf(workId)).map((i) => i.name)).toEqual([first.name]);
    expect(page(await (await authorAgent.get(`/works/${workId}/edit`)).text()).text('.current-collections')).toContain('First Shelf');

    const refused = await authorAgent.post(`/works/${workId}/edit`, { ...fields, title: 'Renamed Shelf', collections: `${first.name}, ${closed.name}` });
    expect(refused.status).toBe(422);
    const form = page(await refused.text());
    expect(form.fieldError('collections')).toContain('This work is already in “First Shelf”');
    expect(form.fieldError('collections')).toContain('“Closed Shelf” is closed to new works.');
    expect(form.value('title')).toBe('Renamed Shelf');
    const row = await db().selectFrom('works').select('title').where('id', '=', workId).executeTakeFirstOrThrow();
    expect(row.title).toBe('Edited Shelf');
  });
});

describe('a moderator inviting a work from its page', () => {
  it('offers the collections they moderate, invites the work, and the creator accepts', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Invited Work' });
    const theirs = await makeCollection(server.ctx, moderator, { title: 'Moderated Here', isModerated: true });
    const reader = await makeUser(server.ctx);
    expect(page(await (await (await server.agent().signInAs(reader.id)).get(`/works/${workId}`)).text()).exists('form.invite-to-collection')).toBe(false);
    expect(page(await (await authorAgent.get(`/works/${workId}`)).text()).exists('form.invite-to-collection')).toBe(false);

    const modAgent = await server.agent().signInAs(moderator.id);
    const shown = page(await (await modAgent.get(`/works/${workId}`)).text());
    expect(shown.labelOf('collections')).toBe('Invite to collection');
    expect(shown.all('form.invite-to-collection option')).toContain('Moderated Here');
    const invited = await modAgent.post(`/works/${workId}/collection_items`, { collections: theirs.name });
    expect(invited.status).toBe(303);
    expect(await itemsOf(workId)).toEqual([{ name: theirs.name, creatorStatus: 'unreviewed', collectionStatus: 'approved' }]);
    // Invited already: the form offers it no more.
    expect(page(await (await modAgent.get(`/works/${workId}`)).text()).all('form.invite-to-collection option')).not.toContain('Moderated Here');

    const item = await db().selectFrom('collectionItems').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
    expect((await authorAgent.post(`/collection_items/${item.id}`, { decision: 'approved' })).status).toBe(303);
    expect(page(await (await server.agent().get(`/works/${workId}`)).text()).text('.work-collections')).toContain('Moderated Here');
  });

  it('refuses an invitation to a collection the viewer does not moderate', async () => {
    const workId = await makeWork(server.ctx, author);
    const elsewhere = await makeCollection(server.ctx, author, { title: 'Not Theirs' });
    const stranger = await makeUser(server.ctx);
    const refused = await (await server.agent().signInAs(stranger.id)).post(`/works/${workId}/collection_items`, { collections: elsewhere.name });
    expect(refused.status).toBe(422);
    expect(page(await refused.text()).fieldError('collections')).toContain('Only the work’s creators, or the moderators of “Not Theirs”');
    expect(await itemsOf(workId)).toEqual([]);
  });
});

describe('deleting a chapter of a work in a word-rule collection', () => {
  it('refuses a deletion that breaks an exact per-work rule, with the rule’s message, and keeps the chapter', async () => {
    const { name } = await makeCollection(server.ctx, moderator, { title: 'Two Hundred', wordRule: { kind: 'exactly', count: 200, scope: 'work' } });
    const workId = await makeWork(server.ctx, author, { chapter: { title: null, summary: null, notes: null, endNotes: null, text: words(100) }, expectedChapters: null });
    expect((await authorAgent.post(`/works/${workId}/chapters`, { text: words(100, 'storm') })).status).toBe(303);
    await addToCollection(server.ctx, author, workId, name);
    const second = await db().selectFrom('chapters').select('id').where('workId', '=', workId).where('position', '=', 2).executeTakeFirstOrThrow();
    const refused = await authorAgent.post(`/works/${workId}/chapters/${second.id}/delete`);
    expect(refused.status).toBe(409);
    const text = page(await refused.text()).text('main');
    expect(text).toContain('“Two Hundred”, which takes exactly 200 words per work');
    expect(text).toContain('100 words short of exactly 200');
    expect(await db().selectFrom('chapters').select('id').where('workId', '=', workId).execute()).toHaveLength(2);
  });

  it('allows a deletion that keeps the rule (a tower of drabbles, a multiple of 100)', async () => {
    const { name } = await makeCollection(server.ctx, moderator, { wordRule: { kind: 'multiple_of', count: 100, scope: 'work' } });
    const workId = await makeWork(server.ctx, author, { chapter: { title: null, summary: null, notes: null, endNotes: null, text: words(100) }, expectedChapters: null });
    expect((await authorAgent.post(`/works/${workId}/chapters`, { text: words(100, 'storm') })).status).toBe(303);
    await addToCollection(server.ctx, author, workId, name);
    const second = await db().selectFrom('chapters').select('id').where('workId', '=', workId).where('position', '=', 2).executeTakeFirstOrThrow();
    expect((await authorAgent.post(`/works/${workId}/chapters/${second.id}/delete`)).status).toBe(303);
    const work = await db().selectFrom('works').select('wordCount').where('id', '=', workId).executeTakeFirstOrThrow();
    expect(work.wordCount).toBe(100);
  });
});
