import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { mariadbReachable, mysqlRows, mysqlServerUrl } from '../support/mariadb.ts';

// `records-room import-efiction` in a child process, on the SQLite file under --data; the
// service underneath is tested on both engines in efiction.db.test.ts.
const onSqlite = (process.env.RR_TEST_ENGINE ?? 'sqlite') === 'sqlite';
const haveMariadb = onSqlite && (await mariadbReachable());
const fixtures = fileURLToPath(new URL('../fixtures/efiction', import.meta.url));

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rr-efiction-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli([...args, '--data', dataDir]);
const scratchDatabases = async () => (await mysqlRows<Record<string, string>>(mysqlServerUrl, "show databases like 'rr_efiction_dump_%'")).length;

describe.runIf(haveMariadb)('records-room import-efiction', () => {
  it('imports a dump through a scratch database it drops after, and changes nothing the second time', async () => {
    expect((await run('user', 'create', '--role', 'archivist', 'lamp_keeper')).code).toBe(0);
    const scratchBefore = await scratchDatabases();
    const args = ['import-efiction', '--as', 'lamp_keeper', '--mysql', mysqlServerUrl, '--dump', `${fixtures}/small-archive.sql`, '--stories', `${fixtures}/stories`];
    const first = await run(...args);
    expect(first.stderr).toMatch(/eFiction import batch 1 \(efiction:http:\/\/lantern-row\.example\.invalid\/fiction\): 4 stories in the archive, 3 stories imported, 0 already here, 1 skipped, 5 chapters mapped, 3 authors mapped, 2 reviews kept as comments, 2 claim invitations sent/);
    expect(first.stderr).toContain('skipped story 12: not validated');
    expect(first.stderr).toContain('2 series and 1 challenge kept in the mapping');
    expect(first.stderr).toContain('1 review not imported');
    expect(first.code).toBe(0);
    // Without SMTP_URL the invitations are written to the console.
    expect(first.stdout).toContain('[mail] To: wren.tallow@example.invalid');
    const second = await run(...args);
    expect(second.stderr).toMatch(/0 stories imported, 3 already here/);
    expect(second.code).toBe(0);
    expect(await scratchDatabases()).toBe(scratchBefore);
  });

  it('says what is wrong with the options', async () => {
    const noAs = await run('import-efiction', '--mysql', mysqlServerUrl);
    expect(noAs.code).toBe(2);
    expect(noAs.stderr).toContain('--as LOGIN');
    const badUrl = await run('import-efiction', '--as', 'lamp_keeper', '--mysql', 'localhost');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--mysql takes an address such as mysql://');
    const noDump = await run('import-efiction', '--as', 'lamp_keeper', '--mysql', mysqlServerUrl, '--dump', '/nonexistent.sql');
    expect(noDump.stderr).toContain('there is no dump file "/nonexistent.sql"');
    const badLimit = await run('import-efiction', '--as', 'lamp_keeper', '--mysql', mysqlServerUrl, '--limit', 'many');
    expect(badLimit.stderr).toContain('--limit takes a whole number');
    const unreachable = await run('import-efiction', '--as', 'lamp_keeper', '--mysql', 'mysql://root@127.0.0.1:1/none');
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('The eFiction database cannot be reached');
  });
});
