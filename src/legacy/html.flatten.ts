import { collapseSpaces } from '../text/spaces.ts';
import { decodeHTML } from 'entities';
import { repairEntities } from './decode.ts';
import { matchLabelLine } from './header.ts';
import type { Repair } from './legacy.types.ts';
import { RepairLog } from './repair.log.ts';

// Hand-written and WYSIWYG HTML of the period (research/legacy.md §5.5) → the plain text the rest
// of the importer reads: one blank line between blocks, <br> as a line break, <hr> as a separator
// line, <i>/<em> as *emphasis*, and navigation blocks (nothing but links) dropped.

export interface HtmlText {
  text: string;
  title: string | null;
  /** Addresses of mailto: links, whose text stays but whose address must not reach the work. */
  addresses: string[];
  /** Entities escaped twice ("&amp;quot;"), resolved and logged. */
  repairs: Repair[];
}

const BLOCK = new Set([
  'p', 'div', 'center', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'body', 'html', 'form', 'address', 'section', 'article',
  'header', 'footer', 'nav', 'main', 'tbody', 'thead', 'tfoot', 'caption', 'font-block',
]);
const DROPPED = ['script', 'style', 'head', 'title', 'noscript', 'iframe', 'object', 'xml', 'select', 'button', 'textarea'];
const LINK_START = '\u0001';
const LINK_END = '\u0002';

// Hand-written scans instead of `<!--[\s\S]*?-->`, `<[!?][^>]*>`, `<(script|…)\b[^>]*>[\s\S]*?</\1>`
// and `<title[^>]*>…</title>`: each of those searched to the end of the file from every opener
// without its closer (1 MB of "<!--" took minutes). Once a closer is missing after one opener it
// is missing after every later one, so each scan stops there; each finds what the pattern found.

function withoutComments(html: string): string {
  if (!html.includes('<!--')) return html;
  let out = '';
  let from = 0;
  for (;;) {
    const open = html.indexOf('<!--', from);
    const close = open < 0 ? -1 : html.indexOf('-->', open + 4);
    if (close < 0) return out + html.slice(from);
    out += html.slice(from, open);
    from = close + 3;
  }
}

function withoutDeclarations(html: string): string {
  return replaceUntil(html, /<[!?]/g, '>');
}

const DROPPED_OPENER = new RegExp(`<(${DROPPED.join('|')})\\b`, 'gi');
const closers = new Map(DROPPED.map((name) => [name, new RegExp(`<\\/${name}\\s*>`, 'gi')]));

/** The end of the first `</name>` at or after `from`, or -1. */
function closerEnd(html: string, name: string, from: number): number {
  const closer = closers.get(name) ?? new RegExp(`<\\/${name}\\s*>`, 'gi');
  closer.lastIndex = from;
  const match = closer.exec(html);
  return match ? match.index + match[0].length : -1;
}

/** Scripts, styles, the head and the like, with their content. */
function withoutElements(html: string): string {
  let out = '';
  let from = 0;
  const unclosed = new Set<string>();
  DROPPED_OPENER.lastIndex = 0;
  for (let match = DROPPED_OPENER.exec(html); match; match = DROPPED_OPENER.exec(html)) {
    const name = (match[1] as string).toLowerCase();
    if (unclosed.has(name)) continue;
    const tagEnd = html.indexOf('>', match.index + match[0].length);
    if (tagEnd < 0) break;
    const end = closerEnd(html, name, tagEnd + 1);
    if (end < 0) {
      unclosed.add(name);
      continue;
    }
    out += html.slice(from, match.index);
    from = end;
    DROPPED_OPENER.lastIndex = end;
  }
  return out + html.slice(from);
}

/** The first <title …>…</title> element's content. */
function firstElement(html: string, name: 'title'): { inner: string } | null {
  const open = /<title/i.exec(html);
  if (!open) return null;
  const tagEnd = html.indexOf('>', open.index + open[0].length);
  if (tagEnd < 0) return null;
  const end = closerEnd(html, name, tagEnd + 1);
  if (end < 0) return null;
  return { inner: html.slice(tagEnd + 1, html.lastIndexOf('<', end - 1)) };
}

