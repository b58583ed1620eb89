// E-mail addresses as legacy files write them: the one place their patterns live.
//
// Each pattern starts only where a run of address characters starts (the look-behind). Without
// it, a long run of such characters with no "@" after it ("a.a.a…", one 128 KB token) was
// scanned again from every one of its characters: quadratic, minutes for a large file. The
// leftmost match of a pattern always starts at the start of its run anyway (what follows the
// run is the same from any point in it), so each finds what it found before; the one difference
// is a second match in a global search glued to the end of the first ("a@b.c.+x@y.z"), which
// no longer splits off.

/** name@domain.tld, as the parser reads it everywhere (headers, bylines, footers). */
export const ADDRESS = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
export const ADDRESS_GLOBAL = new RegExp(ADDRESS.source, 'g');

/** An address in a mail header: RFC 5322 allows more characters before the "@". */
export const MAIL_HEADER_ADDRESS_GLOBAL = /(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;

// "name at domain dot com", "name [at] domain [dot] com": written so that harvesters miss it.
// A match starts at the first word boundary of its run (the look-behind, lazy so that it stops
// at the nearest word character), brackets and their spaces are one optional group each (two
// `\s*` around an optional bracket split a run of spaces every possible way), and the domain
// before "dot" is at most 64 characters, as a domain label is (RFC 1035), so that each "at"
// in a long token is followed by a bounded search for "dot".
const OBFUSCATED = String.raw`\b(?<!\w[\w.+-]*?)[\w.+-]+\s*(?:[[(]\s*)?at\s*(?:[\])]\s*)?[\w-]{1,64}\s*(?:[[(]\s*)?dot\s*(?:[\])]\s*)?\w+`;
const ADDRESS_OR_OBFUSCATED = new RegExp(`${ADDRESS.source}|${OBFUSCATED}`, 'i');

/** The first address in a text, plain or obfuscated ("name at domain dot com"), or null. */
export function findAddress(text: string): string | null {
  return ADDRESS_OR_OBFUSCATED.exec(text)?.[0] ?? null;
}

export function hasAddress(text: string): boolean {
  return ADDRESS_OR_OBFUSCATED.test(text);
}

/** Every plain address in a text. */
export function addressesIn(text: string): string[] {
  return text.match(ADDRESS_GLOBAL) ?? [];
}

/** The first plain address in a text, or null. */
export function firstAddress(text: string): string | null {
  return ADDRESS.exec(text)?.[0] ?? null;
}

// Each named address is looked for on its own, so that one written inside a longer token goes
// too; with a few that is quickest. A long To: list names hundreds, and looking for each in every
// field and chapter grew with the square of the file. Beyond this many, one pass takes out every
// address-shaped token and every named obfuscated one instead: more than was named, never less.
const MANY_ADDRESSES = 64;
const ANY_ADDRESS_GLOBAL = new RegExp(`${MAIL_HEADER_ADDRESS_GLOBAL.source}|${OBFUSCATED}`, 'gi');

/** `text` without the given addresses, each replaced by `replacement`; `removed` hears of each one found. */
export function removeAddresses(text: string, addresses: ReadonlySet<string>, replacement: string, removed: (address: string) => void = () => {}): string {
  if (addresses.size <= MANY_ADDRESSES) {
    for (const address of addresses) {
      if (!text.includes(address)) continue;
      removed(address);
      text = text.split(address).join(replacement);
    }
    return text;
  }
  return text.replace(ANY_ADDRESS_GLOBAL, (match) => {
    if (!match.includes('@') && !addresses.has(match)) return match;
    removed(match);
    return replacement;
  });
}

const REDACTED = '[email address removed]';

/**
 * Every address in a text replaced by a notice: the widest pattern (a mail header's), as a
 * guard on what is shown in public.
 */
export function redactAddresses(text: string): string {
  return text.replace(MAIL_HEADER_ADDRESS_GLOBAL, REDACTED);
}
