import type { ImportedWork } from './legacy.types.ts';

// The parser knows nothing of how works are stored, but its worker threads are the cheapest
// place to turn a whole work into what the importer stores (most of the import's CPU is spent
// there, in parallel). So a caller may name a module exporting `prepareWork(work)`; each worker
// loads it and sends its result beside the work. The result travels beside the work, never in
// it: the work is what the dry run prints.

/** The module a worker loads: its `prepareWork` runs on each whole work (not on parts). */
export interface PrepareModule {
  prepareWork(work: ImportedWork): unknown;
}

const prepared = new WeakMap<ImportedWork, unknown>();

export function attachPrepared(work: ImportedWork, value: unknown): void {
  prepared.set(work, value);
}

/** What a worker prepared for this work, or undefined (read here, or joined from parts). */
export function preparedOf(work: ImportedWork): unknown {
  return prepared.get(work);
}
