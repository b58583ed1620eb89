import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `records-room` command as npx runs it (bin/records-room.js registers tsx). */
export const cliPath = fileURLToPath(new URL('../../bin/records-room.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables on top of the clean environment (DATA_DIR, SMTP_URL …). */
  env?: Record<string, string>;
  /** Piped to standard input, which is then not a terminal; without it, stdin is closed. */
  stdin?: string;
  cwd?: string;
}

/**
 * A clean environment for the command: the test runner's own variables (Vitest sets
 * BASE_URL=/, for one) and any DATABASE_URL or SMTP_URL must not reach the archive's configuration.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/nonexistent', LANG: 'C.UTF-8', ...extra };
}

/** Runs `records-room ARGS…` in a child process to its end, as a script would. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: cliEnv(options.env),
      cwd: options.cwd,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
