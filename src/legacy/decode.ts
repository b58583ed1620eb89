import chardet from 'chardet';
import { decodeHTMLStrict } from 'entities';
import iconv from 'iconv-lite';
import type { Repair } from './legacy.types.ts';
import { RepairLog } from './repair.log.ts';

// Bytes to text, per file (research/legacy.md §5.1). Node's TextDecoder maps cp1252 0x80–0x9F to
// C1 controls on Node 20 (nodejs/node#56542), so single-byte text goes through iconv-lite.
// No decoder here deletes a byte: undefined cp1252 bytes stay as their C1 code point.

export interface DecodedText {
  text: string;
  encoding: string;
  repairs: Repair[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** cp1252 through iconv-lite, with the five undefined bytes kept as U+0081… instead of U+FFFD. */
export function decodeCp1252(bytes: Uint8Array): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1252');
  if (!text.includes('\uFFFD')) return text;
  // A single-byte decoding gives one UTF-16 unit per byte, so indexes line up.
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const byte = bytes[i] as number;
    out += text[i] === '\uFFFD' && CP1252_UNDEFINED.has(byte) ? String.fromCharCode(byte) : text[i];
  }
  return out;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'windows-1252') return decodeCp1252(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/** Canonical name for a declared or detected charset label; null when iconv-lite cannot read it. */
export function canonicalEncoding(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (/^(us-)?ascii$|^utf-?8$|^unicode-1-1-utf-8$/.test(name)) return 'utf-8';
  // WHATWG: latin-1 labels mean windows-1252 (the printable superset the authors' machines wrote).
  if (/^(iso[-_]?8859-1|latin-?1|l1|cp1252|windows-1252|x-cp1252|cp819|ibm819)$/.test(name)) return 'windows-1252';
  if (/^(mac(intosh)?|x-mac-roman|macroman)$/.test(name)) return 'macintosh';
  if (/^utf-?16(le)?$/.test(name)) return 'utf-16le';
  if (/^utf-?16be$/.test(name)) return 'utf-16be';
  return iconv.encodingExists(name) ? name : null;
}

// Characters that a plausible English text holds where each single-byte reading differs.
const PUNCTUATION = /[\u2018\u2019\u201C\u201D\u2013\u2014\u2026]/u;
const LOWER_ACCENTED = /[à-öø-ÿ]/u;
const UPPER_ACCENTED = /[À-ÖØ-Þ]/u;

/** Scores how natural the high characters of a single-byte reading look in their context. */
function plausibility(text: string, bytes: Uint8Array): number {
  let score = 0;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) < 0x80) continue;
    const ch = text[i] ?? '';
    const before = text[i - 1] ?? ' ';
    const after = text[i + 1] ?? ' ';
    const letterBefore = /\p{L}/u.test(before);
    const letterAfter = /\p{L}/u.test(after);
    if (/[\u0080-\u009F\uFFFD]/.test(ch)) score -= 5;
    else if (PUNCTUATION.test(ch)) score += 2;
    else if (UPPER_ACCENTED.test(ch)) score += letterBefore && /\p{Ll}/u.test(before) ? -3 : 0;
    else if (LOWER_ACCENTED.test(ch)) score += letterBefore || letterAfter ? (/\p{Lu}/u.test(after) ? -2 : 1) : -2;
    else if (/[\p{S}\p{P}]/u.test(ch) && letterBefore && letterAfter) score -= 2;
  }
  return score;
}

/** Picks the encoding of bytes that are not UTF-8: cp1252 unless MacRoman reads clearly better. */
function guessSingleByte(bytes: Uint8Array, declared: string | null): string {
  if (declared && declared !== 'utf-8' && declared !== 'windows-1252' && declared !== 'macintosh') return declared;
  const cp1252 = plausibility(decodeCp1252(bytes), bytes);
  const macRoman = plausibility(decodeWith(bytes, 'macintosh'), bytes);
  if (macRoman > cp1252) return 'macintosh';
  if (cp1252 < 0) {
    // Neither Western reading fits: let chardet name another family (Cyrillic, Greek …).
    const guess = canonicalEncoding(chardet.detect(bytes));
    if (guess && guess !== 'utf-8' && !guess.startsWith('utf-16')) return guess;
  }
  return 'windows-1252';
}

