import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let author: TestUser;
let reader: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
  reader = await makeUser(server.ctx);
});

describe('drafts', () => {
  it('are seen by their creators only, and listed nowhere', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Secret Draft', asDraft: true, freeforms: ['Draftiness'] });
    const own = await server.agent().signInAs(author.id);
    const ownPage = await own.get(`/works/${id}`);
    expect(ownPage.status).toBe(200);
    expect(await ownPage.text()).toContain('This is a draft');
    expect(await (await own.get(`/users/${author.login}/works/drafts`)).text()).toContain('Secret Draft');

    const other = await server.agent().signInAs(reader.id);
    for (const agent of [other, server.agent()]) {
      expect((await agent.get(`/works/${id}`)).status).toBe(404);
      expect((await agent.get(`/works/${id}?view_full_work=true`)).status).toBe(404);
      expect((await agent.get(`/works/${id}/navigate`)).status).toBe(404);
      for (const path of ['/works', '/', `/users/${author.login}`, '/tags/Draftiness/works']) {
        expect(await (await agent.get(path)).text(), path).not.toContain('Secret Draft');
      }
    }
    expect((await other.get(`/users/${author.login}/works/drafts`)).status).toBe(403);
    expect((await server.agent().get(`/api/v1/works/${id}`)).status).toBe(404);
    // Someone else's draft is not even there for editing.
    expect((await other.get(`/works/${id}/edit`)).status).toBe(404);
  });

  it('become public when posted', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Soon Public', asDraft: true });
    const own = await server.agent().signInAs(author.id);
    expect((await own.post(`/works/${id}/post`)).status).toBe(303);
    const page = await server.agent().get(`/works/${id}`);
    expect(page.status).toBe(200);
    expect(await (await server.agent().get('/works')).text()).toContain('Soon Public');
  });
});

describe('restricted works', () => {
  it('ask anonymous readers to log in, and show to logged-in ones', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Members Only', isRestricted: true, freeforms: ['Hidden Tag'] });
    const anonymous = server.agent();
    const page = await anonymous.get(`/works/${id}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(`/works/${id}`)}`);
    const login = await anonymous.get(page.headers.get('location')!);
    expect(await login.text()).toContain('only available to registered users');
    for (const path of ['/works', '/', `/users/${author.login}`, '/tags/Hidden%20Tag/works']) {
      expect(await (await anonymous.get(path)).text(), path).not.toContain('Members Only');
    }
    expect((await anonymous.get(`/api/v1/works/${id}`)).status).toBe(404);

    const member = await server.agent().signInAs(reader.id);
    expect(await (await member.get(`/works/${id}`)).text()).toContain('Members Only');
    expect(await (await member.get('/tags/Hidden%20Tag/works')).text()).toContain('Members Only');
  });
});

describe('adult content', () => {
  it('shows a notice first, unless the reader proceeds or opted out', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Heated', rating: 'Explicit' });
    const notice = await (await server.agent().get(`/works/${id}`)).text();
    expect(notice).toContain('This work could have adult content');
    expect(notice).not.toContain('Clark listened to the rain');
    const shown = await (await server.agent().get(`/works/${id}?view_adult=true`)).text();
    expect(shown).toContain('Clark listened to the rain');

    await server.ctx.db.kysely.updateTable('users').set({ showAdultContent: 1 }).where('id', '=', reader.id).execute();
    const optedOut = await server.agent().signInAs(reader.id);
    expect(await (await optedOut.get(`/works/${id}`)).text()).toContain('Clark listened to the rain');
  });

  it('does not show the notice for general works', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Mild', rating: 'General Audiences' });
    expect(await (await server.agent().get(`/works/${id}`)).text()).toContain('Clark listened to the rain');
  });
});

describe('addresses that do not exist', () => {
  it('answer 404, never 500', async () => {
    const id = await makeWork(server.ctx, author);
    const agent = server.agent();
    for (const path of [
      '/works/abc',
      '/works/0',
      '/works/99999999',
      '/works/99999999999999999999',
      '/works/-1',
      `/works/${id}/chapters/abc`,
      `/works/${id}/chapters/99999999`,
      '/tags/No%20Such%20Tag/works',
      '/users/nobody_here',
      `/users/${author.login}/pseuds/nobody/works`,
      '/api/v1/works/abc',
      '/api/v1/works/99999999',
    ]) {
      expect((await agent.get(path)).status, path).toBe(404);
    }
  });

  it('does not show a chapter of one work under another', async () => {
    const first = await makeWork(server.ctx, author);
    const second = await makeWork(server.ctx, author);
    const chapter = await server.ctx.db.kysely.selectFrom('chapters').select('id').where('workId', '=', second).executeTakeFirstOrThrow();
    expect((await server.agent().get(`/works/${first}/chapters/${chapter.id}`)).status).toBe(404);
  });

  it('tolerates odd page numbers', async () => {
    const agent = server.agent();
    for (const page of ['0', '-3', 'abc', '999999']) {
      expect((await agent.get(`/works?page=${page}`)).status).toBe(200);
    }
  });
});

