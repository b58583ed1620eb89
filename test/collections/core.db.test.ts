import { describe, expect, it } from 'vitest';
import { addWorkToCollection, createCollection, reviewItem, revealCollection } from '../../src/collections/collection.service.ts';
import { collectionFormSchema } from '../../src/collections/collection.schema.ts';
import { validateForm } from '../../src/web/forms.tsx';
import { useTestContext } from '../support/database.ts';
import { addToCollection, makeCollection, makeUser, makeWork } from '../support/factories.ts';

// The core use cases of collections, over a real database on both engines: who may add a work,
// which side waits, what the works' derived anonymity flags say at each step.

const { ctx, clock } = useTestContext();

async function flags(workId: number) {
  return ctx.db.kysely.selectFrom('works').select(['inAnonCollection', 'inUnrevealedCollection']).where('id', '=', workId).executeTakeFirstOrThrow();
}

const form = (fields: Record<string, string>) => validateForm(collectionFormSchema, { name: 'tower', title: 'Tower', ...fields });

describe('collections core', () => {
  it('reads the form and answers bad input field by field', () => {
    const bad = form({ name: 'no spaces here', title: '', wordRule: 'exactly', wordRuleCount: 'lots', revealWorksAt: 'soon' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toMatchObject({ name: expect.stringContaining('letters, digits and underscores'), title: 'Enter a title.', wordRuleCount: expect.stringContaining('whole number'), revealWorksAt: expect.stringContaining('YYYY-MM-DD') });
    const good = form({ wordRule: 'exactly', wordRuleCount: '100', wordRuleScope: 'chapter', isUnrevealed: 'on', revealWorksAt: '2026-02-01' });
    expect(good.ok && good.value).toMatchObject({ wordRule: { kind: 'exactly', count: 100, scope: 'chapter' }, isUnrevealed: true, revealWorksAt: '2026-02-01T00:00:00.000Z' });
  });

  it('refuses a taken name, a reveal date already past, and a parent the owner does not own', async () => {
    const owner = await makeUser(ctx);
    const other = await makeUser(ctx);
    const first = await makeCollection(ctx, owner);
    const base = { title: 'T', description: null, rules: null, parentName: null, isModerated: false, isClosed: false, isAnonymous: false, isUnrevealed: true, revealWorksAt: null, revealCreatorsAt: null, wordRule: null, challengeType: null } as const;
    expect(await createCollection(ctx, other, { ...base, name: first.name.toUpperCase() })).toMatchObject({ ok: false, errors: { name: expect.stringContaining('is taken') } });
    expect(await createCollection(ctx, owner, { ...base, name: 'past_reveal', revealWorksAt: new Date(clock.now.getTime() - 1000).toISOString() })).toMatchObject({ ok: false, errors: { revealWorksAt: expect.stringContaining('has passed') } });
    expect(await createCollection(ctx, other, { ...base, name: 'round_two', parentName: first.name })).toMatchObject({ ok: false, errors: { parentName: expect.stringContaining('Only the owners') } });
    expect(await createCollection(ctx, owner, { ...base, name: 'round_two', parentName: first.name })).toMatchObject({ ok: true });
  });

  it('takes a creator’s request in an open collection at once, and makes the work anonymous until the reveal', async () => {
    const owner = await makeUser(ctx);
    const writer = await makeUser(ctx);
    const collection = await makeCollection(ctx, owner, { isAnonymous: true, isUnrevealed: true });
    const workId = await makeWork(ctx, writer);
    const added = await addWorkToCollection(ctx, writer, workId, collection.name);
    expect(added).toMatchObject({ ok: true, value: { creatorStatus: 'approved', collectionStatus: 'approved' } });
    expect(await flags(workId)).toEqual({ inAnonCollection: 1, inUnrevealedCollection: 1 });
    expect(await addWorkToCollection(ctx, writer, workId, collection.name)).toMatchObject({ ok: false, errors: { collections: expect.stringContaining('already') } });
    await revealCollection(ctx, 'system', collection.id, 'works');
    expect(await flags(workId)).toEqual({ inAnonCollection: 1, inUnrevealedCollection: 0 });
    expect(await revealCollection(ctx, writer, collection.id, 'creators')).toMatchObject({ ok: false });
    await revealCollection(ctx, owner, collection.id, 'creators');
    expect(await flags(workId)).toEqual({ inAnonCollection: 0, inUnrevealedCollection: 0 });
  });

  it('hides nobody’s work by an invitation alone; the creator’s yes does', async () => {
    const owner = await makeUser(ctx);
    const writer = await makeUser(ctx);
    const collection = await makeCollection(ctx, owner, { isAnonymous: true });
    const workId = await makeWork(ctx, writer);
    const stranger = await makeUser(ctx);
    expect(await addWorkToCollection(ctx, stranger, workId, collection.name)).toMatchObject({ ok: false, errors: { collections: expect.stringContaining('Only the work’s creators') } });
    const itemId = await addToCollection(ctx, owner, workId, collection.name);
    expect(await flags(workId)).toMatchObject({ inAnonCollection: 0 });
    expect(await reviewItem(ctx, stranger, itemId, 'approved')).toMatchObject({ ok: false });
    expect(await reviewItem(ctx, writer, itemId, 'approved')).toMatchObject({ ok: true, value: { side: 'creator' } });
    expect(await flags(workId)).toMatchObject({ inAnonCollection: 1 });
  });

  it('keeps a request waiting in a moderated collection, anonymous meanwhile, and lets it go when rejected', async () => {
    const owner = await makeUser(ctx);
    const writer = await makeUser(ctx);
    const collection = await makeCollection(ctx, owner, { isModerated: true, isAnonymous: true });
    const workId = await makeWork(ctx, writer);
    const added = await addWorkToCollection(ctx, writer, workId, collection.name);
    expect(added).toMatchObject({ ok: true, value: { collectionStatus: 'unreviewed' } });
    expect(await flags(workId)).toMatchObject({ inAnonCollection: 1 });
    await reviewItem(ctx, owner, added.ok ? added.value.itemId : 0, 'rejected');
    expect(await flags(workId)).toMatchObject({ inAnonCollection: 0 });
  });

  it('refuses a closed collection, except to its moderators, and a work that breaks the word rule by how much it misses', async () => {
    const owner = await makeUser(ctx);
    const writer = await makeUser(ctx);
    const closed = await makeCollection(ctx, owner, { isClosed: true, title: 'Shut' });
    const workId = await makeWork(ctx, writer);
    expect(await addWorkToCollection(ctx, writer, workId, closed.name)).toMatchObject({ ok: false, errors: { collections: '“Shut” is closed to new works.' } });
    expect(await addWorkToCollection(ctx, owner, workId, closed.name)).toMatchObject({ ok: true, value: { creatorStatus: 'unreviewed' } });
    const drabbles = await makeCollection(ctx, owner, { title: 'Drabbles', wordRule: { kind: 'exactly', count: 100, scope: 'chapter' } });
    const words = Array.from({ length: 98 }, (_, i) => `word${i}`).join(' ');
    const short = await makeWork(ctx, writer, { chapter: { title: null, summary: null, notes: null, endNotes: null, text: words } });
    expect(await addWorkToCollection(ctx, writer, short, drabbles.name)).toMatchObject({ ok: false, errors: { collections: '“Drabbles” takes exactly 100 words per chapter. Chapter 1 has 98 words: 2 words short of exactly 100.' } });
    expect(await addWorkToCollection(ctx, writer, short, 'no_such_collection')).toMatchObject({ ok: false, errors: { collections: 'There is no collection named “no_such_collection”.' } });
  });
});
