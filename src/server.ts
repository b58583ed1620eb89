import { serve, type ServerType } from '@hono/node-server';
import type { AppContext } from './context.ts';
import { createApp } from './web/app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens. Port 0 picks a free port (tests). */
export function startServer(ctx: AppContext, options: { port: number; host?: string }): Promise<RunningServer> {
  const app = createApp(ctx);
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: options.port, ...(options.host ? { hostname: options.host } : {}) }, (info) => {
        const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
        resolve({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
      server.once('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}
