import { expect, it } from 'vitest';
import { importPaths } from '../../src/imports/import.service.ts';
import { makeUser } from '../support/factories.ts';
import { useTestServer } from '../support/server.ts';

// The right claimant, through the real server: a story posted for someone else invites nobody,
// and the archivist sees why on the batch's page.

const server = useTestServer();

it('invites nobody for a story posted for someone else, and flags it on the batch page', async () => {
  const archivist = await makeUser(server.ctx, { role: 'archivist' });
  const result = await importPaths(server.ctx, ['test/fixtures/claimant'], { as: archivist.login });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const db = server.ctx.db.kysely;
  expect(await db.selectFrom('claimInvitations').selectAll().execute()).toEqual([]);
  expect((await db.selectFrom('externalCreators').select('email').execute()).map((c) => c.email)).not.toContain('pat.poster@example.net');
  const flags = await db.selectFrom('importFlags').select('code').where('workId', 'is not', null).execute();
  expect(flags.map((f) => f.code)).toContain('claimant-unknown');
  const html = await (await (await server.agent().signInAs(archivist.id)).get(`/imports/${result.value.batchId}`)).text();
  expect(html).toContain('claimant-unknown');
  expect(html).toContain('posted for someone else');
  expect(html).not.toContain('pat.poster@example.net');
});
