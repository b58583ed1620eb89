import { describe, expect, it } from 'vitest';
import { page } from '../support/dom.ts';
import { drainJobs, makeTag, makeUser } from '../support/factories.ts';
import { archivistAgent, askToJoin, joinAndConfirm, lastMailTo, linkIn, settle, startList, waitFor } from '../support/lists.ts';
import { headerOf, useMailServer } from '../support/mail.ts';

// Announcement lists through the real server and a real SMTP peer: who may start one, the
// join form, double opt-in by the mailed link, and leaving by a message's unsubscribe link.

const { server, mail } = useMailServer();

const member = (address: string) => server.ctx.db.kysely.selectFrom('listMembers').selectAll().where('addressKey', '=', address.toLowerCase()).executeTakeFirst();

describe('starting a list', () => {
  it('is for archivists and administrators: anonymous visitors log in, other users are refused', async () => {
    const anonymous = await server.agent().get('/lists/new');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?return_to=%2Flists%2Fnew/);
    const reader = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(reader.id);
    expect((await agent.get('/lists/new')).status).toBe(403);
    expect((await agent.post('/lists/new', { name: 'Sneaky List' })).status).toBe(403);
    expect(await server.ctx.db.kysely.selectFrom('lists').select('id').where('name', '=', 'Sneaky List').execute()).toHaveLength(0);

    const admin = await makeUser(server.ctx, { role: 'admin' });
    const adminAgent = await server.agent().signInAs(admin.id);
    expect((await adminAgent.get('/lists/new')).status).toBe(200);
    expect(await startList(adminAgent, { name: 'Admins Own List' })).toBe('admins-own-list');
  });

  it('refuses bad names and unknown tags, keeping what was typed', async () => {
    const { agent } = await archivistAgent(server);
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ name: '' }, 'name', 'Give the list a name.'],
      [{ name: '!!!' }, 'name', 'Use some letters or digits'],
      [{ name: '[Level] Three' }, 'name', 'Leave out brackets'],
      [{ name: 'x'.repeat(81) }, 'name', 'That is too long'],
      [{ name: 'New' }, 'name', 'choose another'],
      [{ name: 'Tagged Wrong', tag: 'No Such Fandom Anywhere' }, 'tag', 'No tag is named “No Such Fandom Anywhere”'],
    ];
    for (const [fields, field, message] of cases) {
      const response = await agent.post('/lists/new', { description: 'Kept text', ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(422);
      const form = page(await response.text());
      expect(form.text(`#field-${field}-error`), JSON.stringify(fields)).toContain(message);
      expect(form.value('name')).toBe(fields.name);
      expect(form.text('textarea[name="description"]')).toBe('Kept text');
    }
    await startList(agent, { name: 'Level Three' });
    const twice = await agent.post('/lists/new', { name: 'level three!' });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('A list with that name');
  });

  it('shows the lists, and a tag list names its tag (a synonym stands for its canonical)', async () => {
    const { agent } = await archivistAgent(server);
    await makeTag(server.ctx, 'Fandom', 'Index Fandom', { canonical: true });
    const slug = await startList(agent, { name: 'Index Fandom List', tag: 'index fandom', description: 'All of Index Fandom.' });
    const index = page(await (await server.agent().get('/lists')).text());
    expect(index.all('main h2 a')).toContain('Index Fandom List');
    expect(index.text('main')).toContain('Works under Index Fandom');
    const shown = await server.agent().get(`/lists/${slug}`);
    expect(shown.status).toBe(200);
    const doc = page(await shown.text());
    expect(doc.text('h1')).toBe('Index Fandom List');
    expect(doc.text('main')).toContain('All of Index Fandom.');
    expect(doc.text('main')).toContain('Nothing has been posted to the list yet.');
    expect(doc.exists('form[action$="/join"] input[name="address"]')).toBe(true);
    expect(doc.exists('main a[href$="/announce"]')).toBe(false);
    expect((await server.agent().get('/lists/no-such-list')).status).toBe(404);
  });
});

