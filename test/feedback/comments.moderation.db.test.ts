import { beforeAll, describe, expect, it } from 'vitest';
import { findComment } from '../../src/feedback/comment.repository.ts';
import { CHANGED_MEANWHILE, editComment, moderateComment } from '../../src/feedback/comment.service.ts';
import { creatorsOfWorks } from '../../src/works/work.repository.ts';
import { page, type Page } from '../support/dom.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer, type Agent } from '../support/server.ts';

// Issue 12's "bad input and abuse" for comments, through the real server on both engines:
// comments on works that cannot take them, forged ids, others' comments in edit and delete
// forms, guests where they are refused, moderation (waiting, approval, edits that change much),
// spam and not spam, two creators acting on one comment at once, and the XSS corpus through
// every comment field. Posting and threads are in comments.db.test.ts; rate limits and the
// spam rules in comments.abuse.db.test.ts.

const server = useTestServer({ TRUST_PROXY: 'true', COMMENTS_PER_MINUTE: '1000', COMMENTS_PER_DAY: '10000' });
let author: TestUser;
let reader: TestUser;
let other: TestUser;
let address = 0;
const from = () => ({ 'x-forwarded-for': `198.51.100.${++address % 250}` });

// The corpus of test/works/injection.db.test.ts, with the link schemes a comment may carry.
const ATTACK = `<script>alert("xss")</script><img src=x onerror="alert(1)">"><svg onload=alert(2)><a href="javascript:alert(5)">x</a><a href="data:text/html,hi">y</a>`;
const ATTRIBUTE = `Lex" autofocus onfocus'alert(3)'`;

