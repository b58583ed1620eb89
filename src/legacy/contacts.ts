import { ADDRESS } from './addresses.ts';
import type { Contact, ImportedWork } from './legacy.types.ts';

// Creators' addresses travel beside a work, not in it: the contract keeps every address out of
// the printed JSON, while the real import needs them to invite creators to claim their works.
// They ride on the work object as a non-enumerable property, so JSON.stringify never sees them.

// Addresses of lists and archives, not of writers.
const NOT_A_WRITER = /^(?:[^@]*-(?:owner|request|admin|bounces?)|listserv|majordomo|mailer-daemon|postmaster|no-?reply)@|@(?:yahoogroups|egroups|onelist)\.com$|^[^@]*(?:fic|list|archive)s?@lists?\./i;

export function attachContacts(work: ImportedWork, contacts: Contact[]): ImportedWork {
  Object.defineProperty(work, 'contacts', { value: contacts, enumerable: false, configurable: true, writable: true });
  return work;
}

export function contactsOf(work: ImportedWork): Contact[] {
  return ((work as ImportedWork & { contacts?: Contact[] }).contacts ?? []).slice();
}

export function writerAddress(text: string | null | undefined): string | null {
  const address = text?.match(ADDRESS)?.[0]?.toLowerCase() ?? null;
  return address && !NOT_A_WRITER.test(address) ? address : null;
}

/** The first creator's address from the header's e-mail label, the mail sender, or a mailto link. */
export function findContacts(creators: string[], candidates: Array<string | null | undefined>): Contact[] {
  for (const candidate of candidates) {
    const address = writerAddress(candidate);
    if (address) return [{ name: creators[0] ?? null, address }];
  }
  return [];
}
