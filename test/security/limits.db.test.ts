import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.ts';
import { useTestServer } from '../support/server.ts';

const server = useTestServer();
// The same archive served with timeouts short enough to wait for in a test.
let impatient: RunningServer;
const TIMEOUT_MS = 500;

beforeAll(async () => {
  impatient = await startServer(server.ctx, { port: 0, host: '127.0.0.1', timeouts: { headersMs: TIMEOUT_MS, requestMs: TIMEOUT_MS * 2, keepAliveMs: TIMEOUT_MS } });
});
afterAll(() => impatient.close());

interface RawAnswer {
  text: string;
  /** How long the server kept the connection open. */
  openMs: number;
}

/** Writes `text` to a fresh connection and reads until the server closes it (or `giveUpMs`). */
function rawRequest(baseUrl: string, text: string, giveUpMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms; read ${Buffer.concat(chunks).toString().slice(0, 80)}`));
    }, giveUpMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), openMs: Date.now() - started });
    });
  });
}

describe('a very long address', () => {
  it('over the archive’s 8 KB answers 414 with a page', async () => {
    const response = await fetch(`${server.url}/works?q=${'a'.repeat(10_000)}`);
    expect(response.status).toBe(414);
    expect(await response.text()).toContain('That address is too long');
  });

  it('just under it is answered as usual', async () => {
    const response = await fetch(`${server.url}/works?q=${'a'.repeat(8_000)}`);
    expect(response.status).toBe(200);
  });

  it('over Node’s 16 KB of headers answers 431 with a page, to fetch and on a raw socket', async () => {
    const response = await fetch(`${server.url}/works?q=${'a'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(await response.text()).toContain('too long for the archive');
    for (const size of [20_000, 1_000_000]) {
      const answer = await rawRequest(server.url, `GET /works?q=${'a'.repeat(size)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      expect(answer.text).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer.text).toMatch(/content-type: text\/html/i);
      expect(answer.text).toContain('<h1>Request Header Fields Too Large</h1>');
    }
  });

  it('leaves bytes that are not HTTP with a 400 page', async () => {
    const answer = await rawRequest(server.url, 'HELLO THERE\r\n\r\n');
    expect(answer.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.text).toContain('<h1>Bad Request</h1>');
  });
});

describe('a request that never finishes', () => {
  it('whose Content-Length promises more body than comes is ended within the request timeout', async () => {
    const head = 'POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n';
    const answer = await rawRequest(impatient.url, `${head}login=someone`);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    // Node's own default was 300 s; the request timeout here is 1 s, checked every 125 ms.
    expect(answer.openMs).toBeLessThan(5_000);
  });

  it('whose headers never end is ended within the headers timeout', async () => {
    const answer = await rawRequest(impatient.url, 'GET /works HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.openMs).toBeLessThan(5_000);
  });

  it('leaves ordinary requests alone', async () => {
    const response = await fetch(`${impatient.url}/works`);
    expect(response.status).toBe(200);
  });
});
