import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, workForm, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';
import { page } from '../support/dom.ts';

const server = useTestServer();
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

function workIdFrom(response: Response): number {
  const location = response.headers.get('location') ?? '';
  const match = /^\/works\/(\d+)$/.exec(location);
  if (!match) throw new Error(`expected a redirect to a work, got ${response.status} ${location}`);
  return Number(match[1]);
}

describe('posting a work', () => {
  it('sends anonymous visitors to log in first', async () => {
    const response = await server.agent().get('/works/new');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?return_to=%2Fworks%2Fnew');
    const post = await server.agent().post('/works', workForm(author));
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/login/);
  });

  it('shows the form with every field labelled', async () => {
    const agent = await server.agent().signInAs(author.id);
    const html = await (await agent.get('/works/new')).text();
    const form = page(html);
    for (const name of ['title', 'rating', 'fandoms', 'relationships', 'characters', 'freeforms', 'summary', 'notes', 'text', 'language']) {
      expect(form.labelOf(name), name).toBeTruthy();
    }
    expect(form.value('submissionKey')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('posts a work and shows it with its tag block, stats and text', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', workForm(author, { text: 'One two three.\n\nFour five, almost-expulsion -- six.' }));
    const id = workIdFrom(response);
    const shown = await agent.get(`/works/${id}`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('Rain on the Roof');
    expect(html).toContain('Work was successfully posted.');
    expect(page(html).links()).toContainEqual({ text: 'Clark Kent/Lex Luthor', href: '/tags/Clark%20Kent*s*Lex%20Luthor/works' });
    expect(html).toContain('Teen And Up Audiences');
    expect(html).toContain('<p>One two three.</p>');
    const work = page(html);
    expect(work.term('Words:')).toBe('7');
    expect(work.term('Chapters:')).toBe('1/1');
    expect(work.links()).toContainEqual({ text: author.login, href: `/users/${author.login}/pseuds/${author.login}` });
  });

  it('lists the work under its tags and on its author pages', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Listed Everywhere', freeforms: ['Hurt/Comfort'] });
    const visitor = server.agent();
    for (const path of ['/tags/Hurt*s*Comfort/works', '/tags/Smallville/works', `/users/${author.login}`, `/users/${author.login}/pseuds/${author.login}/works`, '/works', '/']) {
      const html = await (await visitor.get(path)).text();
      expect(html, path).toContain(`href="/works/${id}"`);
    }
    const home = await (await visitor.get('/')).text();
    expect(page(home).all('a:contains("Smallville") + span.muted').some((count) => /^\(\d+\)$/.test(count))).toBe(true);
  });

  it('refuses the form without its CSRF token', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', workForm(author), { csrf: false });
    expect(response.status).toBe(403);
  });

  it('answers wrong input with messages next to the fields and keeps what was typed', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post(
      '/works',
      workForm(author, { title: '   ', fandoms: ' , ', rating: 'Very Spicy', warnings: [], summary: 'My summary & more', text: 'Kept text <3' }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Give the work a title.');
    expect(html).toContain('Name at least one fandom.');
    expect(html).toContain('Choose a rating.');
    expect(html).toContain('Choose at least one archive warning');
    expect(html).toContain('My summary &amp; more');
    expect(html).toContain('Kept text &lt;3');
    expect(html).toContain('value="Clark Kent/Lex Luthor"');
    expect(html).toContain('aria-invalid="true"');
  });

  it('refuses oversized fields with a message', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', workForm(author, { title: 'x'.repeat(256), summary: 's'.repeat(1251) }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('use at most 255 characters');
    expect(html).toContain('use at most 1,250 characters');
  });

  it('refuses more than 75 user tags', async () => {
    const agent = await server.agent().signInAs(author.id);
    const tags = Array.from({ length: 80 }, (_, i) => `Tag number ${i}`).join(', ');
    const response = await agent.post('/works', workForm(author, { freeforms: tags }));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('at most 75');
  });

  it('refuses a tag name already used as another type, without losing the form', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', workForm(author, { characters: 'Smallville', title: 'Keep Me' }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('already used as a fandom tag');
    expect(html).toContain('value="Keep Me"');
  });

  it('does not post twice when the same form is sent twice', async () => {
    const agent = await server.agent().signInAs(author.id);
    const form = workForm(author, { title: 'Only Once', submissionKey: 'b3c9a4a2-8f54-4d55-9a57-1a2b3c4d5e6f' });
    const first = workIdFrom(await agent.post('/works', form));
    const second = workIdFrom(await agent.post('/works', form));
    expect(second).toBe(first);
    const rows = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Only Once').execute();
    expect(rows).toHaveLength(1);
  });

  it('accepts HTML chapter text and keeps only what is safe', async () => {
    const agent = await server.agent().signInAs(author.id);
    const text = '<p>Hello <em>there</em>.</p><script>alert(1)</script><p onclick="steal()">Second <a href="javascript:alert(2)">link</a> <span style="position:fixed">x</span></p>';
    const id = workIdFrom(await agent.post('/works', workForm(author, { text })));
    const html = await (await agent.get(`/works/${id}`)).text();
    expect(html).toContain('<p>Hello <em>there</em>.</p>');
    expect(html).not.toContain('alert(1)');
    expect(html).not.toContain('steal()');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('position:fixed');
  });
});

describe('editing, orphaning and deleting', () => {
  it('lets the creator edit the work and keeps their changes', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Before' });
    const agent = await server.agent().signInAs(author.id);
    const form = await (await agent.get(`/works/${id}/edit`)).text();
    expect(form).toContain('value="Before"');
    const response = await agent.post(`/works/${id}/edit`, workForm(author, { title: 'After', freeforms: 'Rewritten' }));
    expect(response.status).toBe(303);
    const html = await (await agent.get(`/works/${id}`)).text();
    expect(html).toContain('After');
    expect(html).toContain('Rewritten');
  });

  it('refuses everyone else', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Mine Alone' });
    const other = await makeUser(server.ctx);
    const agent = await server.agent().signInAs(other.id);
    expect((await agent.get(`/works/${id}/edit`)).status).toBe(403);
    expect((await agent.post(`/works/${id}/edit`, workForm(other, { title: 'Stolen' }))).status).toBe(403);
    expect((await agent.post(`/works/${id}/delete`)).status).toBe(403);
    expect((await agent.post(`/works/${id}/orphan`)).status).toBe(403);
    expect((await agent.post(`/works/${id}/chapters`, { text: 'more' })).status).toBe(403);
    const anonymous = server.agent();
    expect((await anonymous.post(`/works/${id}/delete`)).headers.get('location')).toMatch(/^\/login/);
    const html = await (await anonymous.get(`/works/${id}`)).text();
    expect(html).toContain('Mine Alone');
  });

  it('deletes a work after a confirmation step', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Short Lived' });
    const agent = await server.agent().signInAs(author.id);
    const confirm = await agent.get(`/works/${id}/confirm_delete`);
    expect(await confirm.text()).toContain('Yes, delete this work');
    expect((await agent.post(`/works/${id}/delete`)).status).toBe(303);
    expect((await agent.get(`/works/${id}`)).status).toBe(404);
  });

  it('orphans a work: it stays, credited to orphan_account', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Left Behind' });
    const agent = await server.agent().signInAs(author.id);
    expect((await agent.post(`/works/${id}/orphan`)).status).toBe(303);
    const html = await (await server.agent().get(`/works/${id}`)).text();
    expect(html).toContain('Left Behind');
    expect(html).toContain('href="/users/orphan_account/pseuds/orphan_account"');
    expect((await agent.get(`/works/${id}/edit`)).status).toBe(403);
  });
});