describe('the JSON API', () => {
  it('returns public data for a public work and its chapters', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Api Visible', relationships: ['Clark Kent/Lex Luthor'] });
    const response = await server.agent().get(`/api/v1/works/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const work = await response.json();
    expect(work).toMatchObject({ id, title: 'Api Visible', fandoms: ['Smallville'], relationships: ['Clark Kent/Lex Luthor'], words: 9, chapterCount: 1 });
    expect(work.creators).toEqual([author.login]);
    expect(JSON.stringify(work)).not.toContain('@example.invalid');
    const chapter = await (await server.agent().get(work.chapters[0].url)).json();
    expect(chapter.text).toBe('The barn was quiet.\n\nClark listened to the rain.');
    expect(chapter.words).toBe(9);
  });
});

describe('co-creators', () => {
  it('are shown only after they accept the invitation', async () => {
    const coauthor = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author, { title: 'Written Together', coCreators: [coauthor.login] });
    expect(await (await server.agent().get(`/works/${id}`)).text()).not.toContain(`/users/${coauthor.login}/`);
    const agent = await server.agent().signInAs(coauthor.id);
    const invitations = await (await agent.get(`/users/${coauthor.login}/creatorships`)).text();
    expect(invitations).toContain('Written Together');
    // Not yet a creator: cannot edit.
    expect((await agent.get(`/works/${id}/edit`)).status).toBe(403);
    const accepted = await agent.post(`/users/${coauthor.login}/creatorships/${id}/${coauthor.pseudId}`, { answer: 'accept' });
    expect(accepted.status).toBe(303);
    expect(await (await server.agent().get(`/works/${id}`)).text()).toContain(`/users/${coauthor.login}/pseuds/${coauthor.login}`);
    expect((await agent.get(`/works/${id}/edit`)).status).toBe(200);
  });

  it('cannot be answered by someone else', async () => {
    const coauthor = await makeUser(server.ctx);
    const intruder = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author, { coCreators: [coauthor.login] });
    const agent = await server.agent().signInAs(intruder.id);
    expect((await agent.post(`/users/${coauthor.login}/creatorships/${id}/${coauthor.pseudId}`, { answer: 'accept' })).status).toBe(403);
    expect((await agent.post(`/users/${intruder.login}/creatorships/${id}/${coauthor.pseudId}`, { answer: 'accept' })).status).toBe(404);
  });

  it('must exist', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', {
      title: 'Ghost Co-Author', rating: 'Not Rated', warnings: 'No Archive Warnings Apply', fandoms: 'Smallville',
      pseudIds: String(author.pseudId), coCreators: 'nobody_by_this_name', text: 'Some text.', language: 'en',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('couldn');
  });
});

describe('the adult-content notice, answered', () => {
  const href = (page: string, label: string) => new RegExp(`<a class="button[^"]*" href="([^"]+)">${label}</a>`).exec(page)?.[1]?.replace(/&amp;/g, '&');

  it('is not asked again for the same work in the same browser session', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Asked Once', rating: 'Explicit' });
    const other = await makeWork(server.ctx, author, { title: 'Asked Elsewhere', rating: 'Mature' });
    const guest = server.agent();
    const notice = await (await guest.get(`/works/${id}`)).text();
    const yes = href(notice, 'Yes, continue');
    expect(yes).toBe(`/works/${id}?view_adult=true`);
    expect(await (await guest.get(yes!)).text()).toContain('Clark listened to the rain');
    // Back later, from a link without the answer in it: the work opens at once.
    expect(await (await guest.get(`/works/${id}`)).text()).toContain('Clark listened to the rain');
    expect(await (await guest.get(`/works/${id}?view_full_work=true`)).text()).toContain('Clark listened to the rain');
    // Another work asks for itself; another browser is asked again.
    expect(await (await guest.get(`/works/${other}`)).text()).toContain('This work could have adult content');
    expect(await (await server.agent().get(`/works/${id}`)).text()).toContain('This work could have adult content');
    // For the session only: the cookie has no expiry.
    expect(guest.cookies.get('rr_adult')).toBe(String(id));
  });

  it('lets a guest say not to ask again, and a logged-in reader find the preference', async () => {
    const id = await makeWork(server.ctx, author, { title: 'Never Ask', rating: 'Explicit' });
    const other = await makeWork(server.ctx, author, { title: 'Never Ask Either', rating: 'Explicit' });
    const guest = server.agent();
    const always = href(await (await guest.get(`/works/${id}`)).text(), 'Yes, and don’t ask me again');
    expect(always).toBe(`/works/${id}?view_adult=always`);
    const answered = await guest.get(always!);
    expect(answered.headers.getSetCookie().join()).toMatch(/rr_adult=all;.*Expires=/i);
    expect(await answered.text()).toContain('Clark listened to the rain');
    expect(await (await guest.get(`/works/${other}`)).text()).toContain('Clark listened to the rain');

    const asking = await makeUser(server.ctx);
    const member = await server.agent().signInAs(asking.id);
    const notice = await (await member.get(`/works/${other}`)).text();
    expect(notice).toContain(`href="/users/${asking.login}/preferences"`);
    expect(notice).not.toContain('don’t ask me again');
  });
});

describe('a tag on hidden works alone', () => {
  it('answers like a tag that does not exist, to whoever cannot see those works', async () => {
    await makeWork(server.ctx, author, { title: 'Tagged Draft', asDraft: true, freeforms: ['Only On A Draft'] });
    await makeWork(server.ctx, author, { title: 'Tagged Restricted', isRestricted: true, freeforms: ['Only For Members'] });
    const guest = server.agent();
    for (const path of ['/tags/Only%20On%20A%20Draft', '/tags/Only%20On%20A%20Draft/works', '/tags/Only%20For%20Members', '/tags/Only%20For%20Members/works']) {
      const unknown = await guest.get(path.replace(/Only%20(On%20A%20Draft|For%20Members)/, 'Never%20Used%20Anywhere'));
      const hidden = await guest.get(path);
      expect(hidden.status, path).toBe(404);
      expect(hidden.status).toBe(unknown.status);
    }
    const member = await server.agent().signInAs(reader.id);
    expect((await member.get('/tags/Only%20For%20Members')).status).toBe(200);
    expect((await member.get('/tags/Only%20On%20A%20Draft')).status).toBe(404);
  });
});
