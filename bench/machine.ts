import { cpus, totalmem } from 'node:os';

/** One line naming the machine a result was measured on. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/** Replaces (or adds) the section `## title` in bench/RESULTS.md. */
export async function writeResultSection(title: string, body: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const file = new URL('./RESULTS.md', import.meta.url);
  let text = await readFile(file, 'utf8').catch(() => '# Benchmark results\n\nWritten by the scripts in `bench/`; each section is replaced when its benchmark runs again.\n');
  const heading = `## ${title}`;
  const start = text.indexOf(heading);
  const section = `${heading}\n\n${body.trim()}\n`;
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (next === -1 ? '' : text.slice(next));
  }
  await writeFile(file, text);
}
