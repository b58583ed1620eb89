import { simpleParser } from 'mailparser';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { parsePaths } from '../../src/legacy/parse.ts';
import { sendListDigests, sendListPost } from '../../src/lists/list.send.ts';
import { addChapter } from '../../src/works/chapter.service.ts';
import { findWork } from '../../src/works/work.repository.ts';
import { requestRemoval } from '../../src/claims/claim.repository.ts';
import { page } from '../support/dom.ts';
import { drainJobs, makeTag, makeUser, makeWork, wrangle, type TestUser } from '../support/factories.ts';
import { archivistAgent, joinAndConfirm, lastMailTo, settle, startList, waitFor } from '../support/lists.ts';
import { headerOf, useMailServer, type ReceivedMail } from '../support/mail.ts';
import type { Agent } from '../support/server.ts';

// What lists send: a post for each newly posted work and chapter under the list's tag, in the
// classic format, to each member as it happens or in the daily digest; archivists'
// announcements; the list's archive; and the importer reading a post back.

const { server, mail } = useMailServer();
let author: TestUser;
let archivist: Agent;

beforeAll(async () => {
  author = await makeUser(server.ctx, { login: 'Aelita' });
  // A tag list names a tag that exists: the fandom works are posted under.
  await makeTag(server.ctx, 'Fandom', 'Smallville', { canonical: true });
  ({ agent: archivist } = await archivistAgent(server));
});

const summaryOf = 'Clark waits out a storm in the loft, and Lex comes by with coffee.';

async function postWork(title: string, overrides: Parameters<typeof makeWork>[2] = {}): Promise<number> {
  const id = await makeWork(server.ctx, author, {
    title,
    summary: summaryOf,
    rating: 'Teen And Up Audiences',
    fandoms: ['Smallville'],
    relationships: ['Clark Kent/Lex Luthor'],
    expectedChapters: 3,
    ...overrides,
  });
  await drainJobs(server.ctx);
  return id;
}

const postsOf = (slug: string) =>
  server.ctx.db.kysely.selectFrom('listPosts').innerJoin('lists', 'lists.id', 'listPosts.listId').selectAll('listPosts').where('lists.slug', '=', slug).orderBy('listPosts.id').execute();

function subjectsTo(address: string): string[] {
  return mail.messagesTo(address).map((m) => m.subject ?? '');
}

