import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { AppEnv } from './env.ts';

// Read once at start-up; the hash in the URL lets browsers keep the files for a year.
const css = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
const autocomplete = readFileSync(new URL('./assets/autocomplete.js', import.meta.url), 'utf8');
export const ASSET_VERSION = createHash('sha256').update(css).update(autocomplete).digest('hex').slice(0, 10);

export function mountAssets(app: Hono<AppEnv>): void {
  app.get('/assets/site.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(css);
  });
  app.get('/assets/autocomplete.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(autocomplete);
  });
}
