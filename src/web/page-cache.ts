import type { MiddlewareHandler } from 'hono';
import { ADULT_COOKIE, FLASH_COOKIE, SESSION_COOKIE, getCookie } from './cookies.ts';
import type { AppEnv } from './env.ts';

// A short-lived cache of the pages anonymous readers get, as nginx "microcaching" does:
// most traffic on an archive is logged-out reading of the same popular works.
//  - Only reading pages and the read API, only 200 answers, only for visitors with no
//    session, no pending message and no answer to the adult-content notice; pages holding
//    a form token, or giving that answer a cookie, are never kept.
//  - Any state-changing request served by this process empties the cache, so with one
//    process (the SQLite default) nobody ever sees a stale page. With several processes
//    (PostgreSQL), a page changed through another process may be up to `ttl` seconds old
//    for logged-out readers; logged-in readers always get fresh pages.
const CACHEABLE = /^\/(?:works(?:\/\d+(?:\/chapters\/\d+|\/navigate)?)?|tags\/[^/]+\/works|users\/[^/]+(?:\/works|\/pseuds\/[^/]+(?:\/works)?)?|api\/v1\/works\/\d+(?:\/chapters\/\d+)?)?$/;
const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  body: string;
  headers: [string, string][];
  storedAt: number;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly ttlMs: number) {}

  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt > this.ttlMs) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    while (this.entries.size >= MAX_ENTRIES || (this.bytes + entry.body.length > MAX_BYTES && this.entries.size > 0)) {
      this.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.bytes -= entry.body.length;
      this.entries.delete(key);
    }
  }
}

export function pageCache(ttlSeconds: number): MiddlewareHandler<AppEnv> {
  const cache = new PageCache(ttlSeconds * 1000);
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      await next();
      cache.clear();
      return;
    }
    const url = new URL(c.req.url);
    const eligible = CACHEABLE.test(url.pathname) && !getCookie(c, SESSION_COOKIE) && !getCookie(c, FLASH_COOKIE) && !getCookie(c, ADULT_COOKIE);
    if (!eligible) return next();
    const key = url.pathname + url.search;
    const now = Date.now();
    const hit = cache.get(key, now);
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('Age', String(Math.floor((now - hit.storedAt) / 1000)));
      return new Response(method === 'HEAD' ? null : hit.body, { status: 200, headers });
    }
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (c.res.status !== 200 || !(type.startsWith('text/html') || type.startsWith('application/json'))) return;
    const body = await c.res.clone().text();
    if (body.includes(c.get('csrfToken'))) return;
    if (c.res.headers.getSetCookie().some((line) => line.startsWith(`${ADULT_COOKIE}=`))) return;
    const headers = [...c.res.headers].filter(([name]) => name !== 'set-cookie');
    cache.set(key, { body, headers, storedAt: now });
  };
}
