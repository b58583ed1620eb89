import { closeSync, openSync, readSync } from 'node:fs';
import type { ImportedWork } from './import.types.ts';

// The creators' private addresses, for claim invitations only (research/legacy.md §7.3).
// The parser keeps addresses out of every field of ImportedWork, as the contract demands; when
// it hands them over privately (`contacts`), they are used as given. Until then they are read
// again from the head of each source file: the sender of a mail, an E-mail label, a mailto
// link. Messages inside an mbox (`file#3`) are not re-read: their creators stay unreachable.

const HEAD_BYTES = 16 * 1024;
const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const FROM_HEADER = /^From:[^\n]*$/im;
const EMAIL_LABEL = /^[\s*_>[]*(?:e-?mail(?: address)?|email addy|e-mail addy|author(?:'s)? e-?mail|contact)\s*\]?\s*[:=-][^\n]*$/im;
const MAILTO = /mailto:([^"'>?\s]+)/i;

// Addresses that belong to the list or the archive, not to the writer.
const NOT_A_WRITER = /^(?:[^@]*-(?:owner|request|admin|bounces?)|listserv|majordomo|mailer-daemon|postmaster|no-?reply)@|@(?:yahoogroups|egroups|onelist)\.com$/i;

export interface WorkWithContacts extends ImportedWork {
  /** Given privately by the parser, one per creator where known. */
  contacts?: { name: string | null; address: string }[];
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
  const address = line?.match(ADDRESS)?.[0]?.toLowerCase() ?? null;
  return address && !NOT_A_WRITER.test(address) ? address : null;
}

/** The first writer's address found in one file's head, or null. */
export function addressInHead(head: string): string | null {
  return pick(head.match(EMAIL_LABEL)?.[0]) ?? pick(head.match(FROM_HEADER)?.[0]) ?? pick(head.match(MAILTO)?.[1]);
}

/** The address of each creator, by position; null where none is known. */
export function creatorAddresses(work: WorkWithContacts): (string | null)[] {
  if (Array.isArray(work.contacts)) {
    return work.creators.map((name, i) => {
      const contact = work.contacts!.find((c) => c.name === name) ?? work.contacts![i];
      return contact ? contact.address.toLowerCase() : null;
    });
  }
  let found: string | null = null;
  for (const source of work.sources) {
    if (source.includes('#')) continue;
    try {
      found = addressInHead(readHead(source));
    } catch {
      found = null;
    }
    if (found) break;
  }
  // One address in a file belongs to its first creator; co-creators are left unreachable.
  return work.creators.map((_, i) => (i === 0 ? found : null));
}
