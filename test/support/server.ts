import { afterAll, beforeAll } from 'vitest';
import { startSession } from '../../src/accounts/session.service.ts';
import { parseConfig, type ConfigInput } from '../../src/config.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { startServer } from '../../src/server.ts';
import { createTestDatabase } from './database.ts';

export interface TestServer {
  url: string;
  ctx: AppContext;
  /** A new visitor with an empty cookie jar. */
  agent(): Agent;
  close(): Promise<void>;
}

/** The real HTTP server on a free port, over a fresh database of the engine under test. */
export async function startTestServer(settings: ConfigInput = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  // The page cache is off unless a test is about it: tests change data behind the server's back.
  const parsed = parseConfig({ PORT: '0', DATA_DIR: '/nonexistent', PAGE_CACHE_SECONDS: '0', ...settings });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const config = { ...parsed.config, database: database.config };
  // Without SMTP_URL messages are dropped here; tests about mail start an SMTP peer and set SMTP_URL.
  const ctx = createContext(config, database.db, undefined, createMailer(config, () => {}));
  const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
  return {
    url: server.url,
    ctx,
    agent: () => new Agent(server.url, ctx),
    async close() {
      await server.close();
      // The SMTP pool keeps its connection open between messages.
      ctx.mailer?.close();
      await database.drop();
    },
  };
}

/**
 * The real server for the tests of one file: started in a beforeAll, closed in an afterAll.
 * Hooks run in the order they are registered (and after-hooks in reverse), so call this
 * before the file's own hooks; the handle can be used from those hooks and from tests, and
 * inside a describe block it serves that block alone.
 */
export function useTestServer(settings: ConfigInput | (() => ConfigInput) = {}): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    // A function is read only now, for settings known after earlier hooks (a mail peer's address).
    started = await startTestServer(typeof settings === 'function' ? settings() : settings);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  const running = (): TestServer => {
    if (!started) throw new Error('useTestServer: the server runs only between beforeAll and afterAll');
    return started;
  };
  return {
    get url() {
      return running().url;
    },
    get ctx() {
      return running().ctx;
    },
    agent: () => running().agent(),
    async close() {
      await started?.close();
      started = undefined;
    },
  };
}

export interface PostOptions {
  /** Leave out the CSRF field, to test that it is refused. */
  csrf?: boolean;
  headers?: Record<string, string>;
}

/** A visitor: keeps cookies like a browser, fills the CSRF field like our forms do. */
export class Agent {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly ctx: AppContext,
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'GET', headers });
  }

  /** Posts a form. Arrays become repeated fields, as checkboxes send them. */
  async post(path: string, fields: Record<string, string | string[] | undefined> = {}, options: PostOptions = {}): Promise<Response> {
    if (options.csrf !== false && !this.cookies.has('rr_csrf')) await this.get('/login');
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    if (options.csrf !== false) body.set('_csrf', this.cookies.get('rr_csrf') ?? '');
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    });
  }

  /** Logs in without the form (the form itself is tested in the account tests). */
  async signInAs(userId: number): Promise<this> {
    const { token } = await startSession(this.ctx, userId);
    this.cookies.set('rr_session', token);
    return this;
  }

  private async request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }
}

/** The Set-Cookie line a response sent for cookie `name`, if any. */
export function setCookieHeader(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}
