import sanitizeHtml from 'sanitize-html';
import { addParagraphs } from './paragraphs.ts';
import { countWords } from './words.ts';

// What authors may use in works: AO3's allowlist, minus anything that can run code or
// restyle the page outside the story (no style attribute, no forms, no embeds).
const allowedTags = [
  'a', 'abbr', 'acronym', 'address', 'b', 'big', 'blockquote', 'br', 'caption', 'center', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'ol', 'p',
  'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub',
  'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var',
];

/**
 * The only classes user HTML keeps (styled inside `.userstuff` and summaries in site.css).
 * Any other name could be one of the site's own (`flash`, `error-summary`, `notice`) and draw
 * a fake system message inside a story; AO3 gives classes meaning only through work skins,
 * which this archive does not have.
 */
export const USER_CLASSES: readonly string[] = ['align-left', 'align-center', 'align-right', 'align-justify'];
const USER_CLASS_SET = new Set(USER_CLASSES);

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    '*': ['title', 'dir', 'lang', 'class'],
    a: ['href', 'name', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align'],
    th: ['colspan', 'rowspan', 'align'],
    p: ['align'],
    div: ['align'],
    ol: ['start', 'type'],
    blockquote: ['cite'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  allowedClasses: { '*': [...USER_CLASSES] },
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc' }),
  },
};

const ANY_TAG = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i;

export function looksLikeHtml(text: string): boolean {
  return ANY_TAG.test(text);
}

// Passes that cannot match are skipped (includes() is a fast scan; a replace that finds nothing
// still copies nothing but costs a search): prose seldom holds "&", "<", ">" or "\r", and the
// importer turns every chapter of every file into stored HTML and back into search text.

export function escapeHtml(text: string): string {
  let out = text.includes('&') ? text.replace(/&/g, '&amp;') : text;
  if (out.includes('<')) out = out.replace(/</g, '&lt;');
  if (out.includes('>')) out = out.replace(/>/g, '&gt;');
  return out.includes('"') ? out.replace(/"/g, '&quot;') : out;
}

/** Blank lines make paragraphs, single line breaks stay line breaks. */
function paragraphs(text: string): string {
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)
    .split(/\n[ \t]*\n+/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br />\n')}</p>`)
    .join('\n');
}

/**
 * Turns what an author typed (plain text or HTML) into the clean HTML we store. Text typed
 * between the tags still gets paragraphs from its blank lines and line breaks from its single
 * newlines, except inside blocks the author wrote (src/text/paragraphs.ts), as AO3 does.
 */
export function toStoredHtml(input: string): string {
  if (!looksLikeHtml(input)) return plainTextToStoredHtml(input);
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  return addParagraphs(sanitizeHtml(text, sanitizeOptions));
}

// In stored HTML (sanitize-html's output) attributes are double-quoted with `"`, `<` and `>`
// escaped inside, so a class attribute is always this and never appears in text.
const CLASS_ATTRIBUTE = /(<[a-z][a-z0-9]*\b[^>]*?)\sclass="([^"]*)"/gi;

/**
 * Stored HTML as it is shown: classes outside USER_CLASSES are dropped. Works stored before
 * the rule (and imports) still hold any class; doing it when the page is drawn covers them
 * all without rewriting every chapter, and costs one scan where no class is left.
 */
export function withUserClasses(html: string): string {
  if (!html.includes('class=')) return html;
  return html.replace(CLASS_ATTRIBUTE, (_whole, tag: string, value: string) => {
    const kept = value.split(/\s+/).filter((name) => USER_CLASS_SET.has(name));
    return kept.length > 0 ? `${tag} class="${kept.join(' ')}"` : tag;
  });
}

/** What `toStoredHtml` makes of text already known to hold nothing tag-like. */
export function plainTextToStoredHtml(text: string): string {
  return paragraphs(text);
}

const BLOCK_BOUNDARY = /<\/?(p|div|br|blockquote|table|tr|td|th|li|ul|ol|dl|dt|dd|h[1-6]|pre|hr|center|details|summary|figure|figcaption|caption)\b[^>]*>/gi;

/** Plain text of stored HTML: block boundaries become blank lines, inline tags vanish. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(BLOCK_BOUNDARY, '\n\n').replace(/<[^>]*>/g, ''))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function countHtmlWords(html: string): number {
  return countWords(htmlToText(html));
}

// sanitize-html writes text back with only these entities, so this short list decodes
// everything it can produce, plus numeric references typed by authors.
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
