import { cpus, totalmem } from 'node:os';

/** One line naming the machine a result was measured on. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/**
 * The machine's speed right now, in nanoseconds a character of a plain loop over a string.
 * This host's speed swings by more than two to one within an hour, and it has no hardware
 * counters; a result read beside this gauge says whether the machine or the code moved.
 */
export function loopGauge(): number {
  const text = 'the rain came down on the barn roof and Clark listened while the radio played low '.repeat(100);
  const sum = (t: string) => {
    let x = 0;
    for (let i = 0; i < t.length; i++) x += t.charCodeAt(i);
    return x;
  };
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let k = 0; k < 500; k++) sink += sum(text);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / (500 * text.length));
  }
  return sink < 0 ? -1 : best;
}

/** Replaces (or adds) the section `## title` in bench/RESULTS.md. */
export async function writeResultSection(title: string, body: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const file = new URL('./RESULTS.md', import.meta.url);
  let text = await readFile(file, 'utf8').catch(() => '# Benchmark results\n\nWritten by the scripts in `bench/`; each section is replaced when its benchmark runs again.\n');
  const heading = `## ${title}`;
  // The heading's whole line: one title may begin another's ("… (issue 12)" and "… (issue 12): before").
  const at = text.indexOf(`\n${heading}\n`);
  const start = at === -1 ? -1 : at + 1;
  const section = `${heading}\n\n${body.trim()}\n`;
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (next === -1 ? '' : text.slice(next));
  }
  await writeFile(file, text);
}
