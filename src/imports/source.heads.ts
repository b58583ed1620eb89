import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { ImportedWork } from '../legacy/legacy.types.ts';
import { splitDigest } from '../legacy/digest.split.ts';
import { MboxSplitter } from '../legacy/mbox.split.ts';
import { MAX_STORY_BYTES } from '../legacy/parse.ts';

// The creators' private addresses, for claim invitations only (research/legacy.md §7.3).
// The parser keeps addresses out of every field of ImportedWork, as the contract demands; when
// it hands them over privately (`contacts`), they are used as given. Until then they are read
// again from the head of each source file: the sender of a mail, an E-mail label, a mailto
// link. For a message inside an mbox (`file#3`) the file is scanned once for the head of each
// message, numbered as the mbox adapter numbers them; the address is taken only when that head
// also names the creator, so a numbering slip can never invite the wrong person.
//
// The right claimant (issue 14): an invitation goes only to the author. An address written
// with the byline (an E-mail label, a mailto link) is the author's. The sender of a mail is the
// author only when the text does not say it was posted for someone else and the sender's name
// (or the address's own name) is the creator's; otherwise the work is flagged for the archivist
// and nobody is invited. Addresses are read by nodemailer's address parser (RFC 5322, the
// `addressparser` package folded into nodemailer, which the mailer uses already), so
// `Monture_&_Wicks@magic.ca` or `"Tara O'Shea" <tara@…>` come through whole.

