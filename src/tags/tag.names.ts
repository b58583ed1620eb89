import { TAG_NAME_MAX } from './tag.types.ts';

// AO3 escapes the characters that would break a path segment with short codes
// ("Clark Kent/Lex Luthor" → "Clark Kent*s*Lex Luthor"), so tag URLs stay readable and
// readers' bookmarks and tools carry over. The rest is ordinary percent-encoding.
const ESCAPE: Record<string, string> = { '*': 'x', '/': 's', '&': 'a', '.': 'd', '?': 'q', '#': 'h' };
const UNESCAPE: Record<string, string> = Object.fromEntries(Object.entries(ESCAPE).map(([char, code]) => [code, char]));

/** The URL-safe name of a tag (before percent-encoding, which `tagPath` adds). */
export function toUrlName(name: string): string {
  return name.replace(/[*/&.?#]/g, (char) => `*${ESCAPE[char]}*`);
}

/** Decodes in one left-to-right pass, so an escaped "*" never pairs with its neighbour. */
export function fromUrlName(urlName: string): string {
  return urlName.replace(/\*([xsadqh])\*/g, (_, code: string) => UNESCAPE[code]!);
}

export function tagPath(urlName: string): string {
  return `/tags/${encodeURIComponent(urlName)}/works`;
}

/** The Atom feed of the tag's works (AO3's address). */
export function tagFeedPath(urlName: string): string {
  return `/tags/${encodeURIComponent(urlName)}/feed.atom`;
}

/** The form of a name used for uniqueness: case and spacing do not make a new tag. */
export function tagKey(name: string): string {
  return normaliseTagName(name).toLowerCase();
}

export function normaliseTagName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Splits a comma-separated tag field into distinct, tidied names. */
export function splitTagList(field: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of field.split(/[,，、]/)) {
    const name = normaliseTagName(part);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

// Characters AO3 refuses in tag names; commas separate tags and never reach here.
const FORBIDDEN = /[<>{}^=`\\%]/;

/** A message when the name cannot be a tag, otherwise null. */
export function checkTagName(name: string): string | null {
  if (name.length > TAG_NAME_MAX) return `“${name.slice(0, 40)}…” is longer than ${TAG_NAME_MAX} characters.`;
  if (FORBIDDEN.test(name)) return `“${name}” holds a character tags cannot use (< > { } ^ = \` \\ %).`;
  if (!/[\p{L}\p{N}]/u.test(name)) return `“${name}” needs at least one letter or digit.`;
  return null;
}

/** The tag's own page (names, synonyms, fandoms, meta and sub tags). */
export function tagPagePath(urlName: string): string {
  return `/tags/${encodeURIComponent(urlName)}`;
}

export function tagEditPath(urlName: string): string {
  return `/tags/${encodeURIComponent(urlName)}/edit`;
}
