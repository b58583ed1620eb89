import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { withDatabase } from '../../src/imports/efiction.source.repository.ts';

// The machine's MariaDB (or MySQL), for tests of importing eFiction archives from their own
// database. TEST_MYSQL_URL names it (root with no password on 127.0.0.1 by default); each test
// makes databases of its own (rr_efiction_…) and drops them. When no server answers, the tests
// that need one are skipped with a note (.ci/run starts the server where it is installed).

export const mysqlServerUrl = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export async function mariadbReachable(): Promise<boolean> {
  try {
    const connection = await createConnection({ uri: mysqlServerUrl, connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch {
    console.warn(`note: no MariaDB/MySQL answers at ${mysqlServerUrl}, so the eFiction import tests are skipped.`);
    return false;
  }
}

/** Runs statements on the server, for a test to look at an eFiction database as MariaDB holds it. */
export async function mysqlRows<T>(url: string, query: string): Promise<T[]> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(query);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/** A name for a scratch database of one test. */
export function scratchName(): string {
  return `rr_efiction_${randomBytes(4).toString('hex')}`;
}

export { withDatabase };
