import { describe, expect, it } from 'vitest';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';
import { addToCollection, drainJobs, makeCollection, makeUser, makeWork } from '../support/factories.ts';

// Collections through the real server: making one (and the bad input of its form), each
// setting, works joining by request or invitation, review, the works listing, sub-collections,
// the reveal by button and by the job, and leaving an anonymous collection.

const server = useTestServer();
const db = () => server.ctx.db.kysely;
const item = (collectionName: string, workId: number) =>
  db().selectFrom('collectionItems').innerJoin('collections', 'collections.id', 'collectionItems.collectionId').selectAll('collectionItems').where('collections.name', '=', collectionName).where('workId', '=', workId).executeTakeFirst();
const flags = (workId: number) => db().selectFrom('works').select(['inAnonCollection', 'inUnrevealedCollection']).where('id', '=', workId).executeTakeFirstOrThrow();

describe('making a collection', () => {
  it('asks anonymous visitors to log in, makes the creator owner and shows the settings plainly', async () => {
    expect((await server.agent().get('/collections/new')).status).toBe(303);
    const owner = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(owner.id);
    const made = await agent.post('/collections', { name: 'Drabble_Tower', title: 'Tower of Drabble', rules: 'Exactly 100.', isModerated: '1', isAnonymous: '1', wordRule: 'exactly', wordRuleCount: '100', wordRuleScope: 'chapter' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/collections/Drabble_Tower');
    const shown = page(await (await agent.get('/collections/Drabble_Tower')).text());
    expect(shown.text('h1')).toBe('Tower of Drabble');
    expect(shown.term('Status:')).toContain('Moderated');
    expect(shown.term('Anonymous:')).toContain('creators are hidden until a moderator reveals them');
    expect(shown.term('Word rule:')).toBe('exactly 100 words per chapter');
    expect(shown.term('Owners:')).toBe(owner.login);
    expect(page(await (await server.agent().get('/collections')).text()).text('.collections')).toContain('Tower of Drabble');
  });

  it('answers a name with spaces, a taken name, an empty title and a past reveal date beside the fields, keeping what was typed and saving nothing', async () => {
    const owner = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(owner.id);
    const taken = await makeCollection(server.ctx, owner);
    const spaces = await agent.post('/collections', { name: 'has spaces', title: '', description: 'Kept text' });
    expect(spaces.status).toBe(422);
    const form = page(await spaces.text());
    expect(form.fieldError('name')).toContain('letters, digits and underscores');
    expect(form.fieldError('title')).toBe('Enter a title.');
    expect(form.value('name')).toBe('has spaces');
    expect(form.value('description')).toBe('Kept text');
    const again = page(await (await agent.post('/collections', { name: taken.name, title: 'T' })).text());
    expect(again.fieldError('name')).toContain('is taken');
    const past = page(await (await agent.post('/collections', { name: 'past_one', title: 'T', isUnrevealed: '1', revealWorksAt: '2001-01-01' })).text());
    expect(past.fieldError('revealWorksAt')).toContain('That date has passed');
    expect(await db().selectFrom('collections').select('id').where('nameKey', 'in', ['has spaces', 'past_one']).execute()).toHaveLength(0);
  });

  it('lets owners change settings and refuses moderators', async () => {
    const owner = await makeUser(server.ctx);
    const moderator = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner);
    const agent = await server.agent().signInAs(owner.id);
    expect((await agent.post(`/collections/${made.name}/participants`, { login: moderator.login, role: 'moderator' })).status).toBe(303);
    const modAgent = await server.agent().signInAs(moderator.id);
    expect((await modAgent.get(`/collections/${made.name}/edit`)).status).toBe(403);
    expect((await modAgent.post(`/collections/${made.name}/edit`, { title: 'Mine now' })).status).toBe(403);
    expect((await agent.post(`/collections/${made.name}/edit`, { title: 'Renamed', isClosed: '1' })).status).toBe(303);
    const shown = page(await (await agent.get(`/collections/${made.name}`)).text());
    expect(shown.text('h1')).toBe('Renamed');
    expect(shown.term('Status:')).toContain('Closed');
    expect(shown.term('Moderators:')).toBe(moderator.login);
    const nobody = page(await (await agent.post(`/collections/${made.name}/participants`, { login: 'no_such_login_here', role: 'moderator' })).text());
    expect(nobody.fieldError('login')).toContain('There is nobody with the login');
    expect(nobody.value('login')).toBe('no_such_login_here');
  });

  it('invites a member, who accepts', async () => {
    const owner = await makeUser(server.ctx);
    const friend = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner);
    await (await server.agent().signInAs(owner.id)).post(`/collections/${made.name}/participants`, { login: friend.login, role: 'member' });
    const agent = await server.agent().signInAs(friend.id);
    expect(page(await (await agent.get(`/collections/${made.name}`)).text()).text('form[action$="/membership"]')).toContain('You are invited');
    expect((await agent.post(`/collections/${made.name}/membership`, { answer: 'accept' })).status).toBe(303);
    const row = await db().selectFrom('collectionParticipants').select('role').where('userId', '=', friend.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('member');
  });
});

describe('works in collections', () => {
  it('adds a work to an open collection from its page and lists it there', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner, { title: 'Open House' });
    const workId = await makeWork(server.ctx, creator, { title: 'Open Door' });
    const agent = await server.agent().signInAs(creator.id);
    expect(page(await (await agent.get(`/works/${workId}`)).text()).labelOf('collections')).toContain('Add to Collections');
    expect((await agent.post(`/works/${workId}/collection_items`, { collections: made.name })).status).toBe(303);
    expect(page(await (await server.agent().get(`/works/${workId}`)).text()).text('.work-collections')).toContain('Collections: Open House');
    expect(page(await (await server.agent().get(`/collections/${made.name}/works`)).text()).text('.blurbs')).toContain('Open Door');
    const second = await agent.post(`/works/${workId}/collection_items`, { collections: made.name });
    expect(second.status).toBe(422);
    expect(page(await second.text()).fieldError('collections')).toContain('already in');
  });

  it('refuses a closed collection, the word rule by how many words, and someone else’s work', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const stranger = await makeUser(server.ctx);
    const closed = await makeCollection(server.ctx, owner, { isClosed: true, title: 'Shut' });
    const drabbles = await makeCollection(server.ctx, owner, { wordRule: { kind: 'exactly', count: 100, scope: 'work' }, title: 'Drabbles' });
    const workId = await makeWork(server.ctx, creator);
    const agent = await server.agent().signInAs(creator.id);
    const shut = page(await (await agent.post(`/works/${workId}/collection_items`, { collections: closed.name })).text());
    expect(shut.fieldError('collections')).toContain('is closed to new works');
    expect(shut.value('collections')).toBe(closed.name);
    const rule = page(await (await agent.post(`/works/${workId}/collection_items`, { collections: drabbles.name })).text());
    expect(rule.fieldError('collections')).toMatch(/\d+ words short of exactly 100/);
    const other = page(await (await (await server.agent().signInAs(stranger.id)).post(`/works/${workId}/collection_items`, { collections: drabbles.name })).text());
    expect(other.fieldError('collections')).toContain('Only the work’s creators');
    expect(await db().selectFrom('collectionItems').select('id').where('workId', '=', workId).execute()).toHaveLength(0);
  });

  it('holds a request in a moderated collection until a moderator approves; a moderator’s invitation waits for the creator', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner, { isModerated: true });
    const asked = await makeWork(server.ctx, creator, { title: 'Asking Nicely' });
    const invited = await makeWork(server.ctx, creator, { title: 'Invited In' });
    await addToCollection(server.ctx, creator, asked, made.name);
    const ownerAgent = await server.agent().signInAs(owner.id);
    expect((await ownerAgent.post(`/works/${invited}/collection_items`, { collections: made.name })).status).toBe(303);
    expect(page(await (await server.agent().get(`/collections/${made.name}/works`)).text()).exists('.blurbs')).toBe(false);

    const review = page(await (await ownerAgent.get(`/collections/${made.name}/items`)).text());
    expect(review.all('.item a:first-child')).toEqual(expect.arrayContaining(['Asking Nicely', 'Invited In']));
    const request = (await item(made.name, asked))!;
    expect((await ownerAgent.post(`/collection_items/${request.id}`, { decision: 'approved' })).status).toBe(303);

    const creatorAgent = await server.agent().signInAs(creator.id);
    const mine = page(await (await creatorAgent.get(`/users/${creator.login}/collection_items`)).text());
    expect(mine.text(`[data-item="${(await item(made.name, invited))!.id}"] .status`)).toBe('creator waiting, collection approved');
    expect((await creatorAgent.post(`/collection_items/${(await item(made.name, invited))!.id}`, { decision: 'approved' })).status).toBe(303);
    expect((await (await server.agent().signInAs(owner.id)).get(`/users/${creator.login}/collection_items`)).status).toBe(403);

    const listed = page(await (await server.agent().get(`/collections/${made.name}/works?sort=title&order=asc`)).text());
    expect(listed.all('.blurbs h3 a').filter((t) => t === 'Asking Nicely' || t === 'Invited In')).toEqual(['Asking Nicely', 'Invited In']);
  });

  it('lists a sub-collection’s works under its parent, filtered by words; only the parent’s owners make one', async () => {
    const owner = await makeUser(server.ctx);
    const other = await makeUser(server.ctx);
    const parent = await makeCollection(server.ctx, owner, { title: 'Yearly' });
    const otherAgent = await server.agent().signInAs(other.id);
    const refusedPage = page(await (await otherAgent.post('/collections', { name: 'not_mine_2026', title: 'Round', parentName: parent.name })).text());
    expect(refusedPage.text('main')).toContain('Only the owners of “Yearly” may add a collection under it.');
    expect(refusedPage.value('parentName')).toBe(parent.name);
    const agent = await server.agent().signInAs(owner.id);
    expect((await agent.post('/collections', { name: `${parent.name}_2026`, title: 'Round 2026', parentName: parent.name })).status).toBe(303);
    const longWork = await makeWork(server.ctx, owner, { title: 'Long One', chapter: { title: null, summary: null, notes: null, endNotes: null, text: 'word '.repeat(300) } });
    const shortWork = await makeWork(server.ctx, owner, { title: 'Short One' });
    await addToCollection(server.ctx, owner, longWork, `${parent.name}_2026`);
    await addToCollection(server.ctx, owner, shortWork, `${parent.name}_2026`);
    const shown = page(await (await server.agent().get(`/collections/${parent.name}`)).text());
    expect(shown.text('.sub-collections')).toContain('Round 2026');
    const all = await (await server.agent().get(`/collections/${parent.name}/works`)).text();
    expect(all).toContain('Long One');
    expect(all).toContain('Short One');
    const filtered = await (await server.agent().get(`/collections/${parent.name}/works?words_from=200`)).text();
    expect(filtered).toContain('Long One');
    expect(filtered).not.toContain('Short One');
  });
});