function expectInert(html: string, where: string) {
  expect(html, where).not.toMatch(/<script>alert/);
  expect(html, where).not.toMatch(/<img[^>]*onerror/i);
  expect(html, where).not.toMatch(/<svg[^>]*onload/i);
  expect(html, where).not.toMatch(/href="javascript:/i);
  expect(html, where).not.toMatch(/href="data:/i);
  // Parsed as a browser would: no script of the page's own, no handler or autofocus on any element.
  const { $ } = page(html);
  expect($('script:not([src])').length, where).toBe(0);
  const attributes = $('*')
    .toArray()
    .flatMap((element) => Object.keys((element as { attribs?: Record<string, string> }).attribs ?? {}));
  expect(attributes.filter((name) => /^on|^autofocus$/i.test(name)), where).toEqual([]);
}

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

async function row(id: number) {
  return server.ctx.db.kysely.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

async function commentCount(workId: number): Promise<number> {
  return (await server.ctx.db.kysely.selectFrom('works').select('commentCount').where('id', '=', workId).executeTakeFirstOrThrow()).commentCount;
}

/** An account made a month ago, so the new-account spam rule does not hold its comments. */
async function establishedUser(): Promise<TestUser> {
  const user = await makeUser(server.ctx);
  await server.ctx.db.kysely.updateTable('users').set({ createdAt: new Date(Date.now() - 30 * 86_400_000).toISOString() }).where('id', '=', user.id).execute();
  return user;
}

async function settings(workId: number, fields: Record<string, string>) {
  const owner = await server.agent().signInAs(author.id);
  expect((await follow(owner, await owner.post(`/works/${workId}/comment_settings`, fields))).page.text('.flash')).toBe('Comment settings saved.');
}

/** A published comment by `user` on the work (or a reply to `parentId`); its id. */
async function comment(user: TestUser, workId: number, body: string, parentId?: number): Promise<number> {
  const agent = await server.agent().signInAs(user.id);
  const posted = parentId ? await agent.post(`/comments/${parentId}/replies`, { body }, { headers: from() }) : await agent.post(`/works/${workId}/comments`, { body }, { headers: from() });
  expect(posted.status, await posted.clone().text()).toBe(303);
  return (await commentsOf(workId)).at(-1)!.id;
}

beforeAll(async () => {
  author = await establishedUser();
  reader = await establishedUser();
  other = await establishedUser();
});

describe('comments refused where they cannot be taken', () => {
  it('on a deleted work, a comment, a chapter comment and a reply are refused with the text kept', async () => {
    const workId = await makeWork(server.ctx, author);
    const chapterId = await firstChapter(workId);
    const earlier = await comment(reader, workId, 'Before it went');
    const agent = await server.agent().signInAs(reader.id);
    const owner = await server.agent().signInAs(author.id);
    expect((await owner.post(`/works/${workId}/delete`, {})).status).toBe(303);
    for (const [path, fields] of [
      [`/works/${workId}/comments`, { body: 'Where did it go?' }],
      [`/chapters/${chapterId}/comments`, { body: 'Where did it go?' }],
      [`/comments/${earlier}/replies`, { body: 'Where did it go?' }],
    ] as const) {
      const refused = await agent.post(path, fields);
      expect(refused.status, path).toBe(404);
      expect(page(await refused.text()).text('#kept-comment'), path).toBe('Where did it go?');
    }
    expect(await row(earlier)).toBeUndefined();
  });

  it('on a draft: a guest and a reader find no such work, its creator is told drafts take none; all keep the text', async () => {
    const draft = await makeWork(server.ctx, author, { asDraft: true });
    await server.ctx.db.kysely.updateTable('works').set({ commentPermission: 'everyone' }).where('id', '=', draft).execute();
    const guest = await server.agent().post(`/works/${draft}/comments`, { body: 'Early', name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
    expect(guest.status).toBe(404);
    expect(page(await guest.text()).text('#kept-comment')).toBe('Early');
    const readerAgent = await server.agent().signInAs(reader.id);
    const onChapter = await readerAgent.post(`/chapters/${await firstChapter(draft)}/comments`, { body: 'Early too' });
    expect(onChapter.status).toBe(404);
    expect(page(await onChapter.text()).text('#kept-comment')).toBe('Early too');
    const owner = await server.agent().signInAs(author.id);
    const own = await owner.post(`/works/${draft}/comments`, { body: 'A note to myself' });
    expect(own.status).toBe(403);
    const ownPage = page(await own.text());
    expect(ownPage.text('.error-summary')).toContain('A draft can’t get comments until it is posted.');
    expect(ownPage.value('body')).toBe('A note to myself');
    expect(await commentsOf(draft)).toHaveLength(0);
  });

  it('on a restricted work a guest is asked to log in (a comment, a chapter comment, a reply), keeping name and text; a reader may comment', async () => {
    const workId = await makeWork(server.ctx, author, { isRestricted: true });
    await server.ctx.db.kysely.updateTable('works').set({ commentPermission: 'everyone' }).where('id', '=', workId).execute();
    const earlier = await comment(reader, workId, 'Inside the walls');
    const guest = server.agent();
    for (const path of [`/works/${workId}/comments`, `/chapters/${await firstChapter(workId)}/comments`, `/comments/${earlier}/replies`]) {
      const refused = await guest.post(path, { body: 'Let me in', name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
      expect(refused.status, path).toBe(403);
      const refusedPage = page(await refused.text());
      expect(refusedPage.$('main').text(), path).toContain('only for registered users');
      expect(refusedPage.text('#kept-comment'), path).toBe('Let me in');
      expect(refusedPage.links().some((l) => l.href.startsWith('/login?return_to=')), path).toBe(true);
    }
    expect((await guest.get(`/comments/${earlier}`)).status).toBe(303);
    expect(await commentsOf(workId)).toHaveLength(1);
  });

  it('a hidden work takes no comments, and a work made a draft again takes no edits of its comments', async () => {
    const workId = await makeWork(server.ctx, author);
    const mine = await comment(reader, workId, 'Said while it was up');
    const agent = await server.agent().signInAs(reader.id);
    await server.ctx.db.kysely.updateTable('works').set({ isDraft: 1 }).where('id', '=', workId).execute();
    const edit = await agent.post(`/comments/${mine}/edit`, { body: 'Changed my mind' });
    expect(edit.status).toBe(404);
    expect(page(await edit.text()).text('#kept-comment')).toBe('Changed my mind');
    expect((await row(mine))!.body).toBe('<p>Said while it was up</p>');
    const hidden = await makeWork(server.ctx, author);
    await server.ctx.db.kysely.updateTable('works').set({ hiddenAt: new Date().toISOString() }).where('id', '=', hidden).execute();
    const onHidden = await agent.post(`/works/${hidden}/comments`, { body: 'Anyone there?' });
    expect(onHidden.status).toBe(404);
    expect(page(await onHidden.text()).text('#kept-comment')).toBe('Anyone there?');
    expect(await commentsOf(hidden)).toHaveLength(0);
  });

  it('a forged parent or chapter id is refused with the text kept, and changes nothing', async () => {
    const mine = await makeWork(server.ctx, author);
    const theirs = await makeWork(server.ctx, other);
    const foreign = await comment(reader, theirs, 'Elsewhere');
    const agent = await server.agent().signInAs(reader.id);
    for (const parentId of [String(foreign), '999999', 'abc', '-1']) {
      const forged = await agent.post(`/works/${mine}/comments`, { body: 'Crossed wires', parent_id: parentId });
      expect(forged.status, parentId).toBe(422);
      const forgedPage = page(await forged.text());
      expect(forgedPage.text('.error-summary'), parentId).toContain('That comment is not on this work');
      expect(forgedPage.value('body'), parentId).toBe('Crossed wires');
    }
    for (const chapterId of [String(await firstChapter(theirs)), '999999', 'x']) {
      const forged = await agent.post(`/works/${mine}/comments`, { body: 'Wrong chapter', chapter_id: chapterId });
      expect(forged.status, chapterId).toBe(422);
      expect(page(await forged.text()).value('body'), chapterId).toBe('Wrong chapter');
    }
    const reply = await agent.post('/comments/999999/replies', { body: 'To no one' });
    expect(reply.status).toBe(404);
    expect(page(await reply.text()).text('#kept-comment')).toBe('To no one');
    expect(await commentsOf(mine)).toHaveLength(0);
    expect(await commentsOf(theirs)).toHaveLength(1);
  });

  it('a reply in a frozen thread is refused for a guest too, keeping name and text', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'everyone' });
    const root = await comment(reader, workId, 'Cold start');
    const owner = await server.agent().signInAs(author.id);
    await follow(owner, await owner.post(`/comments/${root}/freeze`, {}));
    const guest = await server.agent().post(`/comments/${root}/replies`, { body: 'Knock knock', name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
    expect(guest.status).toBe(403);
    const guestPage = page(await guest.text());
    expect(guestPage.text('.error-summary')).toContain('This thread is frozen');
    expect(guestPage.value('name')).toBe('Moth');
    expect(guestPage.value('body')).toBe('Knock knock');
    // The frozen thread's page offers no reply form.
    expect(page(await (await server.agent().signInAs(reader.id)).get(`/comments/${root}`).then((r) => r.text())).exists('form.comment-form')).toBe(false);
    expect(await commentsOf(workId)).toHaveLength(1);
  });

  it('an empty or 20,000-character reply, guest comment or edit is refused with the text kept, and nothing changes', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'everyone' });
    const root = await comment(reader, workId, 'The first word');
    const agent = await server.agent().signInAs(reader.id);
    const long = 'z'.repeat(20_000);
    const attempts: [string, Record<string, string>, string | null][] = [
      [`/comments/${root}/replies`, { body: '' }, 'name'],
      [`/comments/${root}/replies`, { body: long }, 'name'],
      [`/comments/${root}/edit`, { body: ' \n ' }, null],
      [`/comments/${root}/edit`, { body: long }, null],
    ];
    for (const [path, fields] of attempts) {
      const refused = await agent.post(path, fields);
      expect(refused.status, path).toBe(422);
      const refusedPage = page(await refused.text());
      expect(refusedPage.fieldError('body'), path).toBe(fields.body!.trim() === '' ? 'Write your comment first: it is empty.' : 'That is too long: use at most 10,000 characters.');
      if (fields.body === long) expect(refusedPage.value('body'), path).toBe(long);
    }
    const guest = await server.agent().post(`/works/${workId}/comments`, { body: long, name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
    expect(guest.status).toBe(422);
    const guestPage = page(await guest.text());
    expect(guestPage.value('body')).toBe(long);
    expect(guestPage.value('name')).toBe('Moth');
    expect(guestPage.value('email')).toBe('moth@example.invalid');
    const stored = await commentsOf(workId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).toBe('<p>The first word</p>');
    expect(stored[0]!.editedAt).toBeNull();
  });
});

describe('others cannot edit or delete a comment', () => {
  it('a forged comment id in an edit or delete form is a 404 that keeps the text', async () => {
    const agent = await server.agent().signInAs(reader.id);
    for (const id of ['999999', 'abc', '0']) {
      const edit = await agent.post(`/comments/${id}/edit`, { body: 'Rewritten' });
      expect(edit.status, id).toBe(404);
      expect(page(await edit.text()).text('#kept-comment'), id).toBe('Rewritten');
      expect((await agent.get(`/comments/${id}/edit`)).status, id).toBe(404);
      expect((await agent.post(`/comments/${id}/delete`, {})).status, id).toBe(404);
    }
    // Someone else's comment waiting for approval does not exist for this reader either.
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'registered', moderate_comments: '1' });
    const waiting = await comment(other, workId, 'Waiting my turn');
    expect((await row(waiting))!.status).toBe('pending');
    const edit = await agent.post(`/comments/${waiting}/edit`, { body: 'Hijacked' });
    expect(edit.status).toBe(404);
    expect(page(await edit.text()).text('#kept-comment')).toBe('Hijacked');
    expect((await row(waiting))!.body).toBe('<p>Waiting my turn</p>');
  });

  it('another reader, the work’s creator and a guest cannot edit; another reader and a guest cannot delete; nothing changes', async () => {
    const workId = await makeWork(server.ctx, author);
    const id = await comment(reader, workId, 'My own words');
    const before = await row(id);
    const stranger = await server.agent().signInAs(other.id);
    const owner = await server.agent().signInAs(author.id);
    const guest = server.agent();
    for (const agent of [stranger, owner]) {
      expect((await agent.get(`/comments/${id}/edit`)).status).toBe(403);
      const edit = await agent.post(`/comments/${id}/edit`, { body: 'Put in your mouth' });
      expect(edit.status).toBe(403);
      const editPage = page(await edit.text());
      expect(editPage.$('main').text()).toContain('Only the person who wrote a comment can edit it.');
      expect(editPage.text('#kept-comment')).toBe('Put in your mouth');
    }
    expect((await guest.get(`/comments/${id}/edit`)).headers.get('location')).toMatch(/^\/login\?return_to=/);
    expect((await guest.post(`/comments/${id}/edit`, { body: 'Anonymous rewrite' })).status).toBe(403);
    for (const agent of [stranger, guest]) {
      const confirm = await agent.get(`/comments/${id}/confirm_delete`);
      expect(confirm.status).toBe(agent === guest ? 303 : 403);
      const deleted = await agent.post(`/comments/${id}/delete`, {});
      expect(deleted.status).toBe(403);
      expect(page(await deleted.text()).$('main').text()).toContain('Only the comment’s writer or the work’s creators can delete it.');
    }
    expect(await row(id)).toEqual(before);
    expect(await commentCount(workId)).toBe(1);
    // Their own edit and delete forms are not offered to them on the thread page.
    const seen = page(await (await stranger.get(`/comments/${id}`)).text());
    expect(seen.links().some((l) => l.href === `/comments/${id}/edit`)).toBe(false);
    expect(seen.links().some((l) => l.href === `/comments/${id}/confirm_delete`)).toBe(false);
  });

  it('the writer edits (marked "Edited") and deletes their own; one with replies stays as "(Previous comment deleted.)"; the creator deletes any', async () => {
    const workId = await makeWork(server.ctx, author);
    const root = await comment(reader, workId, 'A first thought');
    const reply = await comment(other, workId, 'An answer to it', root);
    const lone = await comment(other, workId, 'Alone at the end');
    const agent = await server.agent().signInAs(reader.id);
    const edited = await follow(agent, await agent.post(`/comments/${root}/edit`, { body: 'A first thought, better put' }));
    expect(edited.page.text('.flash')).toBe('Comment updated.');
    expect(edited.page.text(`#comment-${root}`)).toContain('Edited');
    expect(await commentCount(workId)).toBe(3);

    const deleted = await follow(agent, await agent.post(`/comments/${root}/delete`, {}));
    expect(deleted.page.text('.flash')).toBe('Comment deleted.');
    expect((await row(root))!.status).toBe('deleted');
    expect((await row(root))!.body).toBe('');
    const thread = page(await (await server.agent().get(`/works/${workId}/comments`)).text());
    expect(thread.text(`#comment-${root}`)).toContain('(Previous comment deleted.)');
    expect(thread.text(`#comment-${reply}`)).toContain('An answer to it');
    expect(await commentCount(workId)).toBe(2);
    // A deleted comment can be neither edited nor deleted again.
    expect((await agent.post(`/comments/${root}/edit`, { body: 'Back from the dead' })).status).toBe(403);
    expect((await agent.post(`/comments/${root}/delete`, {})).status).toBe(403);

    const owner = await server.agent().signInAs(author.id);
    await follow(owner, await owner.post(`/comments/${lone}/delete`, {}));
    expect(await row(lone)).toBeUndefined();
    expect(await commentCount(workId)).toBe(1);
  });
});

describe('guests refused where they must be', () => {
  it('registered users only: a guest’s comment and reply are refused keeping name and text; nobody: guests and readers alike', async () => {
    const workId = await makeWork(server.ctx, author);
    const root = await comment(reader, workId, 'Members only');
    const guest = server.agent();
    for (const path of [`/works/${workId}/comments`, `/comments/${root}/replies`]) {
      const refused = await guest.post(path, { body: 'Outside voice', name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
      expect(refused.status, path).toBe(403);
      const refusedPage = page(await refused.text());
      expect(refusedPage.text('.error-summary'), path).toContain('Only registered users can comment on this work');
      expect(refusedPage.value('name'), path).toBe('Moth');
      expect(refusedPage.value('body'), path).toBe('Outside voice');
    }
    await settings(workId, { comment_permission: 'nobody' });
    for (const agent of [guest, await server.agent().signInAs(reader.id)]) {
      for (const path of [`/works/${workId}/comments`, `/comments/${root}/replies`]) {
        const refused = await agent.post(path, { body: 'Still talking', name: 'Moth', email: 'moth@example.invalid' }, { headers: from() });
        expect(refused.status, path).toBe(403);
        const refusedPage = page(await refused.text());
        expect(refusedPage.text('.error-summary'), path).toContain('turned off comments');
        expect(refusedPage.value('body'), path).toBe('Still talking');
      }
    }
    expect(await commentsOf(workId)).toHaveLength(1);
  });

  it('guests and readers cannot moderate or change the settings', async () => {
    const workId = await makeWork(server.ctx, author);
    const id = await comment(reader, workId, 'Leave me be');
    const before = await row(id);
    const stranger = await server.agent().signInAs(other.id);
    for (const agent of [server.agent(), stranger]) {
      for (const action of ['approve', 'spam', 'not_spam', 'freeze', 'unfreeze']) {
        const refused = await agent.post(`/comments/${id}/${action}`, {});
        expect(refused.status, action).toBe(403);
        expect(page(await refused.text()).$('main').text(), action).toContain('Only the work’s creators can do that.');
      }
    }
    const guestSettings = await server.agent().post(`/works/${workId}/comment_settings`, { comment_permission: 'everyone', moderate_comments: '1' });
    expect(guestSettings.headers.get('location')).toMatch(/^\/login\?return_to=/);
    expect((await stranger.post(`/works/${workId}/comment_settings`, { comment_permission: 'everyone' })).status).toBe(403);
    const work = await server.ctx.db.kysely.selectFrom('works').select(['commentPermission', 'moderateComments']).where('id', '=', workId).executeTakeFirstOrThrow();
    expect(work).toEqual({ commentPermission: 'registered', moderateComments: 0 });
    expect(await row(id)).toEqual(before);
  });
});

describe('moderation', () => {
  it('a new comment waits; the creator approves it; a small edit stays, an edit that changes much waits again', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'registered', moderate_comments: '1' });
    const agent = await server.agent().signInAs(reader.id);
    const posted = await follow(agent, await agent.post(`/works/${workId}/comments`, { body: 'I noticed the rain on the barn roof in the second scene.' }, { headers: from() }));
    expect(posted.page.text('.flash')).toBe('Thank you: your comment will appear once the work’s creators approve it.');
    const [waiting] = await commentsOf(workId);
    expect(waiting!.status).toBe('pending');
    expect(await commentCount(workId)).toBe(0);
    // Its writer sees it, marked; others do not; the creator is told in the inbox.
    expect(page(await (await agent.get(`/comments/${waiting!.id}`)).text()).text(`#comment-${waiting!.id} .byline`)).toContain('Awaiting approval');
    expect(await (await server.agent().get(`/works/${workId}`)).text()).not.toContain('rain on the barn roof');
    expect((await (await server.agent().signInAs(other.id)).get(`/comments/${waiting!.id}`)).status).toBe(404);
    // Nobody may answer it before it is approved.
    const early = await (await server.agent().signInAs(other.id)).post(`/works/${workId}/comments`, { body: 'Agreed', parent_id: String(waiting!.id) });
    expect(early.status).toBe(409);
    expect(page(await early.text()).value('body')).toBe('Agreed');

    const owner = await server.agent().signInAs(author.id);
    expect((await follow(owner, await owner.post(`/comments/${waiting!.id}/approve`, {}))).page.text('.flash')).toBe('Comment approved.');
    expect((await row(waiting!.id))!.status).toBe('published');
    expect(await commentCount(workId)).toBe(1);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).toContain('rain on the barn roof');

    // A typo fixed: still published.
    const small = await follow(agent, await agent.post(`/comments/${waiting!.id}/edit`, { body: 'I noticed the rain on the barn roof in the second scene!' }));
    expect(small.page.text('.flash')).toBe('Comment updated.');
    expect((await row(waiting!.id))!.status).toBe('published');
    expect(await commentCount(workId)).toBe(1);
    // Replaced whole: waits again, out of the count and out of sight.
    const large = await follow(agent, await agent.post(`/comments/${waiting!.id}/edit`, { body: 'Actually, buy cheap watches at my shop, best prices anywhere.' }));
    expect(large.page.text('.flash')).toBe('Comment updated: it will appear again once the work’s creators approve it.');
    expect((await row(waiting!.id))!.status).toBe('pending');
    expect(await commentCount(workId)).toBe(0);
    expect(await (await server.agent().get(`/works/${workId}`)).text()).not.toContain('cheap watches');
    // The creator's own comment on a moderated work is published at once.
    await follow(owner, await owner.post(`/works/${workId}/comments`, { body: 'Thanks, all.' }));
    expect((await commentsOf(workId)).map((c) => c.status)).toEqual(['pending', 'published']);
    expect(await commentCount(workId)).toBe(1);
  });

  it('spam hides a comment and its replies from everyone but the creators; not spam brings both back exactly', async () => {
    const workId = await makeWork(server.ctx, author);
    const root = await comment(reader, workId, 'Suspicious words');
    const reply = await comment(other, workId, 'A reply beneath', root);
    const owner = await server.agent().signInAs(author.id);
    const marked = await follow(owner, await owner.post(`/comments/${root}/spam`, { return_to: `/works/${workId}/comments` }));
    expect(marked.location).toBe(`/works/${workId}/comments`);
    expect(marked.page.text('.flash')).toBe('Comment marked as spam and hidden. “Not spam” brings it back.');
    expect(marked.page.exists(`#comment-${root}`)).toBe(true);
    expect((await row(root))!.status).toBe('spam');
    expect(await commentCount(workId)).toBe(1);
    for (const agent of [server.agent(), await server.agent().signInAs(reader.id), await server.agent().signInAs(other.id)]) {
      const html = await (await agent.get(`/works/${workId}/comments`)).text();
      expect(html).not.toContain('Suspicious words');
      expect(html).not.toContain('A reply beneath');
    }
    expect((await (await server.agent().signInAs(reader.id)).post(`/comments/${root}/edit`, { body: 'Not spam, honest' })).status).toBe(404);
    // Marking twice changes nothing more.
    await owner.post(`/comments/${root}/spam`, {});
    expect(await commentCount(workId)).toBe(1);

    await follow(owner, await owner.post(`/comments/${root}/not_spam`, {}));
    expect((await row(root))!.status).toBe('published');
    expect((await row(reply))!.status).toBe('published');
    expect(await commentCount(workId)).toBe(2);
    const back = await (await server.agent().get(`/works/${workId}/comments`)).text();
    expect(back).toContain('Suspicious words');
    expect(back).toContain('A reply beneath');
  });

  it('a deleted comment cannot be approved or marked back into sight', async () => {
    const workId = await makeWork(server.ctx, author);
    const root = await comment(reader, workId, 'Soon gone');
    await comment(other, workId, 'Stays', root);
    const agent = await server.agent().signInAs(reader.id);
    await follow(agent, await agent.post(`/comments/${root}/delete`, {}));
    const owner = await server.agent().signInAs(author.id);
    for (const action of ['approve', 'spam', 'not_spam']) await owner.post(`/comments/${root}/${action}`, {});
    expect((await row(root))!.status).toBe('deleted');
    expect(await commentCount(workId)).toBe(1);
  });

  it('two creators acting at once on one comment move the count once', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'registered', moderate_comments: '1' });
    const first = await server.agent().signInAs(author.id);
    const second = await server.agent().signInAs(author.id);
    const waiting = await comment(reader, workId, 'Approve me once');
    await Promise.all([first.post(`/comments/${waiting}/approve`, {}), second.post(`/comments/${waiting}/approve`, {})]);
    expect((await row(waiting))!.status).toBe('published');
    expect(await commentCount(workId)).toBe(1);
    await Promise.all([first.post(`/comments/${waiting}/spam`, {}), second.post(`/comments/${waiting}/spam`, {})]);
    expect(await commentCount(workId)).toBe(0);
    await Promise.all([first.post(`/comments/${waiting}/not_spam`, {}), second.post(`/comments/${waiting}/not_spam`, {})]);
    expect(await commentCount(workId)).toBe(1);
    await Promise.all([first.post(`/comments/${waiting}/delete`, {}), second.post(`/comments/${waiting}/delete`, {})]);
    expect(await row(waiting)).toBeUndefined();
    expect(await commentCount(workId)).toBe(0);
  });

  it('an action taken on a comment another creator has just changed does nothing (the status is checked as it is written)', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'registered', moderate_comments: '1' });
    const id = await comment(reader, workId, 'Seen by two');
    // Both creators loaded the comment while it waited.
    const seen = (await findComment(server.ctx.db.kysely, id))!;
    expect(await moderateComment(server.ctx, seen, 'approve')).toBe(true);
    expect(await moderateComment(server.ctx, seen, 'approve')).toBe(false);
    expect(await moderateComment(server.ctx, seen, 'spam')).toBe(false);
    expect((await row(id))!.status).toBe('published');
    expect(await commentCount(workId)).toBe(1);
    // The second creator's page says so.
    const owner = await server.agent().signInAs(author.id);
    const again = await follow(owner, await owner.post(`/comments/${id}/approve`, {}));
    expect(again.page.text('.flash')).toBe('Nothing changed: that comment is already published.');
  });

  it('an edit of a comment a creator marked as spam since the form was read is refused, and changes nothing', async () => {
    const workId = await makeWork(server.ctx, author);
    const id = await comment(reader, workId, 'Honest words');
    // The writer opened the edit form while it was published.
    const seen = (await findComment(server.ctx.db.kysely, id))!;
    const owner = await server.agent().signInAs(author.id);
    await follow(owner, await owner.post(`/comments/${id}/spam`, {}));
    const db = server.ctx.db.kysely;
    const work = await db.selectFrom('works').selectAll().where('id', '=', workId).executeTakeFirstOrThrow();
    const result = await editComment(server.ctx, seen, work, await creatorsOfWorks(db, [workId]), 'Honest words, edited', '203.0.113.9');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[CHANGED_MEANWHILE]).toContain('your edit was not saved');
    expect(await row(id)).toMatchObject({ status: 'spam', body: '<p>Honest words</p>', editedAt: null });
    expect(await commentCount(workId)).toBe(0);
  });
});

