import { ao3EpubSource } from './ao3.epub.ts';
import { ao3Source } from './ao3.source.ts';
import { emailSource } from './email.source.ts';
import { htmlSource } from './html.source.ts';
import { mboxSource } from './mbox.source.ts';
import type { SourceAdapter, WorkAdapter } from './source.types.ts';
import { textSource } from './text.source.ts';

// Order matters: an mbox opens like a message, a message may hold HTML, an AO3 download is
// HTML, anything is text.
const adapters: Array<SourceAdapter | WorkAdapter> = [mboxSource, emailSource, ao3Source, htmlSource, textSource];
const binaryAdapters: Array<SourceAdapter | WorkAdapter> = [ao3EpubSource];

/** The adapter for a file, chosen by its content, never by its name. */
export function adapterFor(head: string): SourceAdapter | WorkAdapter {
  return adapters.find((adapter) => adapter.sniff(head)) ?? textSource;
}

/** The adapter for a file that looks binary (an EPUB), or null: then it is no story file. */
export function binaryAdapterFor(head: string): SourceAdapter | WorkAdapter | null {
  return binaryAdapters.find((adapter) => adapter.sniff(head)) ?? null;
}