/** Bytes → NFC text with LF line ends, the encoding used, and every repair made. */
export function decodeBytes(bytes: Uint8Array, declaredLabel?: string | null, markup = false): DecodedText {
  let encoding: string;
  let text: string;
  let decoded: string | null = null;
  let body = bytes;
  const utf16 = unmarkedUtf16(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    encoding = 'utf-8';
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    body = bytes.subarray(2);
    encoding = 'utf-16le';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    body = bytes.subarray(2);
    encoding = 'utf-16be';
  } else if (utf16) {
    encoding = utf16;
  } else {
    // Valid UTF-8 (ASCII is) decodes here once, to the text the lenient decoder gives: scanning
    // for high bytes first, then decoding again, cost a pass in JavaScript over every file.
    try {
      decoded = UTF8.decode(bytes);
      encoding = 'utf-8';
    } catch {
      encoding = guessSingleByte(bytes, canonicalEncoding(declaredLabel));
    }
  }
  text = decoded ?? (encoding === 'utf-8' ? new TextDecoder('utf-8').decode(body) : decodeWith(body, encoding));
  const log = new RepairLog();
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = repairText(text, log, markup);
  return { text, encoding, repairs: log.list() };
}

// --- mojibake (research/legacy.md §5.2): UTF-8 bytes read as cp1252, latin-1 or MacRoman ---

const CP1252_SPECIALS = decodeCp1252(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));

interface MisreadingView {
  pattern: RegExp;
  toByte: Map<string, number>;
}

/** The characters a single-byte decoder makes of UTF-8 lead and continuation bytes. */
function buildView(decodeByte: (byte: number) => string, extraContinuation: string): MisreadingView {
  const toByte = new Map<string, number>();
  const charsOf = (from: number, to: number) => {
    let chars = '';
    for (let byte = from; byte <= to; byte++) {
      const ch = decodeByte(byte);
      toByte.set(ch, byte);
      chars += ch;
    }
    return chars;
  };
  const escape = (chars: string) => chars.replace(/[\\\]^-]/g, '\\$&');
  const cont = `[${escape(charsOf(0x80, 0xbf) + extraContinuation)}]`;
  const lead2 = `[${escape(charsOf(0xc2, 0xdf))}]`;
  const lead3 = `[${escape(charsOf(0xe0, 0xef))}]`;
  const lead4 = `[${escape(charsOf(0xf0, 0xf4))}]`;
  const pattern = new RegExp(`${lead4}${cont}{3}|${lead3}${cont}{2}|${lead2}${cont}`, 'gu');
  return { pattern, toByte };
}

// Latin-1 readings leave C1 controls where cp1252 has specials: both map back to the same byte.
const C1 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
const cp1252View = buildView((byte) => decodeCp1252(Uint8Array.of(byte)), C1);
for (let i = 0; i < 32; i++) cp1252View.toByte.set(String.fromCharCode(0x80 + i), 0x80 + i);
const macRomanView = buildView((byte) => iconv.decode(Buffer.of(byte), 'macintosh'), '');

function undoMisreading(text: string, view: MisreadingView): string {
  return text.replace(view.pattern, (segment) => {
    const bytes: number[] = [];
    for (const ch of segment) {
      const byte = view.toByte.get(ch);
      if (byte === undefined) return segment;
      bytes.push(byte);
    }
    try {
      return UTF8.decode(Uint8Array.from(bytes));
    } catch {
      return segment;
    }
  });
}

// A run of characters that mojibake is made of; each run is repaired on its own, so that a repair
// is logged from what the file held to what the author wrote, across double encodings.
const SUSPECT_RUN = /[\u0080-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122\uFFFD]+/g;
const MAC_RUN = /[\u00C4\u00C5\u00C7\u00C9\u00D1\u00D6\u00DC\u00E0-\u00FC\u2020\u00B0\u00A2\u00A3\u00A7\u2022\u00B6\u00DF\u00AE\u00A9\u2122\u00B4\u00A8\u2260\u00C6\u00D8\u221E\u00B1\u2264\u2265\u00A5\u00B5\u2202\u2211\u220F\u03C0\u222B\u00AA\u00BA\u03A9\u00E6\u00F8\u00BF\u00A1\u00AC\u221A\u0192\u2248\u2206\u00AB\u00BB\u2026\u00A0\u00C0\u00C3\u00D5\u0152\u0153\u2013\u2014\u201C\u201D\u2018\u2019\u00F7\u25CA\u00FF\u0178\u2044\u20AC\u2039\u203A\uFB01\uFB02\u2021\u00B7\u201A\u201E\u2030\u00C2\u00CA\u00C1\u00CB\u00C8\u00CD\u00CE\u00CF\u00CC\u00D3\u00D4\uF8FF\u00D2\u00DA\u00DB\u00D9\u0131\u02C6\u02DC\u00AF\u02D8\u02D9\u02DA\u00B8\u02DD\u02DB\u02C7]+/g;