describe('script in any comment field runs nowhere', () => {
  it('body (comment, reply, edit), guest name and address, pseud, parent, chapter and return address', async () => {
    const workId = await makeWork(server.ctx, author);
    await settings(workId, { comment_permission: 'everyone' });
    const agent = await server.agent().signInAs(reader.id);
    const root = await comment(reader, workId, `Body ${ATTACK} ${ATTRIBUTE}`);
    const reply = await comment(other, workId, `Reply ${ATTACK}`, root);
    await follow(agent, await agent.post(`/comments/${root}/edit`, { body: `Edited ${ATTACK} ${ATTRIBUTE}` }));
    const guest = server.agent();
    await follow(guest, await guest.post(`/works/${workId}/comments`, { body: `Guest ${ATTACK}`, name: `N${ATTACK}`.slice(0, 40), email: 'g@example.invalid' }, { headers: from() }));
    await follow(guest, await guest.post(`/works/${workId}/comments`, { body: 'Signed with quotes', name: ATTRIBUTE, email: 'q@example.invalid' }, { headers: from() }));

    // Refused forms show back what was typed, as text: every field, with the corpus.
    const refusals = [
      await guest.post(`/works/${workId}/comments`, { body: `Kept ${ATTACK}`, name: `${ATTACK}`, email: `${ATTRIBUTE}@x` }, { headers: from() }),
      await guest.post(`/comments/${root}/replies`, { body: `Kept ${ATTACK}`, name: ATTRIBUTE, email: `"><script>alert(6)</script>` }, { headers: from() }),
      await agent.post(`/works/${workId}/comments`, { body: `Kept ${ATTACK}`, pseud_id: `1"><script>alert(7)</script>` }),
      await agent.post(`/works/${workId}/comments`, { body: `Kept ${ATTACK}`, parent_id: `${ATTRIBUTE}` }),
      await agent.post(`/works/${workId}/comments`, { body: `Kept ${ATTACK}`, chapter_id: `"><svg onload=alert(8)>` }),
      await agent.post(`/comments/${root}/edit`, { body: `${'w'.repeat(10_001)}${ATTACK}` }),
      await agent.post('/works/999999/comments', { body: `Kept ${ATTACK}` }),
    ];
    for (const [i, refused] of refusals.entries()) {
      expect(refused.status, `refusal ${i}`).toBeGreaterThanOrEqual(400);
      const html = await refused.text();
      expectInert(html, `refusal ${i}`);
      expect(html, `refusal ${i}`).toContain('&lt;script&gt;');
    }
    // A return address with markup goes nowhere but here.
    const returned = await agent.post(`/comments/${root}/replies`, { body: 'Where next?', return_to: `javascript:alert(9)` });
    expect(returned.headers.get('location')).toMatch(/^\/comments\/\d+$/);
    const offsite = await agent.post(`/comments/${root}/replies`, { body: 'Where now?', return_to: `//evil.example/"><script>` });
    expect(offsite.headers.get('location')).toMatch(/^\/comments\/\d+$/);

    const owner = await server.agent().signInAs(author.id);
    const pages = [`/works/${workId}`, `/works/${workId}/comments`, `/chapters/${await firstChapter(workId)}/comments`, `/comments/${root}`, `/comments/${reply}`, `/users/${author.login}/inbox`, `/users/${reader.login}/inbox`];
    for (const viewer of [owner, agent, server.agent()]) {
      for (const path of pages) {
        const response = await viewer.get(path);
        if (response.status !== 200) continue;
        const html = await response.text();
        expectInert(html, path);
      }
    }
    const editForm = await (await agent.get(`/comments/${root}/edit`)).text();
    expectInert(editForm, 'edit form');
    const onWork = page(await (await owner.get(`/works/${workId}/comments`)).text());
    expect(onWork.$.text()).toContain('Lex" autofocus');
    expect(onWork.$.text()).toContain('(Guest)');
  });
});