describe('announcing posted works', () => {
  it('mails each new public work under the list’s tag in the classic format, once', async () => {
    const slug = await startList(archivist, { name: 'Level Three', tag: 'Smallville' });
    await joinAndConfirm(server, mail, slug, 'clark-fan@example.test');
    const workId = await postWork('Harvest Moon');
    await waitFor(() => subjectsTo('clark-fan@example.test').some((s) => s.includes('NEW:')));
    const got = lastMailTo(mail, 'clark-fan@example.test', /NEW:/);
    expect(got.subject).toBe('[Level Three] NEW: Harvest Moon (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor');
    expect(got.from?.value[0]).toEqual({ name: 'Level Three', address: 'archive@records-room.test' });
    expect(headerOf(got, 'list-id')).toBe(`Level Three <${slug}.lists.records-room.test>`);
    expect(headerOf(got, 'list-unsubscribe')).toMatch(/^<https:\/\/records-room\.test\/mail\/unsubscribe\//);
    const lines = (got.text ?? '').split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'Title: Harvest Moon',
      'Author: Aelita',
      'Fandom: Smallville',
      'Rating: Teen And Up Audiences',
      'Pairing: Clark Kent/Lex Luthor',
      'Warnings: No Archive Warnings Apply',
      `Summary: ${summaryOf}`,
      expect.stringMatching(/^Words: \d+$/),
      `Link: https://records-room.test/works/${workId}`,
    ]);
    expect(got.text).toContain(`\n\n${summaryOf}\n\nRead it here: https://records-room.test/works/${workId}`);

    // The same news told again posts nothing and mails nothing.
    const news = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', workId).executeTakeFirstOrThrow();
    const { announceWork } = await import('../../src/news/announce.jobs.ts');
    await announceWork(server.ctx, { workId, chapterId: news.id, news: 'work' });
    await drainJobs(server.ctx);
    await settle();
    expect(subjectsTo('clark-fan@example.test').filter((s) => s.includes('NEW:'))).toHaveLength(1);
    expect(await postsOf(slug)).toHaveLength(1);
  });

  it('follows the tag’s synonyms; an archive-wide list gets everything; other tags’ lists nothing', async () => {
    await makeTag(server.ctx, 'Fandom', 'Stargate SG-1', { canonical: true });
    await makeTag(server.ctx, 'Fandom', 'SG1');
    await wrangle(server.ctx, 'SG1', { synonymOf: 'Stargate SG-1' });
    const sg1 = await startList(archivist, { name: 'Gateworld', tag: 'Stargate SG-1' });
    const everything = await startList(archivist, { name: 'Everything Here' });
    const other = await startList(archivist, { name: 'Sentinel Only', tag: 'Smallville' });
    await joinAndConfirm(server, mail, sg1, 'sg1@example.test');
    await joinAndConfirm(server, mail, everything, 'all@example.test');
    await joinAndConfirm(server, mail, other, 'smallville-only@example.test');
    await postWork('Abydos Snow', { fandoms: ['SG1'], relationships: [] });
    await waitFor(() => subjectsTo('sg1@example.test').some((s) => s.includes('Abydos Snow')) && subjectsTo('all@example.test').some((s) => s.includes('Abydos Snow')));
    expect(lastMailTo(mail, 'sg1@example.test', /Abydos/).subject).toBe('[Gateworld] NEW: Abydos Snow (1/3) [Teen And Up Audiences]');
    await settle();
    expect(subjectsTo('smallville-only@example.test').some((s) => s.includes('Abydos'))).toBe(false);
  });

  it('keeps announcing when the list’s tag is made a synonym after the list began', async () => {
    await makeTag(server.ctx, 'Fandom', 'dS', { canonical: true });
    const slug = await startList(archivist, { name: 'Mounties', tag: 'dS' });
    await joinAndConfirm(server, mail, slug, 'mountie@example.test');
    await makeTag(server.ctx, 'Fandom', 'Due South', { canonical: true });
    await wrangle(server.ctx, 'dS', { synonymOf: 'Due South' });
    await postWork('Chicago Winter', { fandoms: ['Due South'], relationships: [] });
    await waitFor(() => subjectsTo('mountie@example.test').some((s) => s.includes('Chicago Winter')));
  });

  it('announces a restricted work by title and link only, and never a draft or a hidden work', async () => {
    const slug = await startList(archivist, { name: 'Quiet Ones' });
    await joinAndConfirm(server, mail, slug, 'quiet@example.test');
    const restricted = await postWork('Members Only Moon', { isRestricted: true });
    await waitFor(() => subjectsTo('quiet@example.test').some((s) => s.includes('Members Only Moon')));
    const got = lastMailTo(mail, 'quiet@example.test', /Members Only Moon/);
    expect(got.subject).toBe('[Quiet Ones] NEW: Members Only Moon');
    expect(got.text).toContain(`Title: Members Only Moon\nLink: https://records-room.test/works/${restricted}\n`);
    for (const hidden of ['Aelita', 'Smallville', 'Clark Kent/Lex Luthor', summaryOf, 'Teen And Up']) expect(got.text).not.toContain(hidden);

    await postWork('Drafty Moon', { asDraft: true });
    // Posted, then hidden before its news was sent: nothing goes out.
    const hiddenId = await makeWork(server.ctx, author, { title: 'Vanishing Moon' });
    await requestRemoval(server.ctx.db.kysely, [hiddenId], new Date().toISOString());
    await drainJobs(server.ctx);
    await settle();
    expect(subjectsTo('quiet@example.test').filter((s) => /Drafty|Vanishing/.test(s))).toEqual([]);
    expect((await postsOf(slug)).map((p) => p.subject)).toEqual(['[Quiet Ones] NEW: Members Only Moon']);
  });

  it('sends a new chapter as UPDATE, linking to the chapter', async () => {
    const slug = await startList(archivist, { name: 'Updates Please', tag: 'Smallville' });
    await joinAndConfirm(server, mail, slug, 'updates@example.test');
    const workId = await postWork('Long Harvest');
    const work = (await findWork(server.ctx.db.kysely, workId))!;
    const added = await addChapter(server.ctx, work, { title: 'The Barn', summary: null, notes: null, endNotes: null, text: 'The second part, in the barn.', submissionKey: null });
    expect(added.ok).toBe(true);
    const chapterId = added.ok ? added.value.chapterId : 0;
    await drainJobs(server.ctx);
    await waitFor(() => subjectsTo('updates@example.test').some((s) => s.includes('UPDATE:')));
    const got = lastMailTo(mail, 'updates@example.test', /UPDATE:/);
    expect(got.subject).toBe('[Updates Please] UPDATE: Long Harvest (2/3) [Teen And Up Audiences] Clark Kent/Lex Luthor');
    expect(got.text).toContain(`Link: https://records-room.test/works/${workId}/chapters/${chapterId}`);
    expect(got.text).toContain('Chapter 2: The Barn is up.');
    expect((await postsOf(slug)).map((p) => p.kind)).toEqual(['new', 'update']);
  });

  it('sends to every member a page at a time, and not to members who left or are pending', async () => {
    const slug = await startList(archivist, { name: 'Paged Post' });
    const addresses = ['p1@example.test', 'p2@example.test', 'p3@example.test', 'p4@example.test', 'p5@example.test'];
    for (const address of addresses) await joinAndConfirm(server, mail, slug, address);
    await server.ctx.db.kysely.updateTable('listMembers').set({ status: 'left' }).where('addressKey', '=', 'p3@example.test').execute();
    await server.ctx.db.kysely.updateTable('listMembers').set({ status: 'pending' }).where('addressKey', '=', 'p4@example.test').execute();
    const response = await archivist.post(`/lists/${slug}/announce`, { subject: 'Paged', text: 'One page at a time.' });
    expect(response.status).toBe(303);
    const [post] = await postsOf(slug);
    // Pages of two: the job walks the members by id; each page queues its own messages.
    await server.ctx.db.kysely.deleteFrom('jobs').where('name', '=', 'sendListPost').execute();
    await sendListPost(server.ctx, { postId: post!.id, pageSize: 2 });
    await drainJobs(server.ctx);
    await waitFor(() => ['p1@example.test', 'p2@example.test', 'p5@example.test'].every((a) => subjectsTo(a).includes('[Paged Post] ANNOUNCEMENT: Paged')));
    // Run again (a retry after a crash): the keys send nothing twice.
    await sendListPost(server.ctx, { postId: post!.id, pageSize: 2 });
    await drainJobs(server.ctx);
    await settle();
    for (const address of addresses) expect(subjectsTo(address).filter((s) => s.includes('ANNOUNCEMENT')), address).toHaveLength(['p3@example.test', 'p4@example.test'].includes(address) ? 0 : 1);
  });
});

