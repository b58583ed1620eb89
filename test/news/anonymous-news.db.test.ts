import { describe, expect, it } from 'vitest';
import { revealCollection } from '../../src/collections/collection.service.ts';
import { insertSubscription } from '../../src/news/subscription.repository.ts';
import { addToCollection, drainJobs, makeCollection, makeUser, makeWork, tagNamed } from '../support/factories.ts';
import { useMailServer, type ReceivedMail } from '../support/mail.ts';

// The news of a work in an anonymous collection, at a real SMTP peer on both engines: the
// news job reads the work as it is when it runs, so a work that joined an anonymous collection
// before its news went out names nobody, and its creator's subscribers hear nothing of it. When
// the collection reveals its creators, those subscribers are told, and nobody is told twice.

const { server, mail } = useMailServer();

async function settled(address: string): Promise<ReceivedMail[]> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return mail.messagesTo(address);
}

describe('news of an anonymous work', () => {
  it('names no creator and tells the creator’s subscribers nothing until the reveal', async () => {
    const owner = await makeUser(server.ctx);
    const author = await makeUser(server.ctx, { login: `masked_${Date.now().toString(36)}`, confirmed: true });
    const followsAuthor = await makeUser(server.ctx, { confirmed: true });
    const followsTag = await makeUser(server.ctx, { confirmed: true });
    const collection = await makeCollection(server.ctx, owner, { isAnonymous: true, title: 'Masquerade' });
    const tagName = `Masked Ball ${Date.now().toString(36)}`;
    // A first work makes the tag; its news goes before anyone subscribes.
    await makeWork(server.ctx, owner, { freeforms: [tagName] });
    await drainJobs(server.ctx);
    const tag = await tagNamed(server.ctx, tagName);
    const now = new Date().toISOString();
    await insertSubscription(server.ctx.db.kysely, followsAuthor.id, { type: 'creator', id: author.id }, now);
    await insertSubscription(server.ctx.db.kysely, followsTag.id, { type: 'tag', id: tag.id }, now);

    const workId = await makeWork(server.ctx, author, { title: 'Behind the Mask', freeforms: [tagName] });
    await addToCollection(server.ctx, author, workId, collection.name);
    await drainJobs(server.ctx);

    const toTag = await settled(followsTag.email);
    expect(toTag).toHaveLength(1);
    expect(toTag[0]!.text).toContain('Behind the Mask');
    expect(toTag[0]!.text).not.toContain(author.login);
    expect(toTag[0]!.subject).not.toContain(author.login);
    expect(await settled(followsAuthor.email)).toHaveLength(0);

    expect(await revealCollection(server.ctx, owner, collection.id, 'creators')).toMatchObject({ ok: true });
    await drainJobs(server.ctx);
    const toAuthorFollower = await settled(followsAuthor.email);
    expect(toAuthorFollower).toHaveLength(1);
    expect(toAuthorFollower[0]!.text).toContain('Behind the Mask');
    expect(toAuthorFollower[0]!.text).toContain(author.login);
    expect(await settled(followsTag.email)).toHaveLength(1);
  });

  it('signs a creator’s reply on their anonymous work "Anonymous Creator" in the reader’s inbox and mail', async () => {
    const owner = await makeUser(server.ctx);
    const author = await makeUser(server.ctx, { login: `hidden_${Date.now().toString(36)}`, confirmed: true });
    const reader = await makeUser(server.ctx, { confirmed: true });
    const collection = await makeCollection(server.ctx, owner, { isAnonymous: true });
    const workId = await makeWork(server.ctx, author, { title: 'Under the Veil' });
    await addToCollection(server.ctx, author, workId, collection.name);
    await drainJobs(server.ctx);
    const chapter = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
    const readerAgent = await server.agent().signInAs(reader.id);
    expect((await readerAgent.post(`/works/${workId}/comments`, { body: 'Who wrote this?', chapter_id: String(chapter.id) })).status).toBe(303);
    const comment = await server.ctx.db.kysely.selectFrom('comments').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
    const authorAgent = await server.agent().signInAs(author.id);
    expect((await authorAgent.post(`/comments/${comment.id}/replies`, { body: 'That would be telling.' })).status).toBe(303);
    await drainJobs(server.ctx);

    const inbox = await (await readerAgent.get(`/users/${reader.login}/inbox`)).text();
    expect(inbox).toContain('That would be telling.');
    expect(inbox).toContain('Anonymous Creator');
    expect(inbox).not.toContain(author.login);
    const replies = (await settled(reader.email)).filter((m) => (m.text ?? '').includes('That would be telling.'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Anonymous Creator replied to your comment');
    expect(replies[0]!.text).not.toContain(author.login);
  });
});
