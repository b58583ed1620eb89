import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, workForm, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let author: TestUser;

beforeAll(async () => {
  author = await makeUser(server.ctx);
});

const ATTACK = `<script>alert("xss")</script><img src=x onerror="alert(1)">"><svg onload=alert(2)>`;

describe('script injection', () => {
  it('is neutralised in every field of a work and a chapter, on every page that shows it', async () => {
    const agent = await server.agent().signInAs(author.id);
    const posted = await agent.post(
      '/works',
      workForm(author, {
        title: `Title ${ATTACK}`,
        summary: `Summary ${ATTACK}`,
        notes: `Notes ${ATTACK}`,
        endNotes: `End ${ATTACK}`,
        relationships: `Clark/Lex" autofocus onfocus'alert(3)'`,
        characters: `Lex's "friend" & co`,
        freeforms: `javascript:alert(4)`,
        text: `Text ${ATTACK}<a href="javascript:alert(5)">x</a><a href="data:text/html,hi">y</a>`,
      }),
    );
    expect(posted.status).toBe(303);
    const workPath = posted.headers.get('location')!;
    const id = Number(workPath.split('/').pop());
    await agent.post(`/works/${id}/chapters`, { chapterTitle: `Chapter ${ATTACK}`, chapterSummary: `CS ${ATTACK}`, chapterNotes: `CN ${ATTACK}`, chapterEndNotes: `CE ${ATTACK}`, text: `More ${ATTACK}` });

    const pages = [workPath, `${workPath}?view_full_work=true`, `${workPath}/navigate`, `/users/${author.login}`, '/works', '/', `${workPath}/edit`];
    for (const path of pages) {
      const html = await (await agent.get(path)).text();
      expect(html, path).not.toMatch(/<script>alert/);
      expect(html, path).not.toMatch(/<img[^>]*onerror/i);
      expect(html, path).not.toMatch(/<svg[^>]*onload/i);
      expect(html, path).not.toMatch(/href="javascript:/i);
      expect(html, path).not.toMatch(/href="data:/i);
      expect(html, path).not.toContain('Lex" autofocus');
    }
    const page = await (await agent.get(`${workPath}?view_full_work=true`)).text();
    expect(page).toContain('Title &lt;script&gt;');
    expect(page).toContain('Lex&#39;s &quot;friend&quot; &amp; co');
    const api = await (await server.agent().get(`/api/v1/works/${id}`)).json();
    expect(api.title).toBe(`Title ${ATTACK}`);
    expect(api.summary).not.toMatch(/<script|onerror|onload/i);
  });

  it('refuses tag names with markup characters instead of storing them', async () => {
    const agent = await server.agent().signInAs(author.id);
    const response = await agent.post('/works', workForm(author, { freeforms: '<b>bold</b>, x=y' }));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('holds a character tags cannot use');
  });

  it('sends a content security policy that forbids inline script', async () => {
    const response = await server.agent().get('/');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
