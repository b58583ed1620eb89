import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportedWork } from '../../src/legacy/legacy.types.ts';
import { parsePaths } from '../../src/legacy/parse.ts';
import { runCli } from '../support/cli.ts';
import { belongsTo, type Check, scoreFile } from '../support/samples.scoring.ts';

// The synthetic samples (copied into the fixtures, so they run from a fresh clone) and the
// seeds, scored as test/fixtures/samples/legacy-expected/README.md says. The seeds are real
// people's stories and stay outside the repository: their tests run when ../shared/ sits beside
// the clone, and .ci/run fails if they were skipped there.
const samples = fileURLToPath(new URL('../fixtures/samples/legacy', import.meta.url));
const expectedDir = fileURLToPath(new URL('../fixtures/samples/legacy-expected', import.meta.url));
const seeds = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));
const haveSeeds = existsSync(`${seeds}/000_b56f4766e957859c.txt`);
if (!haveSeeds) console.warn(`note: ${seeds} is not there, so the seed stories' tests are skipped.`);

async function collect(paths: string[]): Promise<ImportedWork[]> {
  const works: ImportedWork[] = [];
  for await (const event of parsePaths(paths)) if (event.type === 'work') works.push(event.work);
  return works;
}

describe('public legacy samples', () => {
  let works: ImportedWork[] = [];
  beforeAll(async () => {
    works = await collect([samples]);
  });

  const names = readdirSync(samples).sort();
  const scores: Array<{ name: string; passed: number; total: number }> = [];

  for (const name of names) {
    it(`${name} comes out as its expected works`, () => {
      const expected = JSON.parse(readFileSync(`${expectedDir}/${name}.json`, 'utf8'));
      const printed = works.filter((work) => belongsTo(work, name));
      const checks: Check[] = scoreFile(expected, printed, readFileSync(`${samples}/${name}`, 'latin1'));
      const failed = checks.filter((c) => !c.passed);
      scores.push({ name, passed: checks.length - failed.length, total: checks.length });
      expect(failed.map((c) => `${c.name}: ${c.detail ?? ''}`)).toEqual([]);
    });
  }

  it('reports the overall score', () => {
    const passed = scores.reduce((s, x) => s + x.passed, 0);
    const total = scores.reduce((s, x) => s + x.total, 0);
    for (const s of scores) process.stderr.write(`  ${s.name}: ${s.passed}/${s.total}\n`);
    process.stderr.write(`  samples overall: ${passed}/${total}\n`);
    expect(passed).toBe(total);
  });
});

describe.runIf(haveSeeds)('seed stories (shared/seeds/EXPECTED.md)', () => {
  it('000: a tower of ten drabbles with lost separators, a lost letter and a list footer', async () => {
    const [work] = await collect([`${seeds}/000_b56f4766e957859c.txt`]);
    expect(work).toBeDefined();
    if (!work) return;
    expect(work.title).toBeNull();
    expect(work.creators).toEqual(['Aelita']);
    expect(work.fandoms).toEqual(['Smallville']);
    expect(work.notes).toContain("This was written for Ian's Tower of Drabble challenge");
    expect(work.challenge).toContain('Tower of Drabble');
    expect(work.form).toBe('drabble-collection');
    expect(work.freeforms).toContain('Drabble');
    expect(work.chapters.map((c) => c.words)).toEqual(Array(10).fill(100));
    expect(work.words).toBe(1000);
    expect(work.chapters[0]?.text.startsWith('Lex hugs her when he enters')).toBe(true);
    expect(work.chapters[9]?.text.endsWith('It feels like goodbye.')).toBe(true);
    const text = work.chapters.map((c) => c.text).join('\n\n');
    for (const banned of ['by Aelita', 'This was written for', 'If you enjoyed this story', 'Also, why not join Level Three', 'Level Three Records Room']) {
      expect(text).not.toContain(banned);
    }
    expect(work.provenance.archive).toBe('Level Three Records Room');
    expect(work.provenance.list).toContain('Level Three');
    expect(work.provenance.feedback).toBe('Aelita');
    expect(work.repairs).toContainEqual(expect.objectContaining({ before: 'faade', after: 'façade' }));
    expect(text).toContain('regal façade');
  });

  it('004: a first chapter whose author’s note is a disclaimer', async () => {
    const [work] = await collect([`${seeds}/004_2ff3f72610076109.txt`]);
    expect(work).toBeDefined();
    if (!work) return;
    expect(work.title).toBeNull();
    expect(work.creators).toEqual([]);
    expect(work.fandoms).toEqual(['Smallville']);
    expect(`${work.disclaimer} ${work.notes}`).toContain('The characters of Smallville belong to who they belong to');
    expect(work.chapters).toHaveLength(1);
    expect(work.chapters[0]?.title).toBe('Chapter One');
    expect(work.chapters[0]?.text.startsWith('All his fault.')).toBe(true);
    expect(work.chapters[0]?.text.endsWith('clear his head.')).toBe(true);
    expect(work.chapters[0]?.words).toBe(561);
    expect(work.chapters[0]?.text).not.toContain('belong to');
    expect(work.status).not.toBe('complete');
  });
});

describe('the real command', () => {
  it('prints JSON Lines only on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['import', '--dry-run', '--json', samples]);
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stderr).toContain('works found');
  }, 60_000);

  it('keeps stdout to JSON Lines when files are skipped, and applies --archive, --list and --fandom', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/importer/', import.meta.url));
    const { code, stdout, stderr } = await runCli(['import', '--dry-run', '--json', '--archive', 'Test Archive', '--list', 'testlist', '--fandom', 'Test Fandom', fixtures]);
    expect(code).toBe(0);
    const works = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ImportedWork);
    expect(works.length).toBeGreaterThan(5);
    expect(works.every((work) => work.provenance.archive !== null && work.provenance.list !== null)).toBe(true);
    expect(works.find((work) => work.title === 'Second Hand')?.fandoms).toEqual(['Test Fandom']);
    expect(stderr).toMatch(/skipped .*binary\.dat: binary file/);
    expect(stderr).toMatch(/skipped .*empty\.txt: empty file/);
  }, 60_000);

  it('exits 2 on usage errors: no PATH, or a real import without an archivist (--as)', async () => {
    expect(await runCli(['import', samples])).toMatchObject({ code: 2 });
    expect(await runCli(['import', '--dry-run'])).toMatchObject({ code: 2 });
    expect(await runCli(['import', '--dry-run', '--file-time-limit', 'soon', samples])).toMatchObject({ code: 2, stderr: expect.stringContaining('--file-time-limit takes a number of seconds') });
  }, 60_000);

  it('reports a file over its time limit as skipped on stderr, and goes on', async () => {
    const { code, stdout, stderr } = await runCli(['import', '--dry-run', '--json', '--file-time-limit', '0.000001', samples]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/skipped .*apple_pie_diplomacy\.txt: took longer than 0\.000001 s to read/);
    expect(stderr).toMatch(/skipped .*sunday_roast\.txt: took longer than/);
    expect(stderr).toMatch(/dry run: 10 files read, 0 works found, 10 skipped/);
  }, 60_000);
});
