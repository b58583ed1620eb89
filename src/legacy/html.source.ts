import { decodeBytes } from './decode.ts';
import { htmlToText, looksLikeHtmlDocument } from './html.flatten.ts';
import type { SourceAdapter } from './source.types.ts';

function declaredCharset(head: string): string | null {
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? null;
}

/** A web page: personal sites, archive pages, saved list archives. */
export const htmlSource: SourceAdapter = {
  kind: 'html',
  sniff: looksLikeHtmlDocument,
  async *read(file) {
    const decoded = decodeBytes(await file.readAll(), declaredCharset(file.head), true);
    const html = htmlToText(decoded.text);
    yield { source: file.path, text: html.text, encoding: decoded.encoding, repairs: [...decoded.repairs, ...html.repairs], mail: null, htmlTitle: html.title, addresses: html.addresses };
  },
};
