import { closeSync, openSync, readSync } from 'node:fs';
import { firstAddress } from '../legacy/addresses.ts';
import type { ImportedWork } from '../legacy/legacy.types.ts';
import { MboxSplitter } from '../legacy/mbox.split.ts';
import { MAX_STORY_BYTES } from '../legacy/parse.ts';

// The creators' private addresses, for claim invitations only (research/legacy.md §7.3).
// The parser keeps addresses out of every field of ImportedWork, as the contract demands; when
// it hands them over privately (`contacts`), they are used as given. Until then they are read
// again from the head of each source file: the sender of a mail, an E-mail label, a mailto
// link. For a message inside an mbox (`file#3`) the file is scanned once for the head of each
// message, numbered as the mbox adapter numbers them; the address is taken only when that head
// also names the creator, so a numbering slip can never invite the wrong person.

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
}

const MESSAGE_HEAD_CHARS = 4096;
const CHUNK_BYTES = 1024 * 1024;

/** The first characters of each non-empty message of an mbox, by number (1, 2, …), as the mbox adapter numbers them. */
function messageHeads(path: string): Map<number, string> {
  const heads = new Map<number, string>();
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const splitter = new MboxSplitter(MAX_STORY_BYTES);
    let count = 0;
    const keep = (messages: { raw: string }[]) => {
      for (const message of messages) heads.set(++count, message.raw.slice(0, MESSAGE_HEAD_CHARS));
    };
    for (let read = readSync(fd, buffer, 0, CHUNK_BYTES, null); read > 0 && !splitter.abandoned; read = readSync(fd, buffer, 0, CHUNK_BYTES, null)) {
      keep(splitter.push(buffer.subarray(0, read).toString('latin1')));
    }
    keep(splitter.end());
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

function pick(line: string | undefined): string | null {
  const address = line ? (firstAddress(line)?.toLowerCase() ?? null) : null;
  return address && !NOT_A_WRITER.test(address) ? address : null;
}

/** The first writer's address found in one file's head, or null. */
export function addressInHead(head: string): string | null {
  return pick(head.match(EMAIL_LABEL)?.[0]) ?? pick(head.match(FROM_HEADER)?.[0]) ?? pick(head.match(MAILTO)?.[1]);
}

/** The address of each creator, by position; null where none is known. */
export function creatorAddresses(work: WorkWithContacts, cache: ContactCache = { mbox: null }): (string | null)[] {
  if (Array.isArray(work.contacts)) {
    return work.creators.map((name, i) => {
      const contact = work.contacts!.find((c) => c.name === name) ?? work.contacts![i];
      return contact ? contact.address.toLowerCase() : null;
    });
  }
  let found: string | null = null;
  const firstCreator = work.creators[0]?.toLowerCase();
  for (const source of work.sources) {
    const message = /^(.*)#(\d+)$/.exec(source);
    try {
      if (!message) found = addressInHead(readHead(source));
      else {
        const head = mboxMessageHead(cache, message[1]!, Number(message[2]));
        found = head && firstCreator && head.toLowerCase().includes(firstCreator) ? addressInHead(head) : null;
      }
    } catch {
      found = null;
    }
    if (found) break;
  }
  // One address in a file belongs to its first creator; co-creators are left unreachable.
  return work.creators.map((_, i) => (i === 0 ? found : null));
}
