import { isDownload, readDownload } from './ao3.download.ts';
import { ao3Work } from './ao3.work.ts';
import { decodeBytes } from './decode.ts';
import { htmlToText, looksLikeHtmlDocument } from './html.flatten.ts';
import type { WorkAdapter } from './source.types.ts';

// The single HTML file AO3 gives for a work ("Download: HTML"), which a writer leaving AO3
// takes with them. It names its own parts (ao3.download.ts), so it is read whole into a work
// here, not through the heuristics the hand-made pages need (html.source.ts).

/** AO3's message and its tag list or preface: a page that only mentions AO3 is not a download. */
export function looksLikeAo3Download(head: string): boolean {
  if (!/Archive of Our Own/i.test(head) || !looksLikeHtmlDocument(head)) return false;
  return /Posted originally on the\b/i.test(head) && /<dl[^>]+class=["']?[^"'>]*\btags\b|<div[^>]+id=["']?preface\b/i.test(head);
}

/** A download of the preface alone (the chapters cut off, or all of them empty): no work. */
export const NO_CHAPTERS = 'an AO3 download without any chapter text';

export const ao3Source: WorkAdapter = {
  kind: 'ao3',
  sniff: looksLikeAo3Download,
  async *read(file) {
    const decoded = decodeBytes(await file.readAll(), 'utf-8', true);
    const download = readDownload(decoded.text);
    if (isDownload(download)) {
      const work = ao3Work(download, file.path, decoded.encoding, decoded.repairs);
      yield work.chapters.length > 0 ? { source: file.path, work } : { source: file.path, reason: NO_CHAPTERS };
      return;
    }
    // Shaped like a download at its head only: read as any other page.
    const html = htmlToText(decoded.text);
    yield { source: file.path, text: html.text, encoding: decoded.encoding, repairs: [...decoded.repairs, ...html.repairs], mail: null, htmlTitle: html.title, addresses: html.addresses };
  },
};
