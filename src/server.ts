import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import type { AppContext } from './context.ts';
import { createApp } from './app.ts';
import { hitCounter } from './readers/hit.counter.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerTimeouts {
  /** Until the request's headers have all arrived. */
  headersMs: number;
  /** Until the whole request, body included, has arrived. */
  requestMs: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveMs: number;
}

/**
 * Node waits 300 s for a request by default, so a client that promises a longer body than it
 * sends holds a connection for five minutes. 60 s carries the largest form (3 MB) at 50 kB/s.
 * Behind a proxy, idle connections outlive the proxy's own (nginx and most load balancers
 * keep them 60 s), so the proxy, not we, closes them and never sends on a closed one.
 */
export function publicTimeouts(behindProxy: boolean): ServerTimeouts {
  return { headersMs: 20_000, requestMs: 60_000, keepAliveMs: behindProxy ? 65_000 : 5_000 };
}

/** Starts the HTTP server; resolves once it listens. Port 0 picks a free port (tests). */
export function startServer(ctx: AppContext, options: { port: number; host?: string; timeouts?: ServerTimeouts }): Promise<RunningServer> {
  const app = createApp(ctx);
  const timeouts = options.timeouts ?? publicTimeouts(ctx.config.trustProxy);
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
      const serverOptions = {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        keepAliveTimeout: timeouts.keepAliveMs,
        // Node looks for late requests this often (30 s by default, as long as half a timeout).
        connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs / 4),
      };
      server = serve({ fetch, port: options.port, serverOptions, ...(options.host ? { hostname: options.host } : {}) }, (info) => {
        const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
        resolve({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          close: async () => {
            await new Promise<void>((done) => server.close(() => done()));
            await handlersDone();
            // The hits counted since the last write, before the database closes.
            await hitCounter(ctx).flush();
          },
        });
      });
      (server as Server).keepAliveTimeout = timeouts.keepAliveMs;
      server.on('clientError', answerClientError);
      server.once('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}

// Requests Node refuses before the app sees them (headers over its 16 KB limit, a request
// that came too slowly, bytes that are not HTTP) get a small page, as every answer does,
// instead of Node's empty one.
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The address, or the cookies your browser sent with it, were too long for the archive. Use a shorter address, or clear this site’s cookies, and try again.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'Your request took too long to arrive. Please try again.'],
  HPE_HEADERS_TIMEOUT: [408, 'Request Timeout', 'Your request took too long to arrive. Please try again.'],
};
const BAD_REQUEST: [number, string, string] = [400, 'Bad Request', 'Your browser sent a request the archive could not understand.'];

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's own check: a response already on its way cannot be replaced.
  const response = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${reason} | Records Room</title></head><body><h1>${reason}</h1><p>${message}</p><p><a href="/">Go to the front page</a></p></body></html>\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
  // Read and drop what the client is still sending, so closing does not reset the
  // connection before it has read the answer; give up on one that never stops.
  socket.resume();
  setTimeout(() => socket.destroy(), 2_000).unref();
}