describe('anonymous and unrevealed collections', () => {
  it('reveals by the moderators’ button after a confirm page', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner, { isAnonymous: true, isUnrevealed: true });
    const workId = await makeWork(server.ctx, creator);
    await addToCollection(server.ctx, creator, workId, made.name);
    expect(await flags(workId)).toEqual({ inAnonCollection: 1, inUnrevealedCollection: 1 });
    expect((await (await server.agent().signInAs(creator.id)).get(`/collections/${made.name}/reveal/works`)).status).toBe(403);
    const agent = await server.agent().signInAs(owner.id);
    expect(page(await (await agent.get(`/collections/${made.name}/reveal/creators`)).text()).text('h1')).toBe('Reveal creators?');
    expect((await agent.post(`/collections/${made.name}/reveal/creators`)).status).toBe(303);
    expect((await agent.post(`/collections/${made.name}/reveal/works`)).status).toBe(303);
    expect(await flags(workId)).toEqual({ inAnonCollection: 0, inUnrevealedCollection: 0 });
    // The reveal tells subscribers: announceWork is queued for the work.
    expect(await db().selectFrom('jobs').select('id').where('name', '=', 'announceWork').where('payload', 'like', `%"workId":${workId},%`).execute()).not.toHaveLength(0);
  });

  it('reveals by the job at the reveal date, by the context’s clock', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const soon = new Date(server.ctx.now().getTime() + 3_600_000).toISOString();
    const made = await makeCollection(server.ctx, owner, { isAnonymous: true, revealCreatorsAt: soon });
    const workId = await makeWork(server.ctx, creator);
    await addToCollection(server.ctx, creator, workId, made.name);
    await drainJobs(server.ctx);
    expect((await flags(workId)).inAnonCollection).toBe(1);
    const real = server.ctx.now;
    server.ctx.now = () => new Date(real().getTime() + 2 * 3_600_000);
    try {
      await drainJobs(server.ctx);
    } finally {
      server.ctx.now = real;
    }
    expect((await flags(workId)).inAnonCollection).toBe(0);
    expect((await db().selectFrom('collections').select('isAnonymous').where('id', '=', made.id).executeTakeFirstOrThrow()).isAnonymous).toBe(0);
  });

  it('warns a creator leaving before the reveal that their name will show, and takes the work out only on their word', async () => {
    const owner = await makeUser(server.ctx);
    const creator = await makeUser(server.ctx);
    const made = await makeCollection(server.ctx, owner, { isAnonymous: true });
    const workId = await makeWork(server.ctx, creator);
    const itemId = await addToCollection(server.ctx, creator, workId, made.name);
    const agent = await server.agent().signInAs(creator.id);
    const confirm = page(await (await agent.get(`/collection_items/${itemId}/remove`)).text());
    expect(confirm.text('section p')).toContain('your name will show on this work to everyone');
    expect(await item(made.name, workId)).toBeDefined();
    expect((await agent.post(`/collection_items/${itemId}/remove`)).status).toBe(303);
    expect(await item(made.name, workId)).toBeUndefined();
    expect((await flags(workId)).inAnonCollection).toBe(0);
  });
});