// Most text holds no mojibake at all: look for one misread sequence before repairing run by run.
const CP1252_HINT = new RegExp(cp1252View.pattern.source, 'u');

function repairRuns(text: string, pattern: RegExp, view: MisreadingView, log: RepairLog): string {
  return text.replace(pattern, (run: string, offset: number, whole: string) => {
    let fixed = run;
    for (let round = 0; round < 3; round++) {
      const next = undoMisreading(fixed, view);
      if (next === fixed) break;
      fixed = next;
    }
    // "â€" + U+FFFD, or "â€" cut short: the third byte was 0x9D, undefined in cp1252 (a right quote).
    const after = whole.charAt(offset + run.length);
    fixed = fixed.replace(/\u00E2\u20AC(?:\uFFFD|\u009D|$)/g, (seg, at: number) =>
      seg.length > 2 || at + seg.length < fixed.length || after === '' || /[\s,.;:!?)'"]/.test(after) ? '\u201D' : seg,
    );
    if (fixed !== run) log.add('mojibake', run, fixed);
    return fixed;
  });
}

/** C1 controls never belong in fiction: they are cp1252 bytes read as latin-1. */
function repairC1(text: string, log: RepairLog): string {
  return text.replace(/[\u0080-\u009F]/g, (ch) => {
    const byte = ch.charCodeAt(0);
    if (CP1252_UNDEFINED.has(byte)) return ch;
    const fixed = CP1252_SPECIALS[byte - 0x80] as string;
    log.add('c1-control', `U+${byte.toString(16).toUpperCase().padStart(4, '0')}`, fixed);
    return fixed;
  });
}

/** Entities typed into plain text (Word "Save as HTML", FrontPage), double escapes included. */
export function repairEntities(text: string, log: RepairLog): string {
  const ENTITY = /&(?:amp;)?(?:#\d{2,7}|#x[0-9a-f]{2,6}|[a-z][a-z0-9]{1,31});/gi;
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (entity) => {
    let decoded = decodeHTMLStrict(entity);
    if (/^&#?\w+;$/.test(decoded)) decoded = decodeHTMLStrict(decoded);
    if (decoded === entity || /^&#?\w+;$/.test(decoded)) return entity;
    log.add('html-entity', entity, decoded);
    return decoded;
  });
}

/** The text-level repairs every source gets after decoding. */
export function repairText(input: string, log: RepairLog, markup = false): string {
  let text = input;
  if (/[\u0080-\u00FF\u2018-\u2122\u0152-\u0192\u02C6\u02DC\uFFFD]/.test(text)) {
    // UTF-8 read as MacRoman ("‚Äô", "√©") first: read as cp1252, those runs would decode wrongly.
    if (/[\u201A\u221A][\u00C4\u00E2\u00E1\u00D1\u00A9]/.test(text)) text = repairRuns(text, MAC_RUN, macRomanView, log);
    // "â€?": the right quote's third byte became "?" in a lossy conversion.
    text = text.replace(/\u00E2\u20AC\?(?=\s|$|[,.;:!)])/g, (seg) => {
      log.add('mojibake', seg, '\u201D');
      return '\u201D';
    });
    if (CP1252_HINT.test(text) || text.includes('\u00E2\u20AC')) text = repairRuns(text, SUSPECT_RUN, cp1252View, log);
    text = repairC1(text, log);
  }
  // In HTML, entities are markup and the HTML reader resolves them; in plain text they are damage.
  if (!markup) text = repairEntities(text, log);
  return text.normalize('NFC');
}

/** UTF-16 saved without a byte order mark: ASCII letters with a zero byte beside each. */
export function unmarkedUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, 4096);
  // Without a single zero byte it cannot be; indexOf is a native scan, the count below is not
  // (it ran twice for every file, 1% of the parser's time).
  if (sample.length < 8 || sample.indexOf(0) === -1) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddZeros > pairs * 0.9 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.9 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Files that are not text at all: NUL bytes or many control characters in the first 8 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || unmarkedUtf16(head)) return false;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i] as number;
    if (byte >= 0x20) continue;
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte !== 0x1b)) controls++;
  }
  return controls > head.length * 0.05;
}
