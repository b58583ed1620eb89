import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/server.ts';

const server = useTestServer();

describe('the server', () => {
  it('serves the stylesheet with a long cache', async () => {
    const response = await server.agent().get('/assets/site.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('answers an unknown address with a 404 page, not a stack trace', async () => {
    const response = await server.agent().get('/no/such/page');
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toContain('Page not found');
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await server.agent().post('/logout', {}, { csrf: false });
    expect(response.status).toBe(403);
  });
});

describe('hand-made cookies', () => {
  it('ignore a flash message that does not decode', async () => {
    const response = await server.agent().get('/', { cookie: 'rr_flash=%25zz' });
    expect(response.status).toBe(200);
  });
});

describe('an unexpected failure', () => {
  it('answers 500 with a plain page and no stack trace', async () => {
    const { createApp } = await import('../src/app.ts');
    // The same app over a database that is gone: every query fails.
    const { openDatabase } = await import('../src/db/database.ts');
    const broken = openDatabase({ engine: 'sqlite', file: ':memory:' });
    const app = createApp({ ...server.ctx, db: broken });
    const response = await app.request('http://localhost/works');
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('Something went wrong');
    expect(body).not.toMatch(/SqliteError|no such table|\.ts:\d+/);
    await broken.close();
  });
});