describe('announcements by the list’s owners', () => {
  it('are for archivists: others are refused, a bad form keeps the text, a good one goes to members', async () => {
    const slug = await startList(archivist, { name: 'Owners Say' });
    await joinAndConfirm(server, mail, slug, 'hears@example.test');
    expect((await server.agent().get(`/lists/${slug}/announce`)).status).toBe(303);
    const reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
    expect((await reader.get(`/lists/${slug}/announce`)).status).toBe(403);
    expect((await reader.post(`/lists/${slug}/announce`, { subject: 'Hi', text: 'Spam' })).status).toBe(403);
    const bad = await archivist.post(`/lists/${slug}/announce`, { subject: '', text: 'Kept words.' });
    expect(bad.status).toBe(422);
    const form = page(await bad.text());
    expect(form.text('#field-subject-error')).toContain('Give the announcement a subject.');
    expect(form.text('textarea[name="text"]')).toBe('Kept words.');
    const good = await archivist.post(`/lists/${slug}/announce`, { subject: 'Ficathon in May', text: 'Sign-ups open on Monday.' });
    expect(good.status).toBe(303);
    await drainJobs(server.ctx);
    await waitFor(() => subjectsTo('hears@example.test').includes('[Owners Say] ANNOUNCEMENT: Ficathon in May'));
    expect(lastMailTo(mail, 'hears@example.test', /Ficathon/).text).toContain('Sign-ups open on Monday.');
  });
});

