import type { ImportedWork, SourceDocument, Skipped } from './legacy.types.ts';

/** A file as the adapters see it: its head for sniffing, and ways to read all of it. */
export interface SourceFile {
  path: string;
  /** The first bytes of the file read as latin-1, enough to recognise its kind. */
  head: string;
  size: number;
  /** The size limit of one document in the file (a story, or one message of an mbox). */
  maxBytes: number;
  readAll(): Promise<Uint8Array>;
  stream(): AsyncIterable<Buffer> | Iterable<Buffer>;
}

/**
 * One kind of container (research/legacy.md §1). Every adapter has this shape; the registry picks
 * the first whose sniff accepts the content. Reading yields documents or reasons to skip, never
 * throws for bad input.
 */
export interface SourceAdapter {
  kind: 'mbox' | 'email' | 'ao3' | 'epub' | 'html' | 'text';
  /** Reads a binary container (a zip): offered only files that look binary, which the others never see. */
  binary?: boolean;
  sniff(head: string): boolean;
  read(file: SourceFile): AsyncIterable<SourceDocument | Skipped>;
}

/** An adapter of sources that name their own parts: it may read a work whole. */
export interface WorkAdapter extends Omit<SourceAdapter, 'read'> {
  read(file: SourceFile): AsyncIterable<SourceDocument | Skipped | ReadWork>;
}

/** A work an adapter read whole from a source that names its own parts (an AO3 download). */
export interface ReadWork {
  source: string;
  work: ImportedWork;
}
