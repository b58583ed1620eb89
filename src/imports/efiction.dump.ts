import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createScratchDatabase, dropScratchDatabase, runDumpStatements, withDatabase } from './efiction.source.repository.ts';

// An eFiction SQL dump is read by loading it into a scratch database on a MariaDB/MySQL server
// and reading that, so a dump and a live archive take the one same reading path
// (efiction.source.repository.ts) instead of a second parser of mysqldump's dialect. The
// server's own client is used where it is installed (it streams a dump of any size and knows
// every version's comments); without one, the dump goes through one mysql2 connection.

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

function clientProgram(): string | null {
  for (const name of ['mariadb', 'mysql']) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  return null;
}

function loadWithClient(program: string, url: string, file: string): Promise<void> {
  const server = new URL(url);
  const args = ['-h', server.hostname || '127.0.0.1', '-P', server.port || '3306', '-u', decodeURIComponent(server.username || 'root'), '--default-character-set=utf8mb4', server.pathname.slice(1)];
  const env = { ...process.env, ...(server.password ? { MYSQL_PWD: decodeURIComponent(server.password) } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} could not load the dump: ${stderr.trim() || `exit ${code}`}`))));
    createReadStream(file).on('error', reject).pipe(child.stdin);
  });
}

/** Loads `file` into a new database on the server of `serverUrl`; drop() removes it. */
export async function loadDump(serverUrl: string, file: string): Promise<ScratchDatabase> {
  const name = `rr_efiction_dump_${randomBytes(4).toString('hex')}`;
  await createScratchDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  const drop = () => dropScratchDatabase(serverUrl, name);
  try {
    const program = clientProgram();
    if (program) await loadWithClient(program, url, file);
    else await runDumpStatements(url, readFileSync(file, 'utf8'));
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}
