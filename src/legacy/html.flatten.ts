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
const DROP_CONTENT = /<(script|style|head|title|noscript|iframe|object|xml|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const LINK_START = '\u0001';
const LINK_END = '\u0002';

export function looksLikeHtmlDocument(head: string): boolean {
  const sample = head.slice(0, 4096);
  if (/^\s*(<!doctype html|<html\b|<head\b|<body\b)/i.test(sample)) return true;
  // Italics typed into a .txt file do not make it a web page: a page has block structure.
  const blocks = sample.match(/<\/?(p|br|div|center|hr|table|td|h[1-6]|body|html|title|blockquote)\b[^>]*>/gi);
  const tags = sample.match(/<\/?(p|br|div|center|font|b|i|a|hr|table|td|h[1-6]|body|html|title)\b[^>]*>/gi);
  return (blocks?.length ?? 0) >= 2 && (tags?.length ?? 0) >= 4;
}

/** A block holding only links and separator glyphs is site navigation ("home · links · next"). */
function isNavigation(block: string): boolean {
  if (!block.includes(LINK_START)) return false;
  const outside = block.replace(/\u0001[^\u0002]*\u0002/g, '');
  return /^[\s·•|\-–—:/[\]()<>»«~*.,]*$/.test(outside);
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function htmlToText(html: string): HtmlText {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const title = titleMatch ? decodeHTML(titleMatch[1] ?? '').replace(/\s+/g, ' ').trim() || null : null;
  // Comments, then declarations and processing instructions (<!DOCTYPE …>, <?xml …?>), which
  // the tokenizer below would otherwise read as text.
  const source = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[!?][^>]*>/g, '').replace(DROP_CONTENT, '');
  const blocks: string[] = [];
  let current = '';
  let preDepth = 0;
  let linkOpen = false;
  const addresses: string[] = [];
  const log = new RepairLog();
  const endBlock = () => {
    const block = current.replace(/[ \t\u00A0]*\n[ \t\u00A0]*/g, '\n').replace(/^\n+|\n+$/g, '').trim();
    if (block && !isNavigation(block)) blocks.push(block.replace(/[\u0001\u0002]/g, ''));
    current = linkOpen ? LINK_START : '';
  };
  const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|([^<]+|<)/g;
  for (const match of source.matchAll(TOKEN)) {
    const [, closing, rawName, attributes, text] = match;
    if (text !== undefined) {
      // Most text holds no entity; decoding it anyway copied every paragraph once more.
      let decoded = (text.includes('&') ? decodeHTML(text) : text).replace(/\u00A0/g, ' ');
      if (decoded.includes('&')) decoded = repairEntities(decoded, log);
      current += preDepth > 0 ? decoded : decoded.replace(/[ \t\r\n]+/g, ' ');
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
