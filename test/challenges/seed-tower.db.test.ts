import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/imports/import.service.ts';
import { addToCollection, makeCollection, makeUser } from '../support/factories.ts';
import { page } from '../support/dom.ts';
import { useTestServer } from '../support/server.ts';

// The first seed (shared/seeds/EXPECTED.md): ten drabbles written for "Ian's Tower of Drabble"
// challenge. Imported for real, it joins a 100-word drabble challenge and reads as one tower.
// The seeds stay outside the repository; without them this test is skipped, with a note.
const seeds = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));
const seed = `${seeds}/000_b56f4766e957859c.txt`;
const haveSeeds = existsSync(seed);
if (!haveSeeds) console.warn(`note: ${seeds} is not there, so the seed tower's test is skipped.`);

describe.runIf(haveSeeds)('the seed tower', () => {
  const server = useTestServer();

  it('imports as ten drabbles, joins a 100-word drabble challenge and reads as one stack', async () => {
    const archivist = await makeUser(server.ctx, { role: 'archivist' });
    const imported = await importPaths(server.ctx, [seed], { as: archivist.login, archive: 'Level Three Records Room', invite: false });
    expect(imported.ok && imported.value.imported).toBe(1);
    const work = await server.ctx.db.kysely.selectFrom('works').select(['id', 'chapterCount', 'wordCount']).executeTakeFirstOrThrow();
    expect(work).toMatchObject({ chapterCount: 10, wordCount: 1000 });

    // The archivist holds the credit until Aelita claims it, so the archivist adds it.
    const ian = await makeUser(server.ctx);
    const { name } = await makeCollection(server.ctx, ian, { title: "Ian's Tower of Drabble", challengeType: 'drabble', wordRule: { kind: 'exactly', count: 100, scope: 'chapter' } });
    await addToCollection(server.ctx, archivist, work.id, name);

    const reader = await server.agent().signInAs((await makeUser(server.ctx)).id);
    const challenge = page(await (await reader.get(`/collections/${name}/challenge`)).text());
    expect(challenge.attr('.towers li a', 'href')).toBe(`/works/${work.id}/tower`);
    expect(challenge.text('.towers li')).toContain('10 drabbles, 1000 words');

    const tower = page(await (await reader.get(`/works/${work.id}/tower`)).text());
    expect(tower.count('section.drabble')).toBe(10);
    expect(tower.count('article.tower hr')).toBe(9);
    expect(tower.text('section.drabble')).toMatch(/^Lex hugs her when he enters/);
    expect(tower.text('#drabble-10')).toMatch(/It feels like goodbye\.$/);
    expect(tower.text('article.tower')).toContain('regal façade');
  });
});
