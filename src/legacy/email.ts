import { collapseSpaces } from '../text/spaces.ts';
import { MAIL_HEADER_ADDRESS_GLOBAL } from './addresses.ts';
import { decodeBytes } from './decode.ts';
import { fandomByName } from './fandoms.ts';
import { htmlToText, inlineTagsToText } from './html.flatten.ts';
import type { MailInfo, Repair, SourceDocument } from './legacy.types.ts';
import { RepairLog } from './repair.log.ts';

// One RFC 5322 message (or a Usenet post saved with its headers) → a SourceDocument. MIME is
// undone to bytes first (quoted-printable, base64), then the charset is applied as a hint to
// decode.ts, because "iso-8859-1" declared over cp1252 bytes was normal (research §5.6).

const MAIL_HEADER_NAMES = /^(from|to|cc|subject|date|message-id|newsgroups|received|return-path|mime-version|content-type|path|reply-to|sender|list-id|in-reply-to|references|x-[\w-]+|delivered-to|organization|lines|user-agent|x-mailer)$/i;

/** True when the text opens with a block of mail or news headers. */
export function looksLikeMessage(head: string): boolean {
  const lines = head.replace(/\r/g, '').split('\n');
  let known = 0;
  let sawFromOrSubject = false;
  for (const line of lines.slice(0, 60)) {
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) continue;
    const match = /^([A-Za-z][\w-]*):/.exec(line);
    if (!match) return false;
    if (MAIL_HEADER_NAMES.test(match[1] ?? '')) known++;
    if (/^(from|subject|newsgroups)$/i.test(match[1] ?? '')) sawFromOrSubject = true;
  }
  return known >= 2 && sawFromOrSubject;
}

// A message saved with its sender line only ("From: jane@example.org (Jane Doe)", then a blank
// line, then the text): the line names who sent it, as a full header would. An address is
// required: a story's memo ("From: Scully") has none. A sender line is short: a long first line
// is not searched (the address pattern, tried along a long run of letters, is slow).
const SENDER_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** True when the text opens with a sender line alone, a blank line under it. */
export function opensWithSenderLine(head: string): boolean {
  if (!head.startsWith('From:')) return false;
  const [first = '', second] = head.split('\n', 2);
  return first.length <= 200 && second !== undefined && second.trim() === '' && SENDER_ADDRESS.test(first);
}

interface Part {
  headers: Map<string, string>;
  body: Uint8Array;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function splitHeaderBody(bytes: Uint8Array): Part {
  const text = latin1(bytes);
  const match = /\r?\n[ \t]*\r?\n/.exec(text);
  const headerText = match ? text.slice(0, match.index) : text;
  const bodyStart = match ? match.index + match[0].length : text.length;
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body: bytes.subarray(bodyStart) };
}

const isBlank = (code: number) => code === 0x20 || code === 0x09;

/**
 * The text without the spaces and tabs that end each line (before its CR, if any), as
 * `/[ \t]+(?=\r?\n)/g` removes them. That pattern tried a long run of blanks with no line break
 * after it from each of its blanks again: quadratic, 5 s for 50 KB of spaces.
 */
function withoutTrailingBlanks(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    const cr = line.endsWith('\r') ? 1 : 0;
    let end = line.length - cr;
    while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
    if (end < line.length - cr) lines[i] = line.slice(0, end) + (cr ? '\r' : '');
  }
  return lines.join('\n');
}

