import net from 'node:net';

// Tests must not reach beyond this machine: any socket to a non-loopback host fails loudly.
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/i;
const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string; port?: number } | number | string | unknown[];
  const options = Array.isArray(first) ? (first[0] as { host?: string; path?: string }) : first;
  let host: string | undefined;
  if (typeof options === 'object' && options !== null) {
    host = (options as { path?: string }).path ? 'localhost' : ((options as { host?: string }).host ?? 'localhost');
  } else if (typeof options === 'number') {
    host = typeof args[1] === 'string' ? (args[1] as string) : 'localhost';
  } else {
    host = 'localhost'; // a unix socket path
  }
  if (!LOOPBACK.test(host)) throw new Error(`Outbound network is refused in tests (tried ${host}).`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
