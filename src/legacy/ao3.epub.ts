import { unzipSync, type UnzipFileInfo } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { isDownload, readDownload } from './ao3.download.ts';
import { NO_CHAPTERS } from './ao3.source.ts';
import { ao3Work } from './ao3.work.ts';
import { decodeBytes } from './decode.ts';
import { htmlToText } from './html.flatten.ts';
import type { Repair } from './legacy.types.ts';
import type { WorkAdapter } from './source.types.ts';

// An EPUB (EPUB 2 and 3, OCF container): AO3's, made by Calibre from the same page as the HTML
// download and cut into a file per chapter, or anyone's. The spine's documents are read in
// order and their bodies joined into one page, which is then an AO3 download
// (ao3.download.ts reads its parts in document order for this reason) or, failing that, a page
// like any other, read by the text rules as html.source.ts reads one.

// OCF: the first entry is "mimetype", stored, holding exactly this.
const SIGNATURE = 'mimetypeapplication/epub+zip';

export function looksLikeEpub(head: string): boolean {
  return head.startsWith('PK\u0003\u0004') && head.slice(30, 30 + SIGNATURE.length) === SIGNATURE;
}

type Files = Record<string, Uint8Array>;

interface Package {
  /** The spine's documents, as paths inside the zip, in reading order. */
  spine: string[];
  title: string | null;
  creators: string[];
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** A manifest href resolved against the package's folder ("../Text/a.xhtml" included). */
function resolve(base: string, href: string): string {
  let decoded = href.split('#')[0] ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Kept as written.
  }
  const parts: string[] = [];
  for (const part of `${base}${decoded}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

const utf8 = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder('utf-8').decode(bytes) : '');

function readPackage(files: Files): Package | null {
  const container = utf8(files['META-INF/container.xml']);
  const rootPath = /full-path\s*=\s*["']([^"']+)["']/i.exec(container)?.[1];
  const opf = rootPath ? utf8(files[rootPath]) : '';
  if (!rootPath || !opf) return null;
  const document = parseDocument(opf, { xmlMode: true });
  const local = (name: string) => (tag: string) => tag.toLowerCase().replace(/^[\w-]+:/, '') === name;
  const hrefs = new Map<string, string>();
  for (const item of DomUtils.getElementsByTagName(local('item'), document, true)) {
    const id = DomUtils.getAttributeValue(item, 'id');
    const href = DomUtils.getAttributeValue(item, 'href');
    if (id && href) hrefs.set(id, resolve(dirname(rootPath), href));
  }
  const spine = DomUtils.getElementsByTagName(local('itemref'), document, true)
    .map((ref) => hrefs.get(DomUtils.getAttributeValue(ref, 'idref') ?? ''))
    .filter((path): path is string => path !== undefined && files[path] !== undefined);
  const texts = (name: string) => DomUtils.getElementsByTagName(local(name), document, true).map((e) => DomUtils.textContent(e).replace(/\s+/g, ' ').trim()).filter(Boolean);
  return { spine, title: texts('title')[0] ?? null, creators: texts('creator') };
}

/** The spine's bodies as one page, with the package's title as the page's title. */
function joinedPage(files: Files, pack: Package, repairs: Repair[]): string {
  const bodies: string[] = [];
  for (const path of pack.spine) {
    const decoded = decodeBytes(files[path] as Uint8Array, 'utf-8', true);
    repairs.push(...decoded.repairs);
    const open = /<body\b[^>]*>/i.exec(decoded.text);
    const close = decoded.text.lastIndexOf('</body');
    bodies.push(open ? decoded.text.slice(open.index + open[0].length, close > open.index ? close : undefined) : decoded.text);
  }
  const title = (pack.title ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<html><head><title>${title}</title></head><body>\n${bodies.join('\n')}\n</body></html>`;
}

export const ao3EpubSource: WorkAdapter = {
  kind: 'epub',
  binary: true,
  sniff: looksLikeEpub,
  async *read(file) {
    // Only the package and its documents are unzipped, and no more of them than one story may
    // hold: a zip states sizes it may not keep, so the limit counts what it states.
    let stated = 0;
    const wanted = (entry: UnzipFileInfo) => {
      if (!/\.(opf|xhtml|html|htm|xml)$/i.test(entry.name)) return false;
      stated += entry.originalSize;
      return stated <= file.maxBytes;
    };
    let files: Files;
    try {
      files = unzipSync(await file.readAll(), { filter: wanted });
    } catch (error) {
      yield { source: file.path, reason: `an EPUB that cannot be unzipped (${(error as Error).message})` };
      return;
    }
    if (stated > file.maxBytes) {
      yield { source: file.path, reason: `an EPUB too large for one story (${stated} bytes of text)` };
      return;
    }
    const pack = readPackage(files);
    if (!pack || pack.spine.length === 0) {
      yield { source: file.path, reason: 'an EPUB without a readable package (META-INF/container.xml, the .opf spine)' };
      return;
    }
    const repairs: Repair[] = [];
    const page = joinedPage(files, pack, repairs);
    const download = readDownload(page);
    if (isDownload(download)) {
      download.title ??= pack.title;
      if (download.creators.length === 0) download.creators = pack.creators;
      const work = ao3Work(download, file.path, 'utf-8', repairs);
      yield work.chapters.length > 0 ? { source: file.path, work } : { source: file.path, reason: NO_CHAPTERS };
      return;
    }
    const html = htmlToText(page);
    yield { source: file.path, text: html.text, encoding: 'utf-8', repairs: [...repairs, ...html.repairs], mail: null, htmlTitle: html.title, addresses: html.addresses };
  },
};
