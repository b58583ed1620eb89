import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// The inbox through the real server. Its events are rows the comment service writes with each
// comment (test/feedback/comments.db.test.ts posts comments through the forms and finds them
// here); these tests set the rows up directly to check the inbox's own rules: whose rows, which
// order, which filters, what a forged id does.

const server = useTestServer();
let author: TestUser;
let reader: TestUser;
let other: TestUser;
let segment = 0;

async function chapterOf(ctx: AppContext, workId: number): Promise<number> {
  const row = await ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').executeTakeFirstOrThrow();
  return row.id;
}

/** A comment by `by` (or a guest) on the work's first chapter, and the event for `to`. */
async function commentWithEvent(workId: number, to: TestUser, options: { by?: TestUser; guest?: string; kind?: 'comment' | 'reply'; status?: 'published' | 'pending' | 'spam' | 'deleted'; body?: string } = {}) {
  const db = server.ctx.db.kysely;
  const now = new Date().toISOString();
  const comment = await db
    .insertInto('comments')
    .values({
      workId,
      chapterId: await chapterOf(server.ctx, workId),
      parentId: null,
      path: (++segment).toString(36).padStart(6, '0'),
      depth: 0,
      userId: options.by?.id ?? null,
      pseudId: options.by?.pseudId ?? null,
      guestName: options.guest ?? null,
      guestEmail: options.guest ? 'guest@example.invalid' : null,
      addressKey: null,
      body: options.body ?? '<p>Lovely.</p>',
      status: options.status ?? 'published',
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event = await db
    .insertInto('notifications')
    .values({ userId: to.id, kind: options.kind ?? 'comment', workId, commentId: comment.id, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { commentId: comment.id, eventId: event.id };
}

async function eventRow(id: number) {
  return server.ctx.db.kysely.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

async function inboxOf(agent: Agent, user: TestUser, query = '') {
  const response = await agent.get(`/users/${user.login}/inbox${query}`);
  expect(response.status).toBe(200);
  return page(await response.text());
}

async function postFollow(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const response = await agent.post(path, fields);
  expect(response.status).toBe(303);
  return { location: response.headers.get('location')!, page: page(await (await agent.get(response.headers.get('location')!)).text()) };
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  other = await makeUser(server.ctx);
});

describe('the inbox', () => {
  it('shows comments on your works, unread first, with the unread count in the header', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Barn Light' });
    const first = await commentWithEvent(workId, author, { by: reader, body: '<p>First words.</p>' });
    const second = await commentWithEvent(workId, author, { guest: 'Wanderer', body: '<p>Second words.</p>' });
    const agent = await server.agent().signInAs(author.id);
    // One read event sorts below the unread one, though it is newer.
    await postFollow(agent, `/users/${author.login}/inbox`, { action: 'read', ids: String(second.eventId) });

    const inbox = await inboxOf(agent, author);
    expect(inbox.all('.inbox-item blockquote')).toEqual(['First words.', 'Second words.']);
    expect(inbox.text('.inbox-item.unread .byline')).toContain(`${reader.login} commented on Barn Light`);
    expect(inbox.text('.inbox-item.read .byline')).toContain('Wanderer (Guest) commented on Barn Light');
    expect(inbox.text('.site-header a[href$="/inbox"]')).toBe('Inbox 1');
    // The guest's address is kept for replies by mail, and never shown.
    expect(inbox.$.html()).not.toContain('guest@example.invalid');
    // Reply from the inbox: the form posts to the comment's reply address and comes back here.
    expect(inbox.attr(`#notification-${first.eventId} details.reply form`, 'action')).toBe(`/comments/${first.commentId}/replies`);
    expect(inbox.attr(`#notification-${first.eventId} details.reply input[name="return_to"]`, 'value')).toBe(`/users/${author.login}/inbox?filter=all&page=1`);
  });

  it('is only its owner’s: others are refused, guests asked to log in', async () => {
    const anonymous = await server.agent().get(`/users/${author.login}/inbox`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login?return_to=');
    const someoneElse = await server.agent().signInAs(other.id);
    expect((await someoneElse.get(`/users/${author.login}/inbox`)).status).toBe(403);
    expect((await someoneElse.post(`/users/${author.login}/inbox`, { action: 'delete', ids: '1' })).status).toBe(403);
    expect((await someoneElse.get('/users/nobody_by_that_name/inbox')).status).toBe(404);
  });

  it('marks read, unread, and deletes, one at a time or selected, only the reader’s own events', async () => {
    const workId = await makeWork(server.ctx, reader);
    const a = await commentWithEvent(workId, reader, { by: author });
    const b = await commentWithEvent(workId, reader, { by: other });
    const theirs = await commentWithEvent(await makeWork(server.ctx, other), other, { by: author });
    const agent = await server.agent().signInAs(reader.id);
    const self = `/users/${reader.login}/inbox`;

    const read = await postFollow(agent, self, { action: 'read', ids: [String(a.eventId), String(b.eventId)], return_to: `${self}?filter=unread&page=1` });
    expect(read.location).toBe(`${self}?filter=unread&page=1`);
    expect(read.page.text('.flash')).toBe('2 comments marked as read.');
    expect((await eventRow(a.eventId))!.isRead).toBe(1);

    expect((await postFollow(agent, self, { action: 'unread', ids: String(a.eventId) })).page.text('.flash')).toBe('Marked as unread.');
    expect((await eventRow(a.eventId))!.isRead).toBe(0);

    // Another reader's event id, forged into the form, changes nothing.
    const forged = await postFollow(agent, self, { action: 'delete', ids: String(theirs.eventId) });
    expect(forged.page.text('.flash')).toBe('Those comments are no longer in your inbox.');
    expect(await eventRow(theirs.eventId)).toBeDefined();

    expect((await postFollow(agent, self, { action: 'delete', ids: String(b.eventId) })).page.text('.flash')).toBe('Deleted from your inbox.');
    expect(await eventRow(b.eventId)).toBeUndefined();
    // The comment itself stays: the inbox deletes only its own event.
    expect(await server.ctx.db.kysely.selectFrom('comments').select('id').where('id', '=', b.commentId).executeTakeFirst()).toBeDefined();
  });

  it('answers a form with nothing selected, no action or too much with a message and no change', async () => {
    const workId = await makeWork(server.ctx, other);
    const event = await commentWithEvent(workId, other, { by: reader });
    const agent = await server.agent().signInAs(other.id);
    const self = `/users/${other.login}/inbox`;
    expect((await postFollow(agent, self, { action: 'read' })).page.text('.flash')).toBe('Select at least one comment first.');
    expect((await postFollow(agent, self, { action: 'explode', ids: String(event.eventId) })).page.text('.flash')).toBe('Choose what to do with the selected comments.');
    expect((await postFollow(agent, self, { action: 'read', ids: ['x', '-1', '0'] })).page.text('.flash')).toBe('Select at least one comment first.');
    const many = Array.from({ length: 101 }, (_, i) => String(i + 1));
    expect((await postFollow(agent, self, { action: 'delete', ids: many })).page.text('.flash')).toBe('Select at most 100 comments at a time.');
    // A return address off the inbox comes back to the inbox.
    expect((await postFollow(agent, self, { action: 'read', ids: String(event.eventId), return_to: '//evil.example/x' })).location).toBe(self);
    expect((await eventRow(event.eventId))!.isRead).toBe(1);
  });

  it('filters by unread, read, replied and not replied', async () => {
    const owner = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, owner);
    const unread = await commentWithEvent(workId, owner, { by: reader, body: '<p>Unread one.</p>' });
    const replied = await commentWithEvent(workId, owner, { by: other, body: '<p>Replied one.</p>' });
    await server.ctx.db.kysely.updateTable('notifications').set({ isRead: 1, isReplied: 1 }).where('id', '=', replied.eventId).execute();
    const agent = await server.agent().signInAs(owner.id);
    expect((await inboxOf(agent, owner, '?filter=unread')).all('.inbox-item blockquote')).toEqual(['Unread one.']);
    expect((await inboxOf(agent, owner, '?filter=read')).all('.inbox-item blockquote')).toEqual(['Replied one.']);
    expect((await inboxOf(agent, owner, '?filter=replied')).all('.inbox-item blockquote')).toEqual(['Replied one.']);
    expect((await inboxOf(agent, owner, '?filter=unreplied')).all('.inbox-item blockquote')).toEqual(['Unread one.']);
    // An unknown filter is the whole inbox.
    expect((await inboxOf(agent, owner, '?filter=%3Cscript%3E')).count('.inbox-item')).toBe(2);
    expect(unread.eventId).toBeLessThan(replied.eventId);
  });

  it('leaves out deleted and spam comments, shows one awaiting approval to the creator, and no reply on a work gone back to draft', async () => {
    const owner = await makeUser(server.ctx);
    const workId = await makeWork(server.ctx, owner);
    await commentWithEvent(workId, owner, { by: reader, status: 'deleted', body: '' });
    await commentWithEvent(workId, owner, { by: reader, status: 'spam', body: '<p>Buy now.</p>' });
    const pending = await commentWithEvent(workId, owner, { guest: 'Quiet', status: 'pending', body: '<p>Waiting.</p>' });
    const agent = await server.agent().signInAs(owner.id);
    const inbox = await inboxOf(agent, owner);
    expect(inbox.all('.inbox-item blockquote')).toEqual(['Waiting.']);
    expect(inbox.text(`#notification-${pending.eventId} .byline`)).toContain('Awaiting your approval');
    // A comment waiting for approval is approved before anyone replies to it.
    expect(inbox.exists(`#notification-${pending.eventId} details.reply`)).toBe(false);

    // A reply to the owner's comment on someone else's work that went back to draft is out of sight.
    const elsewhere = await makeWork(server.ctx, other);
    await commentWithEvent(elsewhere, owner, { by: other, kind: 'reply', body: '<p>A reply.</p>' });
    expect((await inboxOf(agent, owner)).all('.inbox-item blockquote')).toEqual(['A reply.', 'Waiting.']);
    await server.ctx.db.kysely.updateTable('works').set({ isDraft: 1 }).where('id', '=', elsewhere).execute();
    expect((await inboxOf(agent, owner)).all('.inbox-item blockquote')).toEqual(['Waiting.']);
  });
});
