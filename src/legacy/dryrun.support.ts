import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportedWork } from './legacy.types.ts';
import { parsePaths } from './parse.ts';

/** The works one small file of ours gives, read as the dry run reads a folder (for rule tests). */
export async function worksOf(name: string, text: string): Promise<ImportedWork[]> {
  const folder = mkdtempSync(join(tmpdir(), 'rr-legacy-'));
  try {
    writeFileSync(join(folder, name), text, 'latin1');
    const works: ImportedWork[] = [];
    for await (const event of parsePaths([folder], {}, { workers: 0 })) if (event.type === 'work') works.push(event.work);
    return works;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
