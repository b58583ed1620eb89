// The load benchmark's prober, in a process of its own (bench/load.bench.ts starts it): a new
// visitor arrives from another machine, so their first answer must be timed by a clock that the
// benchmark's own 226 clients cannot hold up. Timed from inside the loaded client process, a
// probe also counted the client loop's own pauses (0.4–0.8 s seen there in session 8).
//   npx tsx bench/load.prober.ts --base URL --seconds N --every MS --timeout MS --paths FILE
// FILE is a JSON array of paths asked in turn; the probes are printed as one JSON array.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runProber } from './load.client.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    seconds: { type: 'string' },
    every: { type: 'string', default: '200' },
    timeout: { type: 'string', default: '10000' },
    paths: { type: 'string' },
  },
});
if (!values.base || !values.seconds || !values.paths) throw new Error('--base, --seconds and --paths are needed');
const paths = JSON.parse(readFileSync(values.paths, 'utf8')) as string[];
let turn = 0;
const site = { base: new URL(values.base), timeoutMs: Number(values.timeout), until: performance.now() + Number(values.seconds) * 1000 };
const probes = await runProber(site, () => paths[turn++ % paths.length]!, Number(values.every));
process.stdout.write(JSON.stringify(probes.map((p) => ({ path: p.path, sentAt: p.sentAt, outcome: p.outcome.kind === 'answer' ? { kind: 'answer', answer: { ...p.outcome.answer, headers: {}, body: '' } } : p.outcome }))));