/** Removes each `opener` up to and including the next `closer`, as /opener[^closer]*closer/g does. */
function replaceUntil(text: string, opener: RegExp, closer: string): string {
  let out = '';
  let from = 0;
  opener.lastIndex = 0;
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const close = text.indexOf(closer, match.index + match[0].length);
    if (close < 0) break;
    out += text.slice(from, match.index);
    from = close + closer.length;
    opener.lastIndex = from;
  }
  return out + text.slice(from);
}

export function looksLikeHtmlDocument(head: string): boolean {
  const sample = head.slice(0, 4096);
  if (/^\s*(<!doctype html|<html\b|<head\b|<body\b)/i.test(sample)) return true;
  // Italics typed into a .txt file do not make it a web page: a page has block structure.
  const blocks = sample.match(/<\/?(p|br|div|center|hr|table|td|h[1-6]|body|html|title|blockquote)\b[^>]*>/gi);
  const tags = sample.match(/<\/?(p|br|div|center|font|b|i|a|hr|table|td|h[1-6]|body|html|title)\b[^>]*>/gi);
  return (blocks?.length ?? 0) >= 2 && (tags?.length ?? 0) >= 4;
}

// Site chrome of saved pages (journal entries, archive story pages, hand-made home pages), read
// a line at a time: the site's own vocabulary, as whole lines, never a story's sentence.
const CHROME_LINE = [
  /^current (mood|music|location)\s*:/i, // a journal entry's mood and music
  /^(you are )?(the )?visitors? (number|no\.?|#)/i, // hit counters
  /^(this page has been|you are|there have been) .{0,40}\b(visit(or|ed)s?|hits)\b/i,
  /^best viewed (in|with|at)\b/i,
  /^(this (site|page) is (a )?(proud )?member of|join|next|prev(ious)?|random)\b.{0,80}\bweb ?ring\b/i,
  /^((page|site|this page( was)?) )?last (updated|modified)( on)?\s*:?\s*(?=.*\d)[\w ,./-]{0,30}$/i, // a date, not a sentence
  /^(post|leave|submit|write) an? review!?$|^reviews?!?$|^post review$/i,
  /^(next|prev(ious)?|back)\s*(&gt;|>|<|»|«)?$|^(<|«)\s*(prev(ious)?|back)$/i,
];

/** A line of a saved page that belongs to the site, not the story. */
function isChromeLine(line: string): boolean {
  if (line.includes(LINK_START) && isNavigation(line)) return true;
  const plain = line.replace(/[\u0001\u0002]/g, '').trim();
  if (CHROME_LINE.some((pattern) => pattern.test(plain))) return true;
  // "name (userinfo) wrote, @ date": a journal entry's poster line.
  if (/^\S+ (\(userinfo\) )?wrote,?( @ .*)?$/i.test(plain) && line.startsWith(LINK_START)) return true;
  // "Tags: a, b, c" where every tag is a link: a journal's tag list, not a header's.
  return /^(tags|current tags|filed under)\s*:/i.test(plain) && isNavigation(line.replace(/^[^:]*:/, ''));
}

/**
 * An archive's stat line, "Rated: T - English - Romance - Chapters: 3 - Words: 4,567 - …":
 * its labelled fields, one to a line; its bare ones (language, genre) dropped.
 */
function statLineFields(line: string): string | null {
  const fields = line.split(/\s+-\s+/);
  if (fields.length < 4) return null;
  const labelled = fields.filter((field) => /^[A-Z][A-Za-z ]{0,20}:\s*\S/.test(field.trim()));
  if (labelled.length < 3) return null;
  // Only the fields a header reads (rating, chapters, words, dates): counts of reviews and
  // favourites and the archive's id are the site's.
  const known = labelled.map((field) => field.trim().replace(/^Rated:/, 'Rating:'))
    .filter((field) => !/^(reviews|favs|favorites|follows|hits|kudos|bookmarks|comments|id)\s*:/i.test(field) && matchLabelLine(field) !== null);
  return known.length > 0 ? known.join('\n') : null;
}

/** A block's lines without the site's chrome, and whether one of them was an archive's stat line. */
function withoutChrome(block: string): { text: string; stats: boolean } {
  // Chrome lines are short and a stat line holds " - " and ":": a paragraph of prose is neither,
  // and is kept without a test (most blocks of a page).
  if (block.length > 400 && !block.includes(' - ')) return { text: block, stats: false };
  const lines = block.split('\n');
  const kept: string[] = [];
  let stats = false;
  for (const line of lines) {
    if (line.length <= 200 && isChromeLine(line)) continue;
    const fields = line.includes(' - ') && line.includes(':') ? statLineFields(line.replace(/[\u0001\u0002]/g, '')) : null;
    if (fields !== null) stats = true;
    kept.push(fields ?? line);
  }
  const same = kept.length === lines.length && kept.every((line, i) => line === lines[i]);
  return { text: same ? block : kept.join('\n').trim(), stats };
}

/** A block holding only links and separator glyphs is site navigation ("home · links · next"). */
function isNavigation(block: string): boolean {
  if (!block.includes(LINK_START)) return false;
  const outside = replaceUntil(block, /\u0001/g, LINK_END);
  return /^[\s·•|\-–—:/[\]()<>»«~*.,]*$/.test(outside);
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|([^<]+|<)/g;
const TEXT_TOKEN = /[^<]+|</g;

/**
 * TOKEN's matches. After the last ">" no tag can close, and TOKEN searched for one to the end
 * from every "<" there (1 MB of "<a " took minutes): from there on its matches are text, so
 * they are read as text.
 */
function* tokens(source: string): Generator<RegExpExecArray> {
  const lastClose = source.lastIndexOf('>');
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex <= lastClose) {
    const match = TOKEN.exec(source);
    if (!match) return;
    yield match;
  }
  TEXT_TOKEN.lastIndex = TOKEN.lastIndex;
  for (let match = TEXT_TOKEN.exec(source); match; match = TEXT_TOKEN.exec(source)) {
    yield Object.assign([match[0], undefined, undefined, undefined, match[0]], { index: match.index, input: source, groups: undefined }) as RegExpExecArray;
  }
}

// `/[ \t\r\n]+/g` → ' ' matching only the runs that change (two or more, or one that is not a
// plain space): in prose a match a word was replaced by itself.
const CHANGING_HTML_SPACE = /[ \t\r\n]{2,}|[\t\r\n]/g;

const isLineSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0xa0;

/** A line without the spaces, tabs and no-break spaces at its ends (`[ \t\u00A0]*\n[ \t\u00A0]*` → "\n", line by line). */
function trimLine(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isLineSpace(line.charCodeAt(start))) start++;
  while (end > start && isLineSpace(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

function trimNewlines(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x0a) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x0a) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function htmlToText(html: string): HtmlText {
  const titleElement = firstElement(html, 'title');
  const title = titleElement !== null ? collapseSpaces(decodeHTML(titleElement.inner)).trim() || null : null;
  // Comments, then declarations and processing instructions (<!DOCTYPE …>, <?xml …?>), which
  // the tokenizer below would otherwise read as text.
  const source = withoutElements(withoutDeclarations(withoutComments(html)));
  const blocks: string[] = [];
  let current = '';
  let preDepth = 0;
  let linkOpen = false;
  const addresses: string[] = [];
  const log = new RepairLog();
  const endBlock = () => {
    const block = trimNewlines(current.includes('\n') ? current.split('\n').map(trimLine).join('\n') : current).trim();
    current = linkOpen ? LINK_START : '';
    const { text: kept, stats } = block && !isNavigation(block) ? withoutChrome(block) : { text: '', stats: false };
    if (!kept) return;
    // An archive's story page: title and byline, the summary unlabelled, then the stat line.
    // The summary is labelled and joined to the stats, so the header is read as one.
    const summary = blocks[blocks.length - 1];
    if (stats && blocks.length >= 2 && summary !== undefined && !summary.includes('\n') && summary !== '* * *'
      && summary.length <= 600 && matchLabelLine(summary) === null) {
      blocks[blocks.length - 1] = `Summary: ${summary}\n${kept.replace(/[\u0001\u0002]/g, '')}`;
      return;
    }
    blocks.push(kept.replace(/[\u0001\u0002]/g, ''));
  };
  for (const match of tokens(source)) {
    const [, closing, rawName, attributes, text] = match;
    if (text !== undefined) {
      // Most text holds no entity; decoding it anyway copied every paragraph once more.
      let decoded = (text.includes('&') ? decodeHTML(text) : text).replace(/\u00A0/g, ' ');
      if (decoded.includes('&')) decoded = repairEntities(decoded, log);
      current += preDepth > 0 ? decoded : decoded.replace(CHANGING_HTML_SPACE, ' ');
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    // Header tables put "Title:" and its value in two cells of one row: a row is one line.
    if (name === 'br' || (name === 'tr' && closing)) current += '\n';
    else if (name === 'td' || name === 'th') current += ' ';
    else if (name === 'hr') {
      endBlock();
      blocks.push('* * *');
    } else if (name === 'i' || name === 'em' || name === 'cite') current += '*';
    else if ((name === 'b' || name === 'strong') && !closing && /\S[^\n]*$/.test(current.slice(-200))) {
      // "<b>Title:</b> X <b>Author:</b> Y" with no <br>: each bold label starts a line of its own.
      const end = (match.index ?? 0) + match[0].length;
      const next = source.indexOf('<', end);
      const bold = source.slice(end, next < 0 ? undefined : next).trim();
      if (/^[A-Za-z][\w '’/&()-]{0,30}:$/.test(bold) && matchLabelLine(`${bold} x`)) current += '\n';
    }
    else if (name === 'a') {
      const mailto = /href\s*=\s*["']?mailto:([^"'\s>?]+)/i.exec(attributes ?? '');
      if (mailto?.[1]) addresses.push(...safeDecodeUri(mailto[1]).split(/[,;]/).map((a) => a.trim().toLowerCase()).filter(Boolean));
      if (closing && linkOpen) current += LINK_END;
      const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes ?? '');
      const target = (href?.[1] ?? href?.[2] ?? href?.[3] ?? '').trim();
      linkOpen = !closing && target !== '' && !/^mailto:/i.test(target);
      if (linkOpen) current += LINK_START;
    } else if (name === 'img') {
      const alt = /alt\s*=\s*["']([^"']*)["']/i.exec(attributes ?? '');
      if (alt && /^[\s*~=#+_\-o]{3,}$/i.test(alt[1] ?? '')) {
        endBlock();
        blocks.push('* * *');
      }
    } else if (name === 'pre') {
      endBlock();
      preDepth += closing ? -1 : 1;
      if (preDepth < 0) preDepth = 0;
    } else if (BLOCK.has(name)) endBlock();
  }
  endBlock();
  // Emphasis tags around nothing but spaces leave "**" behind.
  const text = blocks.map((block) => block.replace(/\*\*/g, '')).join('\n\n');
  return { text, title, addresses, repairs: log.list() };
}

/** Inline tags an author typed into plain text (<i>word</i>) → *word*; others are dropped. */
export function inlineTagsToText(text: string): string {
  const tags = text.match(/<\/?(i|em|b|strong|u)>/gi);
  if (!tags || tags.length < 2) return text;
  return text.replace(/<\/?(?:i|em)>/gi, '*').replace(/<\/?(?:b|strong|u)>/gi, '');
}
