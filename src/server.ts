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
  // Requests still being answered when the server closes: a client that hung up leaves its
  // connection closed but its handler running, and the database must outlive that handler
  // (a SIGTERM under load logged "driver has already been destroyed" without this).
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const fetch: typeof app.fetch = async (...args) => {
    inFlight++;
    try {
      return await app.fetch(...args);
    } finally {
      if (--inFlight === 0) drained?.();
    }
  };
  const handlersDone = () => new Promise<void>((done) => (inFlight === 0 ? done() : (drained = done)));
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch, port: options.port, ...(options.host ? { hostname: options.host } : {}) }, (info) => {
        const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
        resolve({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          close: async () => {
            await new Promise<void>((done) => server.close(() => done()));
            await handlersDone();
          },
        });
      });
      server.once('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}
