// Atom (RFC 4287) documents, written as text: the format is small and fixed, so a few lines
// of escaping serve better than a dependency. Text goes through `xml()` (the five XML
// entities, and characters XML 1.0 forbids dropped); HTML content is escaped the same way
// inside type="html", as the RFC allows, never placed raw.

export interface AtomEntry {
  id: string;
  title: string;
  href: string;
  published: string;
  updated: string;
  authors: string[];
  /** Stored, cleaned HTML. */
  summaryHtml: string | null;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The page this feed follows. */
  alternate: string;
  self: string;
  updated: string;
  /** The archive: the feed's author when an entry names none. */
  author: string;
  entries: AtomEntry[];
}

// Control characters other than tab and line ends are not allowed in XML 1.0, escaped or not.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** RFC 3339 with seconds, as Atom's date constructs ask. */
export function atomDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function entry(e: AtomEntry): string {
  const lines = [
    '  <entry>',
    `    <id>${xml(e.id)}</id>`,
    `    <title>${xml(e.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${xml(e.href)}"/>`,
    `    <published>${atomDate(e.published)}</published>`,
    `    <updated>${atomDate(e.updated)}</updated>`,
    ...e.authors.map((name) => `    <author><name>${xml(name)}</name></author>`),
    ...e.categories.map((term) => `    <category term="${xml(term)}"/>`),
    ...(e.summaryHtml ? [`    <summary type="html">${xml(e.summaryHtml)}</summary>`] : []),
    '  </entry>',
  ];
  return lines.join('\n');
}

export function atomFeed(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title>${xml(feed.title)}</title>`,
    `  <updated>${atomDate(feed.updated)}</updated>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.alternate)}"/>`,
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
