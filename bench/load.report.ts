// The RESULTS.md section of the load benchmark, from the runs it logged (one JSON line each).
import { writeResultSection } from './machine.ts';

interface ClassSummary {
  requests: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

interface FirstAnswers {
  probes: number;
  timeouts: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadRun {
  label: string;
  engine: 'sqlite' | 'postgres';
  admission: string;
  date: string;
  machine: string;
  loadAtStart: number[];
  loadAtEnd: number[];
  /** The bench's scheduling group and its nice value (`/autogroup-85 nice -19`), when known. */
  autogroup?: string;
  gaugeNs: number;
  seconds: number;
  worksBefore: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  anonymous: ClassSummary;
  loggedIn: ClassSummary;
  writers: ClassSummary;
  writes: { attempted: number; acknowledged: number; found: number; works: number; chapters: number };
  fresh: FirstAnswers;
  freshPages: FirstAnswers;
  freshStylesheet: FirstAnswers;
  /** Probes sent in the first second (older runs counted them in `fresh`). */
  freshFirstSecond?: FirstAnswers;
  serverErrors: number;
}

export const LOAD_SECTION = 'Load: readers and writers, SQLite and PostgreSQL (issue 16)';

const ms = (n: number) => (Number.isNaN(n) ? '–' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const cls = (c: ClassSummary) => `${c.requests.toLocaleString('en')} / ${c.errors} / ${c.timeouts} / ${ms(c.p50)} / ${ms(c.p99)}`;
const fresh = (f: FirstAnswers) => `${ms(f.p50)} / ${ms(f.p99)} / ${ms(f.max)}${f.timeouts ? ` (${f.timeouts} of ${f.probes} timed out)` : ''}`;

export function describeRuns(runs: LoadRun[]): string {
  const rows = runs.map((r, i) =>
    [
      i + 1, r.date.slice(11, 16), r.label, `${r.loadAtStart.map((n) => n.toFixed(1)).join(', ')}${r.autogroup?.includes('nice -19') ? ' (bench at top priority)' : ''}`,
      cls(r.anonymous), cls(r.loggedIn), cls(r.writers),
      `${r.writes.acknowledged} of ${r.writes.attempted} / ${r.writes.found}`,
      fresh(r.freshPages), fresh(r.freshStylesheet), r.freshFirstSecond ? fresh(r.freshFirstSecond) : '–',
      `${r.serverCpuSeconds.toFixed(1)} s`, `${r.clientCpuSeconds.toFixed(1)} s`,
    ].join(' | '),
  );
  return [
    '| run | UTC | server | load average at start | anonymous readers | logged-in readers | writers (all requests) | writes acknowledged / found after | fresh connection, work page | fresh connection, stylesheet | fresh connection in the first second | server CPU | client CPU |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

export async function writeLoadReport(runs: LoadRun[], notes = ''): Promise<void> {
  const first = runs[0]!;
  const body = [
    `Measured ${first.date.slice(0, 10)} on ${first.machine}; the client, the server and (for PostgreSQL) the database share the machine's 2 cores with other engineers' work (the load average at the start of each run is given). Runs marked "bench at top priority" ran in a session whose scheduling group had nice -19 (and, for PostgreSQL, so had the database server's), so that they got the CPU a dedicated machine would give; without it, the other work took half the CPU and the figures said more about the neighbours than about the archive.`,
    '',
    `${first.worksBefore.toLocaleString('en')} generated works (\`records-room generate --works 20000\`), the real server (\`records-room serve\`, default settings: 5 s page cache, jobs in process on SQLite) in a child process. For ${Math.round(first.seconds)} s: 160 anonymous readers and 60 logged-in readers, each on one kept-alive connection asking for page after page with no pause (work pages half the time, then listings, tag pages, searches, author pages, the front page); 6 logged-in writers, each fetching the new-work or new-chapter form and posting it with its CSRF token and submission key (a new work, then three chapters to it); a prober in a process of its own (so that the clients' own event loop cannot delay its clock) opening a fresh connection every 200 ms (whether or not the last was answered) and timing its first answer (status line), for a work page three times in four and the stylesheet once. Fresh connections are counted from one second after the start, as the issue measured them; those of the first second, when 226 clients connect at once to a server just started (its caches and compiled code still cold, we believe), are given in their own column. A request unanswered after 10 s is a timeout. Each cell of a class reads requests / errors / timeouts / p50 / p99 of the whole answer; fresh connections read p50 / p99 / max. A write is acknowledged by its 303 to what it posted; afterwards the benchmark looks up every acknowledged submission key in the database.`,
    '',
    describeRuns(runs),
    '',
    notes,
  ].join('\n');
  await writeResultSection(LOAD_SECTION, body);
}
