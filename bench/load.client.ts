// The clients of the load benchmark (bench/load.bench.ts): readers, writers that post through
// the real forms, and a prober that opens a fresh connection every few hundred milliseconds.
// Each reader and writer keeps one connection alive, as a browser tab does.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Until the status line and headers arrived. */
  firstByteMs: number;
  /** Until the whole answer arrived. */
  ms: number;
}

export type Outcome = { kind: 'answer'; answer: Answer } | { kind: 'timeout'; ms: number } | { kind: 'error'; ms: number; message: string };

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  form?: Record<string, string | string[]>;
  timeoutMs: number;
  /** Keep the body as text (writers read forms); otherwise it is read and dropped. */
  keepBody?: boolean;
}

/** One HTTP request; a connection comes from `agent`, or is opened for this request alone. */
export function send(base: URL, path: string, agent: Agent | false, options: RequestOptions): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let body: Buffer | undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.form) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    body = Buffer.from(params.toString());
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request({ host: base.hostname, port: base.port, path, method: options.method ?? 'GET', headers, agent }, (res) => {
      const firstByteMs = elapsed();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => options.keepBody && chunks.push(chunk));
      res.on('end', () =>
        finish({ kind: 'answer', answer: { status: res.statusCode ?? 0, headers: res.headers, body: options.keepBody ? Buffer.concat(chunks).toString() : '', firstByteMs, ms: elapsed() } }),
      );
      res.on('error', (error) => finish({ kind: 'error', ms: elapsed(), message: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ kind: 'timeout', ms: elapsed() });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error) => finish({ kind: 'error', ms: elapsed(), message: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

/** A browser's cookies for one site: names and values only. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(headers: IncomingHttpHeaders): void {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const value = pair!.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(pair!.slice(0, at));
      else this.cookies.set(pair!.slice(0, at), value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

/** What each class of client did during the run. */
export class Tally {
  readonly times: number[] = [];
  requests = 0;
  errors = 0;
  timeouts = 0;
  readonly statuses = new Map<string, number>();

  record(outcome: Outcome, isError: (answer: Answer) => boolean = (a) => a.status >= 400): void {
    this.requests++;
    if (outcome.kind === 'timeout') {
      this.timeouts++;
      this.count('timeout');
      return;
    }
    if (outcome.kind === 'error') {
      this.errors++;
      this.count(outcome.message);
      return;
    }
    this.times.push(outcome.answer.ms);
    this.count(String(outcome.answer.status));
    if (isError(outcome.answer)) this.errors++;
  }

  private count(key: string): void {
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Site {
  base: URL;
  timeoutMs: number;
  /** Until when clients keep asking (performance.now()). */
  until: number;
}

/** The reading mix: work pages most, then listings, tag pages, searches, authors, the front page. */
export function readingPath(random: () => number, archive: { workIds: number[]; tagPaths: string[]; logins: string[]; words: string[] }): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const roll = random();
  if (roll < 0.5) return `/works/${pick(archive.workIds)}`;
  if (roll < 0.65) return '/works';
  if (roll < 0.8) return pick(archive.tagPaths);
  if (roll < 0.9) return `/works/search?q=${encodeURIComponent(pick(archive.words))}`;
  if (roll < 0.95) return `/users/${pick(archive.logins)}`;
  return '/';
}

/** A reader: one kept-alive connection, one page after another until the end of the run. */
export async function runReader(site: Site, tally: Tally, jar: CookieJar, nextPath: () => string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    while (performance.now() < site.until) {
      const outcome = await send(site.base, nextPath(), agent, { headers: jar.header(), timeoutMs: site.timeoutMs });
      if (performance.now() > site.until + site.timeoutMs) break;
      tally.record(outcome);
      if (outcome.kind === 'answer') jar.take(outcome.answer.headers);
      // A refused or lost request is retried after a pause, as a person would.
      if (outcome.kind !== 'answer' || outcome.answer.status >= 500) await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    agent.destroy();
  }
}

const hidden = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

/** Logs in through the form, as a browser would; throws if the archive does not accept it. */
export async function logIn(base: URL, login: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const agent = new Agent({ keepAlive: false });
  const form = await send(base, '/login', agent, { timeoutMs: 60_000, keepBody: true });
  if (form.kind !== 'answer') throw new Error(`GET /login: ${form.kind}`);
  jar.take(form.answer.headers);
  const posted = await send(base, '/login', agent, {
    method: 'POST', headers: jar.header(), timeoutMs: 60_000,
    form: { login, password, _csrf: hidden(form.answer.body, '_csrf') ?? '' },
  });
  if (posted.kind !== 'answer' || posted.answer.status !== 303) throw new Error(`POST /login as ${login}: ${posted.kind === 'answer' ? posted.answer.status : posted.kind}`);
  jar.take(posted.answer.headers);
  if (!jar.get('rr_session')) throw new Error(`POST /login as ${login}: no session cookie`);
  return jar;
}

export interface Acknowledged {
  works: string[];
  chapters: string[];
}

/**
 * A writer: posts a new work through the form, then adds chapters to it through the chapter
 * form, a new work every fourth write. Every write the archive acknowledged (a redirect to
 * what was posted) is remembered by the submission key its form carried.
 */
export async function runWriter(site: Site, tally: Tally, writes: Tally, jar: CookieJar, fandom: string, acknowledged: Acknowledged, text: () => string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let workId: number | null = null;
  let written = 0;
  const get = async (path: string) => {
    const outcome = await send(site.base, path, agent, { headers: jar.header(), timeoutMs: site.timeoutMs, keepBody: true });
    tally.record(outcome);
    if (outcome.kind === 'answer') jar.take(outcome.answer.headers);
    return outcome.kind === 'answer' && outcome.answer.status === 200 ? outcome.answer.body : null;
  };
  const post = async (path: string, form: Record<string, string | string[]>) => {
    const outcome = await send(site.base, path, agent, { method: 'POST', headers: jar.header(), timeoutMs: site.timeoutMs, form });
    // A write is acknowledged only by the redirect to what it posted; anything else is an error.
    const isError = (a: Answer) => a.status !== 303 || !/^\/works\/\d+/.test(a.headers.location ?? '');
    tally.record(outcome, isError);
    writes.record(outcome, isError);
    if (outcome.kind !== 'answer') return null;
    jar.take(outcome.answer.headers);
    return isError(outcome.answer) ? null : outcome.answer.headers.location!;
  };
  try {
    while (performance.now() < site.until) {
      if (workId === null || written % 4 === 0) {
        const html = await get('/works/new');
        const key = html && hidden(html, 'submissionKey');
        const pseud = html?.match(/name="pseudIds" value="(\d+)"/)?.[1];
        if (!key || !pseud) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        const location = await post('/works', {
          _csrf: jar.get('rr_csrf') ?? '', submissionKey: key, action: 'post',
          title: `Load test ${key.slice(0, 8)}`, summary: 'Written by the load benchmark.', rating: 'General Audiences',
          warnings: 'No Archive Warnings Apply', fandoms: fandom, relationships: '', characters: '', freeforms: 'Load Test',
          language: 'en', pseudIds: pseud, coCreators: '', expectedChapters: '?', text: text(),
        });
        written++;
        if (location) {
          acknowledged.works.push(key);
          workId = Number(location.match(/^\/works\/(\d+)/)![1]);
        }
      } else {
        const html = await get(`/works/${workId}/chapters/new`);
        const key = html && hidden(html, 'submissionKey');
        if (!key) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        const location = await post(`/works/${workId}/chapters`, { _csrf: jar.get('rr_csrf') ?? '', submissionKey: key, text: text() });
        written++;
        if (location) acknowledged.chapters.push(key);
      }
    }
  } finally {
    agent.destroy();
  }
}

export interface Probe {
  path: string;
  /** When it was sent (Date.now()), to line a slow one up with the server's log. */
  sentAt: number;
  outcome: Outcome;
}

/** Opens a fresh connection every `everyMs` (whether or not the last one was answered) and times its first answer. */
export async function runProber(site: Site, paths: () => string, everyMs: number): Promise<Probe[]> {
  const probes: Promise<Probe>[] = [];
  while (performance.now() < site.until) {
    const path = paths();
    const sentAt = Date.now();
    probes.push(send(site.base, path, false, { timeoutMs: site.timeoutMs, headers: { connection: 'close' } }).then((outcome) => ({ path, sentAt, outcome })));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Promise.all(probes);
}