function decodeQuotedPrintable(text: string): Uint8Array {
  const bytes: number[] = [];
  const source = withoutTrailingBlanks(text).replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 0x3d && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** RFC 2047 encoded words; adjacent words join without the space between them. */
export function decodeHeaderValue(raw: string, log?: RepairLog): string {
  const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  const joined = raw.replace(/(\?=)\s+(?==\?)/g, '$1');
  let out = '';
  let last = 0;
  for (const match of joined.matchAll(WORD)) {
    out += decodeBytes(Buffer.from(joined.slice(last, match.index), 'latin1')).text;
    const [, charset, encoding, payload] = match;
    const bytes = encoding?.toLowerCase() === 'b'
      ? Buffer.from(payload ?? '', 'base64')
      : decodeQuotedPrintable((payload ?? '').replace(/_/g, ' '));
    const decoded = decodeBytes(bytes, charset?.split('*')[0]);
    log?.addAll(decoded.repairs);
    out += decoded.text;
    last = (match.index ?? 0) + match[0].length;
  }
  out += decodeBytes(Buffer.from(joined.slice(last), 'latin1')).text;
  return collapseSpaces(out).trim();
}

function parameter(value: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function transferDecode(part: Part): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(latin1(part.body).replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(latin1(part.body));
  return part.body;
}

/** The text part a reader would see: the first text/plain, else the first text/html. */
function pickTextPart(part: Part, depth = 0): Part | null {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (!type.startsWith('multipart/')) return type.startsWith('text/') || !part.headers.has('content-type') ? part : null;
  const boundary = parameter(part.headers.get('content-type') ?? '', 'boundary');
  if (!boundary || depth > 5) return null;
  const pieces = latin1(part.body).split(new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*$`, 'm'));
  const parts = pieces.slice(1, -1).map((piece) => splitHeaderBody(Buffer.from(piece.replace(/^\r?\n/, ''), 'latin1')));
  const chosen = parts.map((p) => pickTextPart(p, depth + 1)).filter((p): p is Part => p !== null);
  return chosen.find((p) => !/html/i.test(p.headers.get('content-type') ?? '')) ?? chosen[0] ?? null;
}

/** RFC 3676: a line ending in a space continues on the next one (delsp removes that space). */
function unflow(text: string, delsp: boolean): string {
  const lines = text.split('\n').map((line) => (line.startsWith(' ') ? line.slice(1) : line));
  let out = '';
  for (const line of lines) {
    if (line.endsWith(' ') && line !== '-- ') out += delsp ? line.slice(0, -1) : line;
    else out += `${line}\n`;
  }
  return out;
}

function displayName(from: string): string | null {
  const angle = /^\s*"?([^"<]*?)"?\s*<[^>]*>/.exec(from);
  if (angle && angle[1]?.trim()) return angle[1].trim();
  const comment = firstComment(from);
  if (comment?.trim()) return comment.trim();
  return null;
}

/**
 * What the first "(…)" holding something holds, as `/\(([^)]+)\)/` finds it. The pattern searched
 * for a ")" to the end from every "(" of a run without one: quadratic, 1.4 s for 50 KB of "(".
 * Once no ")" follows one "(", none follows any later one.
 */
function firstComment(text: string): string | null {
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
    const close = text.indexOf(')', open + 1);
    if (close < 0) return null;
    if (close > open + 1) return text.slice(open + 1, close);
  }
  return null;
}

function listNameOf(headers: Map<string, string>, subject: string | null): string | null {
  const listId = headers.get('list-id');
  if (listId) {
    const match = /<([^.>]+)[.>]/.exec(listId);
    if (match?.[1]) return match[1];
  }
  // A [tag] in a news post names the fandom ("[TOS]"); in list mail it is the list ("[svfic]").
  const newsgroups = headers.get('newsgroups');
  if (newsgroups) return newsgroups.split(/[,\s]+/)[0] ?? null;
  const tag = subject ? /^(?:(?:re|fwd?|aw)\s*:\s*)*\[([^\]]+)\]/i.exec(subject) : null;
  if (tag?.[1] && !/^\d|^(nc-?17|pg-?13|pg|g|r|fic|new)$/i.test(tag[1]) && !fandomByName(tag[1])) return tag[1];
  const mailingList = headers.get('mailing-list') ?? headers.get('x-mailing-list');
  return mailingList ? (/list\s+([^;@\s]+)/i.exec(mailingList)?.[1] ?? null) : null;
}

export function parseMessage(bytes: Uint8Array, source: string): SourceDocument {
  const message = splitHeaderBody(bytes);
  const log = new RepairLog();
  const headers = message.headers;
  const subjectRaw = headers.get('subject');
  const subject = subjectRaw !== undefined ? decodeHeaderValue(subjectRaw, log) : null;
  const from = headers.get('from');
  const addresses = new Set<string>();
  for (const name of ['from', 'to', 'cc', 'reply-to', 'sender', 'return-path', 'list-post', 'delivered-to', 'errors-to', 'x-original-sender']) {
    for (const address of headers.get(name)?.match(MAIL_HEADER_ADDRESS_GLOBAL) ?? []) addresses.add(address.toLowerCase());
  }
  const part = pickTextPart(message) ?? { headers: new Map<string, string>(), body: new Uint8Array() };
  const contentType = part.headers.get('content-type') ?? headers.get('content-type') ?? 'text/plain';
  const isHtml = /text\/html/i.test(contentType);
  const decoded = decodeBytes(transferDecode(part), parameter(contentType, 'charset'), isHtml);
  let text = decoded.text;
  if (/format\s*=\s*"?flowed/i.test(contentType)) text = unflow(text, /delsp\s*=\s*"?yes/i.test(contentType));
  let htmlTitle: string | null = null;
  if (!isHtml) text = inlineTagsToText(text);
  else {
    const html = htmlToText(text);
    text = html.text;
    htmlTitle = html.title;
    for (const address of html.addresses) addresses.add(address);
    log.addAll(html.repairs);
  }
  const repairs: Repair[] = [...log.list(), ...decoded.repairs];
  const mail: MailInfo = {
    subject,
    fromName: from ? displayName(decodeHeaderValue(from)) : null,
    fromAddress: from?.match(MAIL_HEADER_ADDRESS_GLOBAL)?.[0]?.toLowerCase() ?? null,
    date: headers.get('date') ?? null,
    messageId: headers.get('message-id') ?? null,
    listName: listNameOf(headers, subject),
    newsgroups: headers.get('newsgroups') ?? null,
    isReply: Boolean(subject && /^\s*(re|aw|sv)\s*(\[\d+\])?\s*:/i.test(subject.replace(/^\[[^\]]*\]\s*/, ''))),
  };
  return { source, text, encoding: decoded.encoding, repairs, mail, htmlTitle, addresses: [...addresses] };
}
