import { beforeAll, describe, expect, it } from 'vitest';
import { page, type Page } from '../support/dom.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Comments through the real server, on both engines: posting, threads, guests, the inbox they
// feed, and every refusal keeping what the reader typed. Moderation, editing and deleting are
// in comments.moderation.db.test.ts.

// The rate limits and burst rule have tests of their own (comments.abuse.db.test.ts).
export const server = useTestServer({ TRUST_PROXY: 'true', COMMENTS_PER_MINUTE: '1000', COMMENTS_PER_DAY: '10000' });
let author: TestUser;
let reader: TestUser;
let other: TestUser;

const ATTACK = `<script>alert("xss")</script><img src=x onerror="alert(1)">"><svg onload=alert(2)><a href="javascript:alert(5)">x</a>`;

async function follow(agent: Agent, response: Response): Promise<{ location: string; page: Page }> {
  expect(response.status, await response.clone().text()).toBe(303);
  const location = response.headers.get('location')!;
  return { location, page: page(await (await agent.get(location)).text()) };
}

async function firstChapter(workId: number): Promise<number> {
  return (await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).orderBy('position').executeTakeFirstOrThrow()).id;
}

async function commentsOf(workId: number) {
  return server.ctx.db.kysely.selectFrom('comments').selectAll().where('workId', '=', workId).orderBy('path').execute();
}

async function commentCount(workId: number): Promise<number> {
  return (await server.ctx.db.kysely.selectFrom('works').select('commentCount').where('id', '=', workId).executeTakeFirstOrThrow()).commentCount;
}

async function allowGuests(agent: Agent, workId: number) {
  const saved = await agent.post(`/works/${workId}/comment_settings`, { comment_permission: 'everyone' });
  expect((await follow(agent, saved)).page.text('.flash')).toBe('Comment settings saved.');
}

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
  other = await makeUser(server.ctx);
});