const HEAD_BYTES = 16 * 1024;
const FROM_HEADER = /^From:[^\n]*$/im;
// Marks before the label stay on its line: `\s*` here ran over every blank line from each line start.
const EMAIL_LABEL = /^[ \t*_>[]*(?:e-?mail(?: address)?|email addy|e-mail addy|author(?:'s)? e-?mail|contact)\s*\]?\s*[:=-][^\n]*$/im;
const MAILTO = /mailto:([^"'>?\s]+)/i;

// Addresses that belong to the list or the archive, not to the writer.
const NOT_A_WRITER = /^(?:[^@]*-(?:owner|request|admin|bounces?)|listserv|majordomo|mailer-daemon|postmaster|no-?reply)@|@(?:yahoogroups|egroups|onelist)\.com$/i;

export interface WorkWithContacts extends ImportedWork {
  /** Given privately by the parser, one per creator where known. */
  contacts?: { name: string | null; address: string }[];
  /** The original date, where the parser gives it (ISO 8601: a `Date:` header, a `Posted:` label). */
  published?: string | null;
}

const DATE_HEADER = /^Date:[ \t]*([^\n]+)$/im;
const POSTED_LABEL = /^[ \t*_>[]*(?:posted|originally posted|first posted|date posted|written)(?: on)?\s*\]?\s*[:=-][ \t]*([^\n]{4,60})$/im;
/** The earliest date taken as real: fan fiction was mailed and posted long before 1990, but not before 1960. */
export const EARLIEST_DATE = '1960-01-01T00:00:00.000Z';

/** An ISO time of a date as written, when it is a real date between 1960 and `now`. */
export function plausibleDate(written: string | null | undefined, now: Date): string | null {
  if (!written) return null;
  const time = Date.parse(written.trim().replace(/\s+\([^)]*\)\s*$/, ''));
  if (!Number.isFinite(time)) return null;
  const iso = new Date(time).toISOString();
  return iso >= EARLIEST_DATE && time <= now.getTime() ? iso : null;
}

/** The original date in a head: the mail's `Date:` header, or a `Posted:` label. */
export function dateInHead(head: string, now: Date): string | null {
  return plausibleDate(head.match(DATE_HEADER)?.[1], now) ?? plausibleDate(head.match(POSTED_LABEL)?.[1], now);
}

const MESSAGE_HEAD_CHARS = 4096;
const CHUNK_BYTES = 1024 * 1024;

/** The first characters of each non-empty message of an mbox, by number (1, 2, …), as the mbox
 *  adapter numbers them; posts saved one after another in a message, or in a file with no "From "
 *  line at all, are numbered as the adapters number them too (legacy/digest.split.ts). */
function messageHeads(path: string): Map<number, string> {
  const heads = new Map<number, string>();
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const splitter = new MboxSplitter(MAX_STORY_BYTES);
    let count = 0;
    const keep = (messages: { raw: string }[]) => {
      for (const message of messages) for (const post of splitDigest(message.raw)) heads.set(++count, post.slice(0, MESSAGE_HEAD_CHARS));
    };
    for (let read = readSync(fd, buffer, 0, CHUNK_BYTES, null); read > 0 && !splitter.abandoned; read = readSync(fd, buffer, 0, CHUNK_BYTES, null)) {
      keep(splitter.push(buffer.subarray(0, read).toString('latin1')));
    }
    keep(splitter.end());
    if (count === 0) keep([{ raw: readFileSync(path).toString('latin1') }]);
  } finally {
    closeSync(fd);
  }
  return heads;
}

/**
 * Kept for one import run: works of one mbox arrive one after another, so the message heads
 * of the last mbox scanned are kept, and each mbox is read once more, not once per work.
 */
export interface ContactCache {
  mbox: { path: string; heads: Map<number, string> } | null;
}

function mboxMessageHead(cache: ContactCache, path: string, number: number): string | null {
  if (cache.mbox?.path !== path) cache.mbox = { path, heads: messageHeads(path) };
  return cache.mbox.heads.get(number) ?? null;
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** The first address of a header or label value (after its `Name:`), parsed as RFC 5322 says. */
function parsedAddress(value: string): { name: string; address: string } | null {
  const body = value.replace(/^[^:=]*?(?:from|e-?mail(?: address)?|addy|contact)\s*\]?\s*[:=-]\s*/i, '').trim();
  for (const found of addressparser(body, { flatten: true })) {
    const address = found.address.trim().toLowerCase();
    if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) && !NOT_A_WRITER.test(address)) return { name: found.name.trim(), address };
  }
  return null;
}

function pick(line: string | undefined): string | null {
  return line ? (parsedAddress(line)?.address ?? null) : null;
}

/** The first writer's address found in one file's head, or null. */
export function addressInHead(head: string): string | null {
  return pick(head.match(EMAIL_LABEL)?.[0]) ?? pick(head.match(FROM_HEADER)?.[0]) ?? pick(head.match(MAILTO)?.[1]);
}

// "posted for", "reposting this for", "on behalf of", "REPOST FOR X:", "sent to me by X".
const POSTED_FOR = /\b(?:(?:re)?post(?:ed|ing)?|send(?:ing)?|sent|forward(?:ed|ing)?|archiv(?:ed|ing))\b[^\n.]{0,30}?\b(?:for|on behalf of)\b|\bon behalf of\b|\bsent (?:to me )?by\b/i;

function nameWords(name: string): string[] {
  return name.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').split(' ').filter((w) => w.length >= 3);
}

/** Whether a sender is plainly the creator: the sender's name, or the address's own part, carries the creator's name. */
export function senderIsCreator(sender: { name: string; address: string }, creator: string): boolean {
  const words = nameWords(creator);
  if (words.length === 0) return false;
  const own = sender.address.split('@')[0]!.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const senderWords = new Set(nameWords(sender.name));
  return words.some((w) => senderWords.has(w) || own.includes(w));
}

export interface HeadContact {
  address: string | null;
  /** Why no invitation may go out although an address was found (a flag for the archivist). */
  doubt: string | null;
}

/** The author's address in one head: the byline's, or the sender's when the sender is the author. */
export function authorInHead(head: string, creator: string | undefined): HeadContact {
  const byline = pick(head.match(EMAIL_LABEL)?.[0]) ?? pick(head.match(MAILTO)?.[1]);
  if (byline) return { address: byline, doubt: null };
  const fromLine = head.match(FROM_HEADER)?.[0];
  const sender = fromLine ? parsedAddress(fromLine) : null;
  if (!sender) return { address: null, doubt: null };
  if (POSTED_FOR.test(head)) return { address: null, doubt: 'the text says it was posted for someone else, and gives no address of the author: no claim invitation was sent' };
  if (!creator || !senderIsCreator(sender, creator)) return { address: null, doubt: `the sender may not be the author ${creator ? `"${creator}"` : ''}: no claim invitation was sent`.replace(' :', ':') };
  return { address: sender.address, doubt: null };
}

/** What `read` finds in the head of one source (a file, or `file#N` of an mbox); null when it cannot be read. */
function headOf<T>(cache: ContactCache, source: string, read: (head: string) => T | null): T | null {
  const message = /^(.*)#(\d+)$/.exec(source);
  try {
    const head = message ? mboxMessageHead(cache, message[1]!, Number(message[2])) : readHead(source);
    return head ? read(head) : null;
  } catch {
    return null;
  }
}

/** The address of each creator, by position; null where none is known. */
export function creatorAddresses(work: WorkWithContacts, cache: ContactCache = { mbox: null }): (string | null)[] {
  return creatorContacts(work, cache).addresses;
}

/** Each creator's address by position, and why none was taken where the sender could not be told to be the author. */
export function creatorContacts(work: WorkWithContacts, cache: ContactCache = { mbox: null }, now = new Date()): { addresses: (string | null)[]; doubt: string | null; publishedAt: string | null } {
  const given = plausibleDate(work.published, now);
  let publishedAt: string | null = given;
  if (Array.isArray(work.contacts)) {
    // The parser's contacts are checked by the same rule: an address it took from the sender
    // of a story posted for someone else, or from a sender who is not the creator, invites nobody.
    let doubt: string | null = null;
    const addresses = work.creators.map((name, i) => {
      const contact = work.contacts!.find((c) => c.name === name) ?? work.contacts![i];
      if (!contact) return null;
      const address = contact.address.toLowerCase();
      const head = work.sources[0] ? headOf(cache, work.sources[0], (text) => text) : null;
      if (head && i === 0) {
        const author = authorInHead(head, name);
        const sender = head.match(FROM_HEADER)?.[0];
        const fromSender = sender ? parsedAddress(sender)?.address === address : false;
        if (fromSender && author.address !== address) {
          doubt = author.doubt;
          return author.address;
        }
      }
      return address;
    });
    for (const source of work.sources) {
      if (publishedAt) break;
      publishedAt = headOf(cache, source, (head) => dateInHead(head, now));
    }
    return { addresses, doubt, publishedAt };
  }
  let found: HeadContact = { address: null, doubt: null };
  const creator = work.creators[0];
  const firstCreator = creator?.toLowerCase();
  for (const source of work.sources) {
    const message = /^(.*)#(\d+)$/.exec(source);
    const settled = found.address !== null || found.doubt !== null;
    try {
      const head = message ? mboxMessageHead(cache, message[1]!, Number(message[2])) : readHead(source);
      // The first part's date is the work's: the sources come in the parts' order.
      publishedAt ??= head ? dateInHead(head, now) : null;
      if (!settled) {
        if (!message) found = authorInHead(head!, creator);
        else if (head && firstCreator && head.toLowerCase().includes(firstCreator)) found = authorInHead(head, creator);
      }
    } catch {
      // An unreadable source gives nothing; the next may.
    }
    if ((found.address !== null || found.doubt !== null) && publishedAt) break;
  }
  // One address in a file belongs to its first creator; co-creators are left unreachable.
  return { addresses: work.creators.map((_, i) => (i === 0 ? found.address : null)), doubt: found.doubt, publishedAt };
}
