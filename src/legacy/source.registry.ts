import { emailSource } from './email.source.ts';
import { htmlSource } from './html.source.ts';
import { mboxSource } from './mbox.source.ts';
import type { SourceAdapter } from './source.types.ts';
import { textSource } from './text.source.ts';

// Order matters: an mbox opens like a message, a message may hold HTML, anything is text.
const adapters: SourceAdapter[] = [mboxSource, emailSource, htmlSource, textSource];

/** The adapter for a file, chosen by its content, never by its name. */
export function adapterFor(head: string): SourceAdapter {
  return adapters.find((adapter) => adapter.sniff(head)) ?? textSource;
}