describe('comments', () => {
  it('a reader comments from the work page, the author replies from the inbox, the reader sees the reply', async () => {
    const workId = await makeWork(server.ctx, author, { title: 'Lantern Road' });
    const readerAgent = await server.agent().signInAs(reader.id);
    const workPage = page(await (await readerAgent.get(`/works/${workId}`)).text());
    expect(workPage.attr('#comments form.comment-form', 'action')).toBe(`/works/${workId}/comments`);

    const posted = await follow(readerAgent, await readerAgent.post(`/works/${workId}/comments`, { body: 'I loved the lanterns.\n\nAnd the road.', chapter_id: String(await firstChapter(workId)) }));
    expect(posted.page.text('.flash')).toBe('Comment created!');
    const [comment] = await commentsOf(workId);
    expect(comment!.body).toBe('<p>I loved the lanterns.</p>\n<p>And the road.</p>');
    expect(comment!.path).toBe('000000');
    expect(await commentCount(workId)).toBe(1);
    const onWork = page(await (await server.agent().get(`/works/${workId}`)).text());
    expect(onWork.text('#comments h2')).toBe('Comments (1)');
    expect(onWork.text(`#comment-${comment!.id} .byline`)).toContain(reader.login);
    expect(onWork.text(`#comment-${comment!.id} blockquote`)).toBe('I loved the lanterns. And the road.');

    const authorAgent = await server.agent().signInAs(author.id);
    const inbox = page(await (await authorAgent.get(`/users/${author.login}/inbox`)).text());
    expect(inbox.text('.site-header a[href$="/inbox"]')).toBe('Inbox 1');
    expect(inbox.text('.inbox-item blockquote')).toBe('I loved the lanterns. And the road.');
    const form = inbox.$('.inbox-item details.reply form');
    const reply = await authorAgent.post(form.attr('action')!, { body: 'Thank you for reading!', return_to: form.find('input[name="return_to"]').attr('value')! });
    const back = await follow(authorAgent, reply);
    expect(back.location).toBe(`/users/${author.login}/inbox?filter=all&page=1`);
    expect(back.page.text('.flash')).toBe('Comment created!');
    expect(back.page.exists('.inbox-item.read')).toBe(true);
    expect(back.page.text('.inbox-item .badge:last-of-type')).toContain('Replied');

    const readerInbox = page(await (await readerAgent.get(`/users/${reader.login}/inbox`)).text());
    expect(readerInbox.text('.inbox-item .byline')).toContain(`${author.login} replied to your comment on Lantern Road`);
    const thread = page(await (await readerAgent.get(`/comments/${comment!.id}`)).text());
    expect(thread.all('.comment blockquote')).toEqual(['I loved the lanterns. And the road.', 'Thank you for reading!']);
    expect(await commentCount(workId)).toBe(2);
  });

  it('guests: refused by default, welcome once the creator allows them, shown as "Name (Guest)", their address never shown', async () => {
    const workId = await makeWork(server.ctx, author);
    const guest = server.agent();
    const headers = { 'x-forwarded-for': '198.51.100.20' };
    // The cached work page has no form for a guest, only the way to one.
    const refused = await guest.post(`/works/${workId}/comments`, { body: 'Hello from outside', name: 'Moth', email: 'moth@example.invalid' }, { headers });
    expect(refused.status).toBe(403);
    const refusedPage = page(await refused.text());
    expect(refusedPage.$('main').text()).toContain('Only registered users can comment on this work');
    expect(refusedPage.value('name')).toBe('Moth');
    expect(refusedPage.value('body')).toBe('Hello from outside');
    expect(await commentsOf(workId)).toHaveLength(0);

    await allowGuests(await server.agent().signInAs(author.id), workId);
    const workPage = page(await (await guest.get(`/works/${workId}`, headers)).text());
    expect(workPage.exists('#comments form.comment-form')).toBe(false);
    expect(workPage.links().find((l) => l.text === 'Comment as a guest')!.href).toMatch(/^\/chapters\/\d+\/comments#comment-form$/);
    const formPage = page(await (await guest.get(`/works/${workId}/comments`, headers)).text());
    expect(formPage.labelOf('name')).toBe('Name');
    expect(formPage.labelOf('email')).toBe('E-mail address');

    // A registered user's name is not a guest's to take, in any case; what was typed stays.
    const taken = await guest.post(`/works/${workId}/comments`, { body: 'Signed falsely', name: reader.login.toUpperCase(), email: 'x@example.invalid' }, { headers });
    expect(taken.status).toBe(422);
    const takenPage = page(await taken.text());
    expect(takenPage.fieldError('name')).toContain('belongs to a registered user');
    expect(takenPage.value('body')).toBe('Signed falsely');
    const noAddress = page(await (await guest.post(`/works/${workId}/comments`, { body: 'No address', name: 'Moth', email: 'not an address' }, { headers })).text());
    expect(noAddress.fieldError('email')).toBe('That doesn’t look like an e-mail address.');
    expect(noAddress.value('name')).toBe('Moth');

    const posted = await follow(guest, await guest.post(`/works/${workId}/comments`, { body: 'Hello from outside', name: 'Moth', email: 'moth@example.invalid' }, { headers }));
    expect(posted.page.text('.comment .byline')).toContain('Moth (Guest)');
    const [row] = await commentsOf(workId);
    expect(row!.userId).toBeNull();
    expect(row!.guestEmail).toBe('moth@example.invalid');
    expect(row!.addressKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const path of [`/works/${workId}`, `/works/${workId}/comments`, `/comments/${row!.id}`]) {
      const html = await (await server.agent().get(path)).text();
      expect(html, path).toContain('Moth (Guest)');
      expect(html, path).not.toContain('moth@example.invalid');
      expect(html, path).not.toContain('198.51.100.20');
    }
    const authorInbox = await (await (await server.agent().signInAs(author.id)).get(`/users/${author.login}/inbox`)).text();
    expect(authorInbox).not.toContain('moth@example.invalid');
  });

  it('refuses, keeping the text: empty, too long, drafts, restricted works for guests, comments off, unknown works', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    const empty = await agent.post(`/works/${workId}/comments`, { body: '   ' });
    expect(empty.status).toBe(422);
    expect(page(await empty.text()).fieldError('body')).toBe('Write your comment first: it is empty.');
    const long = 'x'.repeat(20_000);
    const tooLong = await agent.post(`/works/${workId}/comments`, { body: long });
    expect(tooLong.status).toBe(422);
    const tooLongPage = page(await tooLong.text());
    expect(tooLongPage.fieldError('body')).toBe('That is too long: use at most 10,000 characters.');
    expect(tooLongPage.value('body')).toBe(long);
    expect((await agent.post(`/works/${workId}/comments`, { body: 'y'.repeat(10_000) })).status).toBe(303);

    const draft = await makeWork(server.ctx, author, { asDraft: true });
    const onDraft = await agent.post(`/works/${draft}/comments`, { body: 'Early words' });
    expect(onDraft.status).toBe(404);
    expect(page(await onDraft.text()).text('#kept-comment')).toBe('Early words');
    const restricted = await makeWork(server.ctx, author, { isRestricted: true });
    const guest = await server.agent().post(`/works/${restricted}/comments`, { body: 'Let me in', name: 'Moth', email: 'moth@example.invalid' });
    expect(guest.status).toBe(403);
    const guestPage = page(await guest.text());
    expect(guestPage.text('#kept-comment')).toBe('Let me in');
    expect(guestPage.links().some((l) => l.href.startsWith('/login?return_to='))).toBe(true);

    const authorAgent = await server.agent().signInAs(author.id);
    await follow(authorAgent, await authorAgent.post(`/works/${workId}/comment_settings`, { comment_permission: 'nobody' }));
    const closed = await agent.post(`/works/${workId}/comments`, { body: 'Still here' });
    expect(closed.status).toBe(403);
    const closedPage = page(await closed.text());
    expect(closedPage.$.text()).toContain('turned off comments');
    expect(closedPage.value('body')).toBe('Still here');
    const settings = await authorAgent.post(`/works/${workId}/comment_settings`, { comment_permission: 'all the world' });
    expect((await follow(authorAgent, settings)).page.text('.flash')).toBe('Choose who may comment.');
    expect((await agent.post(`/works/${workId}/comment_settings`, { comment_permission: 'everyone' })).status).toBe(403);

    const gone = await agent.post('/works/999999/comments', { body: 'Into the void' });
    expect(gone.status).toBe(404);
    expect(page(await gone.text()).text('#kept-comment')).toBe('Into the void');
    expect(await commentsOf(draft)).toHaveLength(0);
    expect(await commentsOf(restricted)).toHaveLength(0);
    expect(await commentCount(workId)).toBe(1);
  });

  it('a reply must answer a comment on the same work, and a frozen thread takes none', async () => {
    const mine = await makeWork(server.ctx, author);
    const theirs = await makeWork(server.ctx, other);
    const agent = await server.agent().signInAs(reader.id);
    await follow(agent, await agent.post(`/works/${theirs}/comments`, { body: 'On the other work' }));
    const [foreign] = await commentsOf(theirs);
    const forged = await agent.post(`/works/${mine}/comments`, { body: 'Crossed wires', parent_id: String(foreign!.id) });
    expect(forged.status).toBe(422);
    const forgedPage = page(await forged.text());
    expect(forgedPage.$.text()).toContain('That comment is not on this work');
    expect(forgedPage.value('body')).toBe('Crossed wires');
    const otherChapter = await firstChapter(theirs);
    expect((await agent.post(`/works/${mine}/comments`, { body: 'Wrong chapter', chapter_id: String(otherChapter) })).status).toBe(422);
    expect(await commentsOf(mine)).toHaveLength(0);
    expect(await commentsOf(theirs)).toHaveLength(1);

    // The other work's creator freezes the thread; a reply to it or below it is refused.
    const owner = await server.agent().signInAs(other.id);
    await follow(owner, await owner.post(`/comments/${foreign!.id}/replies`, { body: 'A reply before the frost' }));
    const [, child] = await commentsOf(theirs);
    expect((await follow(owner, await owner.post(`/comments/${foreign!.id}/freeze`, {}))).page.text('.flash')).toBe('Thread frozen: it takes no new replies.');
    for (const target of [foreign!.id, child!.id]) {
      const frozen = await agent.post(`/comments/${target}/replies`, { body: 'Too late' });
      expect(frozen.status).toBe(403);
      const frozenPage = page(await frozen.text());
      expect(frozenPage.$.text()).toContain('This thread is frozen');
      expect(frozenPage.value('body')).toBe('Too late');
    }
    expect(await commentsOf(theirs)).toHaveLength(2);
    await follow(owner, await owner.post(`/comments/${foreign!.id}/unfreeze`, {}));
    expect((await agent.post(`/comments/${child!.id}/replies`, { body: 'Thawed' })).status).toBe(303);
    // Only creators freeze.
    expect((await agent.post(`/comments/${foreign!.id}/freeze`, {})).status).toBe(403);
  });

  it('threads: replies in order, five levels shown, then "continue this thread"; paths order past ten siblings', async () => {
    const workId = await makeWork(server.ctx, author);
    const agent = await server.agent().signInAs(reader.id);
    await follow(agent, await agent.post(`/works/${workId}/comments`, { body: 'Level 0' }));
    let parent = (await commentsOf(workId))[0]!;
    for (let level = 1; level <= 6; level++) {
      await follow(agent, await agent.post(`/comments/${parent.id}/replies`, { body: `Level ${level}` }));
      parent = (await commentsOf(workId)).find((c) => c.depth === level)!;
    }
    for (let i = 1; i <= 11; i++) await follow(agent, await agent.post(`/works/${workId}/comments`, { body: `Sibling ${i}` }));
    const rows = await commentsOf(workId);
    expect(rows.filter((r) => r.depth === 0).map((r) => r.path.slice(-1))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b']);
    expect(rows.find((r) => r.depth === 6)!.path).toHaveLength(42);

    const workPage = page(await (await server.agent().get(`/works/${workId}`)).text());
    const bodies = workPage.all('#comments .comment blockquote');
    expect(bodies.slice(0, 5)).toEqual(['Level 0', 'Level 1', 'Level 2', 'Level 3', 'Level 4']);
    expect(bodies).not.toContain('Level 5');
    expect(bodies.slice(5)).toEqual(Array.from({ length: 11 }, (_, i) => `Sibling ${i + 1}`));
    const level4 = rows.find((r) => r.depth === 4)!;
    expect(workPage.links().find((l) => l.text === 'Continue this thread →')!.href).toBe(`/comments/${level4.id}`);
    const deeper = page(await (await server.agent().get(`/comments/${level4.id}`)).text());
    expect(deeper.all('.comment blockquote')).toEqual(['Level 4', 'Level 5', 'Level 6']);
    expect(deeper.links().find((l) => l.text === 'Parent comment')!.href).toBe(`/comments/${rows.find((r) => r.depth === 3)!.id}`);
  });

  it('script in a comment or a guest name runs nowhere', async () => {
    const workId = await makeWork(server.ctx, author);
    await allowGuests(await server.agent().signInAs(author.id), workId);
    const agent = await server.agent().signInAs(reader.id);
    await follow(agent, await agent.post(`/works/${workId}/comments`, { body: `Body ${ATTACK}` }));
    const guest = server.agent();
    await follow(guest, await guest.post(`/works/${workId}/comments`, { body: `Guest ${ATTACK}`, name: `N<script>x</script>`, email: 'g@example.invalid' }));
    const [first] = await commentsOf(workId);
    const authorAgent = await server.agent().signInAs(author.id);
    for (const path of [`/works/${workId}`, `/works/${workId}/comments`, `/comments/${first!.id}`, `/users/${author.login}/inbox`]) {
      const html = await (await authorAgent.get(path)).text();
      expect(html, path).not.toMatch(/<script>/);
      expect(html, path).not.toMatch(/<img[^>]*onerror/i);
      expect(html, path).not.toMatch(/<svg[^>]*onload/i);
      expect(html, path).not.toMatch(/href="javascript:/i);
      expect(html, path).toContain('Body ');
    }
    // The edit form shows the stored, cleaned text back as text.
    const edit = await agent.get(`/comments/${first!.id}/edit`);
    expect(await edit.text()).not.toMatch(/<script>alert/);
  });
});