describe('digests', () => {
  it('sends each digest member one plain-text digest of the day’s posts with a table of contents', async () => {
    const slug = await startList(archivist, { name: 'Daily Farm', tag: 'Smallville' });
    await joinAndConfirm(server, mail, slug, 'daily@example.test', true);
    await joinAndConfirm(server, mail, slug, 'each@example.test');
    await postWork('Digest Moon One');
    await postWork('Digest Moon Two', { isRestricted: true });
    await archivist.post(`/lists/${slug}/announce`, { subject: 'Daily news', text: 'Digest this.' });
    await drainJobs(server.ctx);
    await waitFor(() => subjectsTo('each@example.test').filter((s) => /Digest Moon|Daily news/.test(s)).length === 3);
    await settle();
    // A digest member gets no post on its own.
    expect(subjectsTo('daily@example.test').filter((s) => /Digest Moon|Daily news/.test(s))).toEqual([]);

    await sendListDigests(server.ctx, null);
    await drainJobs(server.ctx);
    await waitFor(() => subjectsTo('daily@example.test').some((s) => s.includes('Digest for')));
    const digest = lastMailTo(mail, 'daily@example.test', /Digest for/);
    expect(digest.subject).toMatch(/^\[Daily Farm\] Digest for \d{4}-\d{2}-\d{2}: 3 posts$/);
    expect(headerOf(digest, 'list-unsubscribe')).toMatch(/unsubscribe/);
    const text = digest.text ?? '';
    expect(text).toContain('Contents');
    const contents = text.slice(text.indexOf('Contents'), text.indexOf('-----'));
    expect(contents).toContain('1. NEW: Digest Moon One (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor');
    expect(contents).toContain('2. NEW: Digest Moon Two');
    expect(contents).toContain('3. ANNOUNCEMENT: Daily news');
    expect(text).toContain('Title: Digest Moon One');
    expect(text).toContain('Digest this.');
    // The restricted work's part of the digest is its title and link, as its own post was.
    const restrictedPart = text.split('-'.repeat(70)).find((part) => part.startsWith('\n2. NEW: Digest Moon Two'))!;
    expect(restrictedPart).toContain('Title: Digest Moon Two');
    expect(restrictedPart).not.toContain('Author:');

    // The next day's run has nothing new: no second digest; members who take each post get none.
    await sendListDigests(server.ctx, null);
    await drainJobs(server.ctx);
    await settle();
    expect(subjectsTo('daily@example.test').filter((s) => s.includes('Digest for'))).toHaveLength(1);
    expect(subjectsTo('each@example.test').filter((s) => s.includes('Digest for'))).toEqual([]);
  });

  it('sends a MIME digest member the contents, then each post as a message of its own', async () => {
    const slug = await startList(archivist, { name: 'Mime Farm', tag: 'Smallville' });
    await joinAndConfirm(server, mail, slug, 'mime@example.test', 'mime');
    expect(await server.ctx.db.kysely.selectFrom('listMembers').select(['digest', 'mimeDigest']).where('addressKey', '=', 'mime@example.test').executeTakeFirst()).toEqual({ digest: 1, mimeDigest: 1 });
    await postWork('Mime Moon Ünë');
    await archivist.post(`/lists/${slug}/announce`, { subject: 'Mime news', text: 'Open each one — they are separate.' });
    await drainJobs(server.ctx);
    await sendListDigests(server.ctx, null);
    await drainJobs(server.ctx);
    await waitFor(() => subjectsTo('mime@example.test').some((s) => s.includes('Digest for')));
    const digest = lastMailTo(mail, 'mime@example.test', /Digest for/);
    expect(digest.subject).toMatch(/^\[Mime Farm\] Digest for \d{4}-\d{2}-\d{2}: 2 posts$/);
    expect(headerOf(digest, 'list-unsubscribe')).toMatch(/unsubscribe/);
    expect(digest.text).toContain('1. NEW: Mime Moon Ünë');
    expect(digest.text).toContain('Each post follows as a message of its own.');
    expect(digest.text).not.toContain('Title: Mime Moon');
    const parts = digest.attachments.filter((a) => a.contentType === 'message/rfc822');
    expect(parts).toHaveLength(2);
    const [first, second] = await Promise.all(parts.map((part) => simpleParser(part.content)));
    expect(first!.subject).toBe('[Mime Farm] NEW: Mime Moon Ünë (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor');
    expect(first!.text).toContain('Title: Mime Moon Ünë');
    expect(first!.from?.value[0]?.name).toBe('Mime Farm');
    expect(second!.subject).toBe('[Mime Farm] ANNOUNCEMENT: Mime news');
    expect(second!.text).toContain('Open each one — they are separate.');
  });
});

