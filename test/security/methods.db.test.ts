import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPseud } from '../../src/accounts/pseud.service.ts';
import { importPaths } from '../../src/imports/import.service.ts';
import { addBlockedCreator, addBlockedTag, insertSavedSearch } from '../../src/readers/reader.repository.ts';
import { createApp } from '../../src/app.ts';
import { addChapter } from '../../src/works/chapter.service.ts';
import { findWork } from '../../src/works/work.repository.ts';
import { claimPathIn, legacyStory, useClaimsArchive } from '../claims/support.ts';
import { makeUser, makeWork, type TestUser } from '../support/factories.ts';
import type { Agent } from '../support/server.ts';
import { engineOf } from '../../src/db/dialect.ts';

// No request but a form with its CSRF token may change anything: not GET or HEAD (answered by
// the GET route), not OPTIONS, not POST without the token, not PUT, PATCH or DELETE (which
// no form sends). Every route of the real app is sent every one of them by a logged-in
// administrator who owns everything the addresses name, and the database must stay as it was.

const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const archive = useClaimsArchive();
let admin: TestUser;
let agent: Agent;
let params: Record<string, string>;

beforeAll(async () => {
  const { ctx } = archive.server;
  admin = await makeUser(ctx, { role: 'admin' });
  const other = await makeUser(ctx);
  const pseud = await createPseud(ctx, admin.id, { name: 'Second Pseud', description: '' });
  if (!pseud.ok) throw new Error('pseud');
  const workId = await makeWork(ctx, admin, { fandoms: ['Smallville'], freeforms: ['Rain'] });
  const chapter = await addChapter(ctx, (await findWork(ctx.db.kysely, workId))!, {
    title: null, summary: null, notes: null, endNotes: null, text: 'The second chapter.', submissionKey: null,
  });
  if (!chapter.ok) throw new Error('chapter');
  await makeWork(ctx, admin, { asDraft: true, title: 'A Draft' });
  const tag = await ctx.db.kysely.selectFrom('tags').select('id').where('name', '=', 'Rain').executeTakeFirstOrThrow();
  await addBlockedTag(ctx.db.kysely, admin.id, tag.id, ctx.now().toISOString());
  await addBlockedCreator(ctx.db.kysely, admin.id, other.id, ctx.now().toISOString());
  await insertSavedSearch(ctx.db.kysely, { userId: admin.id, name: 'Rain', path: '/works?tag=Rain', createdAt: ctx.now().toISOString() });
  const search = await ctx.db.kysely.selectFrom('savedSearches').select('id').executeTakeFirstOrThrow();
  const imported = await importPaths(ctx, [legacyStory('Rowan Ashdown', 'rowan@example.org', 'Harvest Bells')], { as: admin.login, archive: 'Prairie Archive' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  const claimPath = claimPathIn(await archive.mail.messageTo('rowan@example.org'));
  const batch = await ctx.db.kysely.selectFrom('importBatches').select('id').executeTakeFirstOrThrow();
  const creator = await ctx.db.kysely.selectFrom('externalCreators').select('id').executeTakeFirstOrThrow();
  const importedWork = await ctx.db.kysely.selectFrom('importedWorks').select('workId').executeTakeFirstOrThrow();
  params = {
    login: admin.login,
    pseud: 'Second Pseud',
    pseudId: String((await ctx.db.kysely.selectFrom('pseuds').select('id').where('name', '=', 'Second Pseud').executeTakeFirstOrThrow()).id),
    workId: String(importedWork.workId),
    chapterId: String(chapter.value.chapterId),
    name: 'Smallville',
    token: claimPath.split('/').pop()!,
    creatorId: String(creator.id),
  };
  // `:id` names a different row under each prefix.
  params['id:/works'] = String(workId);
  params['id:/api'] = String(workId);
  params['id:/imports'] = String(batch.id);
  params['id:/users/:login/blocks/tags'] = String(tag.id);
  params['id:/users/:login/blocks/creators'] = String(other.id);
  params['id:/users/:login/saved_searches'] = String(search.id);
  agent = await archive.server.agent().signInAs(admin.id);
  await agent.get('/login');
});

function fill(path: string): string {
  return path
    .replace(/:([A-Za-z]+)/g, (whole, name: string, offset: number) => {
      if (name !== 'id') return encodeURIComponent(params[name] ?? whole);
      const prefix = Object.keys(params)
        .filter((key) => key.startsWith('id:') && path.slice(0, offset).startsWith(key.slice(3)))
        .sort((a, b) => b.length - a.length)[0];
      return prefix ? params[prefix]! : '1';
    })
    .replace(/\*$/, 'anything');
}

/** Every row of every table, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const db = archive.server.ctx.db.kysely;
  const result: Record<string, string[]> = {};
  if (engineOf(archive.server.ctx.db.kysely) === 'postgres') {
    // One statement for all tables: a query per table made this test take a minute.
    const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)).rows;
    const parts = tables.map(({ name }) => sql`select ${name}::text as name, (select coalesce(json_agg(t::text order by t::text), '[]'::json) from ${sql.table(name)} t)::text as rows`);
    const rows = (await sql<{ name: string; rows: string }>`${sql.join(parts, sql` union all `)}`.execute(db)).rows;
    for (const row of rows) result[row.name] = JSON.parse(row.rows) as string[];
    return result;
  }
  const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    result[name] = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))).sort();
  }
  return result;
}

// What a form for any of these routes might carry, so a handler that is reached would act.
const FORM = {
  name: 'Changed', description: 'Changed', tag: 'Smallville', creator: 'someone', path: '/works', password: 'correct horse battery',
  current_password: 'correct horse battery', password_confirmation: 'another horse battery', works: 'delete', action: 'claim',
  title: 'Changed', text: 'Changed text.', rating: 'General Audiences', fandoms: 'Smallville', pseudIds: '1', login: 'x', email: 'x@example.org',
};

describe('routes that change nothing', () => {
  it('register no handler for reading and writing at once', () => {
    const app = createApp(archive.server.ctx);
    const readers = new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.handler));
    const shared = app.routes.filter((r) => r.method !== 'GET' && r.method !== 'ALL' && readers.has(r.handler));
    expect(shared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // Middleware and the API's not-found answer are the only handlers for every method.
    expect(app.routes.filter((r) => r.method === 'ALL' && !r.path.endsWith('*')).map((r) => r.path)).toEqual([]);
  });

  it('are every route for GET, HEAD, OPTIONS, and unsafe methods without a CSRF token', async () => {
    const app = createApp(archive.server.ctx);
    const paths = [...new Set(app.routes.filter((r) => r.path !== '/*').map((r) => r.path))];
    expect(paths.length).toBeGreaterThan(60);
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const before = await snapshot();
    for (const path of paths) {
      const url = new URL(fill(path), archive.server.url);
      const statuses: string[] = [];
      for (const method of METHODS) {
        const withBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
        const response = await fetch(url, {
          method,
          redirect: 'manual',
          headers: { cookie, ...(withBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(withBody ? { body: new URLSearchParams(FORM) } : {}),
        });
        await response.arrayBuffer();
        statuses.push(`${method} ${response.status}`);
        if (withBody) expect(response.status, `${method} ${url.pathname}`).toBeGreaterThanOrEqual(400);
      }
      expect(await snapshot(), `${url.pathname}: ${statuses.join(', ')}`).toEqual(before);
    }
    // The session was good throughout: the routes were reached as the administrator.
    expect((await agent.get(`/users/${admin.login}/preferences`)).status).toBe(200);
  }, 180_000);
});
