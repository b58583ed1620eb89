import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchServer {
  url: string;
  /** Resident memory of the server process now, in MB. */
  rssMb(): number;
  stop(): void;
}

/**
 * `records-room serve` in a process of its own, for autocannon to load over HTTP: page cache off
 * (every request is served in full) and no background jobs beside it.
 */
export async function startBenchServer(data: string | undefined): Promise<BenchServer> {
  const port = 3800 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, ['bin/records-room.js', 'serve', '--port', String(port), ...(data ? ['--data', data] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PAGE_CACHE_SECONDS: '0', RUN_JOBS: 'false' },
  });
  await new Promise<void>((resolve) => server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    rssMb: () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024,
    stop: () => server.kill('SIGTERM'),
  };
}