describe('the list’s archive', () => {
  it('shows past posts on the site and as a feed, but not those of works hidden since', async () => {
    const slug = await startList(archivist, { name: 'Archive Shelf', tag: 'Smallville' });
    const shown = await postWork('Shelved Moon');
    const gone = await postWork('Hidden Later Moon');
    await archivist.post(`/lists/${slug}/announce`, { subject: 'Shelf notice', text: 'Dusting on Friday.' });
    await requestRemoval(server.ctx.db.kysely, [gone], new Date().toISOString());
    const listPage = page(await (await server.agent().get(`/lists/${slug}`)).text());
    const subjects = listPage.all('.list-archive li a');
    expect(subjects).toEqual(['[Archive Shelf] ANNOUNCEMENT: Shelf notice', '[Archive Shelf] NEW: Shelved Moon (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor']);
    const postHref = listPage.attr('.list-archive li:nth-child(2) a', 'href')!;
    const postPage = page(await (await server.agent().get(postHref)).text());
    expect(postPage.text('h1')).toBe('[Archive Shelf] NEW: Shelved Moon (1/3) [Teen And Up Audiences] Clark Kent/Lex Luthor');
    expect(postPage.text('pre')).toContain('Title: Shelved Moon');
    expect(postPage.attr('main a[href^="/works/"]', 'href')).toBe(`/works/${shown}`);
    const [hiddenPost] = (await postsOf(slug)).filter((p) => p.workId === gone);
    expect((await server.agent().get(`/lists/${slug}/posts/${hiddenPost!.id}`)).status).toBe(404);

    const feed = await server.agent().get(`/lists/${slug}/feed.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<title>[Archive Shelf] NEW: Shelved Moon');
    expect(xml).not.toContain('Hidden Later Moon');
    const again = await server.agent().get(`/lists/${slug}/feed.atom`, { 'if-none-match': feed.headers.get('etag')! });
    expect(again.status).toBe(304);
  });
});

describe('round trip', () => {
  it('the importer reads a list post back to the same title, author, rating, pairing and summary', async () => {
    const slug = await startList(archivist, { name: 'Round Trip', tag: 'Smallville' });
    await joinAndConfirm(server, mail, slug, 'roundtrip@example.test');
    const cases: Array<{ title: string; rating: 'Teen And Up Audiences' | 'Explicit' | 'General Audiences' | 'Mature'; relationships: string[]; summary?: string }> = [
      { title: 'Harvest Moon: A Story', rating: 'Teen And Up Audiences', relationships: ['Clark Kent/Lex Luthor'] },
      { title: 'The Loft (Again)', rating: 'Explicit', relationships: ['Clark Kent/Lex Luthor', 'Chloe Sullivan/Lois Lane'] },
      { title: 'Rain', rating: 'General Audiences', relationships: ['Clark Kent & Pete Ross'] },
      { title: 'Two Paragraphs', rating: 'Mature', relationships: [], summary: 'The first part of it.\n\nThe second part.' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'rr-list-roundtrip-'));
    try {
      for (const [i, c] of cases.entries()) {
        await postWork(c.title, { rating: c.rating, relationships: c.relationships, summary: c.summary ?? summaryOf });
        await waitFor(() => subjectsTo('roundtrip@example.test').some((s) => s.includes(`NEW: ${c.title}`)));
        const got = lastMailTo(mail, 'roundtrip@example.test', new RegExp(`NEW: ${c.title.replace(/[()]/g, '\\$&')}`));
        writeFileSync(join(dir, `${i}.eml`), asMessageFile(got));
      }
      const works: ImportedWork[] = [];
      for await (const event of parsePaths([dir])) if (event.type === 'work') works.push(event.work);
      expect(works).toHaveLength(cases.length);
      for (const [i, c] of cases.entries()) {
        const work = works.find((w) => w.sources.some((s) => s.endsWith(`${i}.eml`)))!;
        // The post names the relationships in the archive's order (by name), as its tags show them.
        expect({ title: work.title, creators: work.creators, rating: work.rating, relationships: [...work.relationships].sort(), summary: work.summary }).toEqual({
          title: c.title,
          creators: ['Aelita'],
          rating: c.rating,
          relationships: [...c.relationships].sort(),
          // The header holds the summary on one line: its paragraphs come back joined by a space.
          summary: (c.summary ?? summaryOf).replace(/\s+/g, ' '),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The message as a reader's mail program would save it: its headers and its text. */
function asMessageFile(got: ReceivedMail): string {
  const headers = [
    `From: ${got.from?.text ?? ''}`,
    `To: ${recipients(got)}`,
    `Subject: ${got.subject ?? ''}`,
    `Date: ${(got.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${got.messageId ?? '<x@records-room.test>'}`,
    `List-Id: ${headerOf(got, 'list-id') ?? ''}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\n')}\n\n${got.text ?? ''}`;
}

function recipients(got: ReceivedMail): string {
  const to = Array.isArray(got.to) ? got.to : got.to ? [got.to] : [];
  return to.map((a) => a.text).join(', ');
}