describe('joining', () => {
  it('refuses a bad address with a clear message and keeps what was typed', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent);
    for (const address of ['', 'not an address', 'someone@', `${'a'.repeat(250)}@example.test`]) {
      const response = await server.agent().post(`/lists/${slug}/join`, { address, digest: '1' });
      expect(response.status, address).toBe(422);
      const form = page(await response.text());
      expect(form.text('#field-address-error'), address).toMatch(/Enter (the|an) e-mail address|That is too long/);
      expect(form.value('address')).toBe(address);
      expect(form.checked('digest')).toBe(true);
    }
    expect(await server.ctx.db.kysely.selectFrom('listMembers').select('id').execute()).toHaveLength(0);
  });

  it('asks by mail first: the GET shows a button and changes nothing, the POST joins, the link works once', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent, { name: 'Opt In Twice' });
    const answer = await askToJoin(server, slug, 'Joiner@Example.test');
    expect(answer).toContain('a message with a confirmation link is on its way');
    expect((await member('joiner@example.test'))?.status).toBe('pending');
    await drainJobs(server.ctx);
    const asked = await mail.messageTo('joiner@example.test');
    expect(asked.subject).toBe('Confirm that you want to join Opt In Twice');
    expect(asked.headers.get('list-unsubscribe')).toBeUndefined();
    const link = linkIn(asked.text, `/lists/${slug}/confirm/`);
    const visitor = server.agent();
    const shown = await visitor.get(link);
    expect(shown.status).toBe(200);
    const prompt = page(await shown.text());
    expect(prompt.text('main')).toContain('Confirm that Joiner@Example.test joins the Opt In Twice list?');
    expect(prompt.all('main form button')).toEqual(['Join the list']);
    expect((await member('joiner@example.test'))?.status).toBe('pending');

    const done = await visitor.post(link);
    expect(done.status).toBe(200);
    expect(page(await done.text()).text('h1')).toBe('You have joined');
    const joined = await member('joiner@example.test');
    expect(joined).toMatchObject({ status: 'active', address: 'Joiner@Example.test', digest: 0 });
    expect(joined?.joinedAt).toBeTruthy();
    expect(joined?.tokenHash).not.toContain(link.split('/').pop());

    const again = await visitor.post(link);
    expect(again.status).toBe(409);
    expect(page(await again.text()).text('h1')).toBe('This link has been used');
    await drainJobs(server.ctx);
    const welcome = await waitFor(() => mail.messagesTo('joiner@example.test').length === 2).then(() => lastMailTo(mail, 'joiner@example.test', /Welcome/));
    expect(welcome.subject).toBe('[Opt In Twice] Welcome');
    expect(headerOf(welcome, 'list-id')).toBe(`Opt In Twice <${slug}.lists.records-room.test>`);
  });

  it('refuses an expired link and a forged one, and joins with a fresh link asked for again', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent);
    await askToJoin(server, slug, 'late@example.test');
    await drainJobs(server.ctx);
    const link = linkIn((await mail.messageTo('late@example.test')).text, `/lists/${slug}/confirm/`);
    await server.ctx.db.kysely.updateTable('listMembers').set({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString(), tokenSentAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }).execute();
    const expired = await server.agent().post(link);
    expect(expired.status).toBe(409);
    expect(page(await expired.text()).text('h1')).toBe('This link has expired');
    expect((await member('late@example.test'))?.status).toBe('pending');
    const forged = await server.agent().get(`/lists/${slug}/confirm/${'x'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(page(await forged.text()).text('h1')).toBe('This link does not work');
    expect((await server.agent().get(`/lists/${slug}/confirm/short`)).status).toBe(404);

    await askToJoin(server, slug, 'late@example.test');
    await drainJobs(server.ctx);
    await waitFor(() => mail.messagesTo('late@example.test').length === 2);
    const fresh = linkIn(mail.messagesTo('late@example.test')[1]!.text, `/lists/${slug}/confirm/`);
    expect(fresh).not.toBe(link);
    expect((await server.agent().post(link)).status).toBe(404);
    expect((await server.agent().post(fresh)).status).toBe(200);
    expect((await member('late@example.test'))?.status).toBe('active');
  });

  it('answers the same words for a new address, a pending one and a member, and mails no member', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent);
    await joinAndConfirm(server, mail, slug, 'already@example.test');
    const sentToMember = mail.messagesTo('already@example.test').length;
    const forNew = await askToJoin(server, slug, 'brand-new@example.test');
    const forPending = await askToJoin(server, slug, 'brand-new@example.test');
    const forMember = await askToJoin(server, slug, 'ALREADY@example.test');
    expect(forPending).toBe(forNew);
    expect(forMember).toBe(forNew);
    await drainJobs(server.ctx);
    await mail.messageTo('brand-new@example.test');
    await settle();
    // A pending address is not mailed a second link minutes after the first; a member nothing.
    expect(mail.messagesTo('brand-new@example.test')).toHaveLength(1);
    expect(mail.messagesTo('already@example.test')).toHaveLength(sentToMember);
    expect((await member('already@example.test'))?.status).toBe('active');
  });
});

describe('leaving', () => {
  it('ends the membership by a message’s unsubscribe link; joining again asks again', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent, { name: 'Leavers Club' });
    const firstLink = await joinAndConfirm(server, mail, slug, 'leaver@example.test');
    await waitFor(() => mail.messagesTo('leaver@example.test').length === 2);
    const welcome = lastMailTo(mail, 'leaver@example.test', /Welcome/);
    const unsubscribe = linkIn(welcome.text, '/mail/unsubscribe/');
    const visitor = server.agent();
    const shown = page(await (await visitor.get(unsubscribe)).text());
    expect(shown.text('main')).toContain('Stop mail from the Leavers Club list?');
    expect((await member('leaver@example.test'))?.status).toBe('active');
    const done = await visitor.post(unsubscribe);
    expect(page(await done.text()).text('h1')).toBe('Unsubscribed');
    const left = await member('leaver@example.test');
    expect(left?.status).toBe('left');
    expect(left?.leftAt).toBeTruthy();
    expect(page(await (await visitor.post(unsubscribe)).text()).text('h1')).toBe('Already unsubscribed');

    // The old confirmation link does not bring the address back; a new request asks again.
    expect((await server.agent().post(firstLink)).status).toBe(409);
    expect((await member('leaver@example.test'))?.status).toBe('left');
    await askToJoin(server, slug, 'leaver@example.test', true);
    expect((await member('leaver@example.test'))?.status).toBe('pending');
    await drainJobs(server.ctx);
    await waitFor(() => mail.messagesTo('leaver@example.test').length === 3);
    const again = linkIn(lastMailTo(mail, 'leaver@example.test', /^Confirm/).text, `/lists/${slug}/confirm/`);
    expect(again).not.toBe(firstLink);
    const prompt = page(await (await server.agent().get(again)).text());
    expect(prompt.text('main')).toContain('with one digest a day');
    expect((await server.agent().post(again)).status).toBe(200);
    expect(await member('leaver@example.test')).toMatchObject({ status: 'active', digest: 1, leftAt: null });
  });
});

describe('each post or a digest', () => {
  it('a member switches between each post and the daily digest from a message’s link, and back', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent, { name: 'Switchers Club' });
    await joinAndConfirm(server, mail, slug, 'switcher@example.test');
    await waitFor(() => mail.messagesTo('switcher@example.test').length === 2);
    const link = linkIn(lastMailTo(mail, 'switcher@example.test', /Welcome/).text, '/mail/unsubscribe/');
    const visitor = server.agent();
    const offered = page(await (await visitor.get(link)).text());
    expect(offered.text(`form[action="${link}/switch"] button`)).toBe('Get one digest a day instead');
    const switched = page(await (await visitor.post(`${link}/switch`)).text());
    expect(switched.text('h1')).toBe('Changed');
    expect(switched.text('main')).toContain('switcher@example.test will get one digest a day of the Switchers Club list');
    expect(await member('switcher@example.test')).toMatchObject({ status: 'active', digest: 1 });
    expect(page(await (await visitor.get(link)).text()).text(`form[action="${link}/switch"] button`)).toBe('Get each post as it is made instead');
    await visitor.post(`${link}/switch`);
    expect(await member('switcher@example.test')).toMatchObject({ status: 'active', digest: 0 });

    // Once the address has left, there is nothing to switch, and a forged token switches nothing.
    await visitor.post(link);
    expect(page(await (await visitor.get(link)).text()).text(`form[action="${link}/switch"] button`)).toBeNull();
    expect((await visitor.post(`${link}/switch`)).status).toBe(200);
    expect(await member('switcher@example.test')).toMatchObject({ status: 'left', digest: 0 });
    expect((await visitor.post('/mail/unsubscribe/not-a-token/switch')).status).toBe(404);
  });
});

describe('one-click unsubscribe', () => {
  it('a mail client’s POST to the List-Unsubscribe address of a list message ends the membership', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent, { name: 'One Click Club' });
    await joinAndConfirm(server, mail, slug, 'oneclick@example.test');
    await waitFor(() => mail.messagesTo('oneclick@example.test').length === 2);
    const header = headerOf(lastMailTo(mail, 'oneclick@example.test', /Welcome/), 'list-unsubscribe') ?? '';
    const https = /<(https:\/\/records-room\.test(\/mail\/unsubscribe\/[^>]+))>/.exec(header);
    expect(https).not.toBeNull();
    const response = await server.agent().post(https![2]!, { 'List-Unsubscribe': 'One-Click' }, { csrf: false });
    expect(response.status).toBe(200);
    expect((await member('oneclick@example.test'))?.status).toBe('left');
  });
});

// Last in the file: the client's allowance is spent after it.
describe('too many requests', () => {
  it('refuses a client past 50 join requests an hour, openly, keeping the address typed', async () => {
    const { agent } = await archivistAgent(server);
    const slug = await startList(agent);
    const before = (await server.ctx.db.kysely.selectFrom('listMembers').select('id').execute()).length;
    let refused: Response | undefined;
    for (let i = 0; i < 51 && !refused; i++) {
      const response = await server.agent().post(`/lists/${slug}/join`, { address: `flood${i}@example.test` });
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const form = page(await refused!.text());
    expect(form.text('.error-summary')).toContain('Too many requests to join lists from here.');
    expect(form.value('address')).toMatch(/^flood\d+@example\.test$/);
    const added = (await server.ctx.db.kysely.selectFrom('listMembers').select('id').execute()).length - before;
    expect(added).toBeLessThanOrEqual(50);
    expect(await member(form.value('address')!)).toBeUndefined();
  });
});
