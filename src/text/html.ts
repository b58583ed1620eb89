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
  // Class names are free text on AO3 too; they cannot escape the page without styles.
  allowedClasses: { '*': [/^[\w-]{1,40}$/] as unknown as string[] },
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
