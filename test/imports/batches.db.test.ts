import { beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/imports/import.service.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
let archivist: TestUser;
let batchId: number;

beforeAll(async () => {
  archivist = await makeUser(server.ctx, { role: 'archivist' });
  const result = await importPaths(server.ctx, ['test/fixtures/imports'], { as: archivist.login, archive: 'Kansas Fic Attic', list: 'prairiefic' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  batchId = result.value.batchId;
});

describe('the archivist pages', () => {
  it('send anonymous visitors to log in and refuse other users', async () => {
    const reader = await makeUser(server.ctx);
    const wrangler = await makeUser(server.ctx, { role: 'wrangler' });
    for (const path of ['/imports', `/imports/${batchId}`]) {
      const anonymous = await server.agent().get(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.headers.get('location')).toBe(`/login?return_to=${encodeURIComponent(path)}`);
      for (const user of [reader, wrangler]) expect((await (await server.agent().signInAs(user.id)).get(path)).status, path).toBe(403);
    }
  });

  it('list batches for archivists and administrators', async () => {
    const admin = await makeUser(server.ctx, { role: 'admin' });
    for (const user of [archivist, admin]) {
      const page = await (await server.agent().signInAs(user.id)).get('/imports');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`href="/imports/${batchId}"`);
      expect(html).toContain('Kansas Fic Attic');
    }
  });

  it('show a batch with its works, review flags and skipped files, without addresses', async () => {
    const agent = await server.agent().signInAs(archivist.id);
    const page = await agent.get(`/imports/${batchId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const title of ['Windows Facing North', 'The Lantern Keeper', 'Paper Boats']) expect(html).toContain(title);
    expect(html).toContain('unreachable');
    expect(html).toMatch(/DO NOT ARCHIVE/);
    expect(html).toContain('empty file');
    expect(html).not.toMatch(/@example\.(org|net)/);
    expect((await agent.get('/imports/99999')).status).toBe(404);
    expect((await agent.get('/imports/abc')).status).toBe(404);
  });
});

describe('the provenance block on an imported work', () => {
  it('names the original creator, the archivist, the archive and the original header, and no address', async () => {
    const work = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Windows Facing North').executeTakeFirstOrThrow();
    const reader = await makeUser(server.ctx);
    const html = await (await (await server.agent().signInAs(reader.id)).get(`/works/${work.id}`)).text();
    // The byline is the original creator's, marked; the sentence says where it came from and waits for whom.
    expect(html).toMatch(new RegExp(`by <a rel="author" href="/users/${archivist.login}/pseuds/Marguerite%20Vale">Marguerite Vale</a><span class="muted"> \\(imported, not yet claimed\\)</span>`));
    expect(html).toContain(`Posted to the prairiefic list, imported from Kansas Fic Attic by the archivist <a href="/users/${archivist.login}">${archivist.login}</a>. It waits for Marguerite Vale to claim it.`);
    expect(html).toContain('harvest.txt');
    expect(html).toContain('<dt>TITLE</dt>');
    expect(html).not.toContain('marguerite.vale@example.org');
    expect(html).not.toContain('test/fixtures');
  });

  it('says when nobody can be written to', async () => {
    const work = await server.ctx.db.kysely.selectFrom('works').select('id').where('title', '=', 'Paper Boats').executeTakeFirstOrThrow();
    const reader = await makeUser(server.ctx);
    const html = await (await (await server.agent().signInAs(reader.id)).get(`/works/${work.id}`)).text();
    expect(html).toContain('We have no way to write to its creator');
  });

  it('is not shown on works posted here', async () => {
    const author = await makeUser(server.ctx);
    const id = await makeWork(server.ctx, author);
    expect(await (await server.agent().get(`/works/${id}`)).text()).not.toContain('import-provenance');
  });
});
