import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, workForm, type TestUser } from './support/factories.ts';
import { useTestServer } from './support/server.ts';

const server = useTestServer({ PAGE_CACHE_SECONDS: '60' });
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

describe('the page cache for logged-out readers', () => {
  it('serves a repeated work page from memory', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Cached Once' });
    const visitor = server.agent();
    const first = await visitor.get(`/works/${id}`);
    expect(first.headers.get('age')).toBeNull();
    const second = await visitor.get(`/works/${id}`);
    expect(second.headers.get('age')).toBe('0');
    expect(await second.text()).toContain('Cached Once');
    expect(second.headers.get('set-cookie')).toBeNull();
  });

  it('never serves cached pages to logged-in readers', async () => {
    const id = await makeWork(server.ctx, author);
    await server.agent().get(`/works/${id}`);
    const member = await server.agent().signInAs(author.id);
    const response = await member.get(`/works/${id}`);
    expect(response.headers.get('age')).toBeNull();
    expect(await response.text()).toContain('Edit work');
  });

  it('is emptied by any change made through the archive', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Old Title' });
    const visitor = server.agent();
    await visitor.get(`/works/${id}`);
    const member = await server.agent().signInAs(author.id);
    expect((await member.post(`/works/${id}/edit`, workForm(author, { title: 'New Title' }))).status).toBe(303);
    const fresh = await visitor.get(`/works/${id}`);
    expect(fresh.headers.get('age')).toBeNull();
    expect(await fresh.text()).toContain('New Title');
  });

  it('keeps no refusals, no forms and no private pages', async () => {
    const draft = await makeWork(server.ctx, author, { asDraft: true });
    const visitor = server.agent();
    for (let i = 0; i < 2; i++) {
      expect((await visitor.get(`/works/${draft}`)).headers.get('age')).toBeNull();
      expect((await visitor.get('/login')).headers.get('age')).toBeNull();
      expect((await visitor.get('/works/new')).headers.get('age')).toBeNull();
    }
  });
});

describe('the page cache and the adult-content notice', () => {
  it('serves neither the notice to a guest who answered it nor the work to one who did not', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Cached Heat', rating: 'Explicit' });
    expect(await (await server.agent().get(`/works/${id}`)).text()).toContain('This work could have adult content');
    const answered = server.agent();
    expect(await (await answered.get(`/works/${id}?view_adult=true`)).text()).toContain('Clark listened to the rain');
    expect(await (await answered.get(`/works/${id}`)).text()).toContain('Clark listened to the rain');
    // The answer and its cookie were not kept for the next guest.
    const next = server.agent();
    const again = await next.get(`/works/${id}?view_adult=true`);
    expect(again.headers.get('age')).toBeNull();
    expect(next.cookies.get('rr_adult')).toBe(String(id));
    expect(await (await server.agent().get(`/works/${id}`)).text()).toContain('This work could have adult content');
  });
});
