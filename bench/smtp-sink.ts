// A local SMTP server for the mail benchmarks: takes every message at once and counts it.
import { SMTPServer } from 'smtp-server';

export interface Sink {
  url: string;
  received: () => number;
  close: () => Promise<void>;
}

export async function startSink(): Promise<Sink> {
  let count = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      stream.resume();
      stream.on('end', () => {
        count++;
        done();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(sink.server.address() as { port: number }).port}`, received: () => count, close: () => new Promise((r) => sink.close(() => r())) };
}
