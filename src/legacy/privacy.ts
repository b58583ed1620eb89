import type { ImportedWork } from './legacy.types.ts';
import { MAIL_HEADER_ADDRESS_GLOBAL } from './addresses.ts';

// The contract's privacy rule as a last pass over a printed work: no e-mail address of any kind
// reaches a field, wherever the earlier passes left it (a signature kept as an end note, a byline
// in a label, an address the story text quotes). The addresses are kept for claim invitations
// only (contacts), and a repair never records the address it removed.

const NOTICE = '[email address removed]';

/** `value` without any address; brackets and `mailto:` left empty by the removal go too. */
export function stripAddresses(value: string): string {
  if (!value.includes('@')) return value;
  return value
    .replace(MAIL_HEADER_ADDRESS_GLOBAL, '')
    .replace(/\(\s*\)|<\s*>|\[\s*\]|mailto:/gi, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,;:])/g, '$1')
    .trim();
}

/** A chapter's text with each address replaced by a notice; `removed` hears of each one. */
export function redactText(text: string, removed: () => void): string {
  if (!text.includes('@')) return text;
  return text.replace(MAIL_HEADER_ADDRESS_GLOBAL, () => {
    removed();
    return NOTICE;
  });
}

// In place, and only where an "@" is: most fields of most works hold none.
function clean<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('@') ? stripAddresses(value) : value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = clean(value[i]);
    return value;
  }
  if (value && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    for (const key of Object.keys(fields)) fields[key] = clean(fields[key]);
  }
  return value;
}

/** Every field of the work except its sources and its chapters' text (redacted apart), in place. */
export function scrubWork(work: ImportedWork): ImportedWork {
  const fields = work as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === 'sources' || key === 'chapters') continue;
    fields[key] = clean(fields[key]);
  }
  for (const key of ['title', 'summary', 'notes', 'endNotes', 'disclaimer', 'challenge'] as const) {
    if (work[key] === '') work[key] = null;
  }
  work.creators = work.creators.filter(Boolean);
  for (const chapter of work.chapters) if (chapter.title !== null) chapter.title = stripAddresses(chapter.title) || null;
  return work;
}
