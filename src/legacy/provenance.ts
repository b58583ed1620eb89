import { findAddress } from './addresses.ts';
import type { ArchiveConsent } from './legacy.types.ts';

// Where a work came from and what its author allowed (research/legacy.md §3.5, §7.2): the archive
// and list named in footers, where feedback was to go, and the archive permission.

export interface FooterFacts {
  archive: string | null;
  list: string | null;
  feedback: string | null;
}

const ARCHIVED_AT = /\b[Aa]rchived? (?:at|on|in)\s+(?:the\s+)?([A-Z][\w'’&. -]{2,60}?)(?:[.,;!]|\s+(?:at|on|under)\b|$)/;
const ARCHIVE_NAME = /^\s*(?:the\s+)?([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,6}\s+(?:Records Room|Archive|Library|Vault|Collection))\s*[.!]?\s*$/;
const JOIN_LIST = /\bjoin\s+(?:the\s+)?([A-Z][\w'’&.-]*(?:\s+[A-Z0-9][\w'’&.-]*){0,5})(?:,\s*(?:the\s+)?([^?.!]{3,60}?\blist))?/;
const NAMED_LIST = /^\s*(\S{2,40})\s+mailing list\s*$/i;
const FEEDBACK_TO = /\b(?:feedback|comments?|reviews?)\b[^.!?:]*?\b(?:to|makes|for)\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})/;

export function factsFromFooter(lines: string[]): FooterFacts {
  const facts: FooterFacts = { archive: null, list: null, feedback: null };
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    facts.archive ??= ARCHIVED_AT.exec(text)?.[1]?.trim() ?? ARCHIVE_NAME.exec(text)?.[1]?.trim() ?? null;
    const join = JOIN_LIST.exec(text);
    if (join && !facts.list) facts.list = join[2] ? `${join[1]}, the ${join[2].trim()}` : (join[1] ?? null);
    facts.list ??= NAMED_LIST.exec(text)?.[1] ?? null;
    if (/\b(feedback|comments?|reviews?|e-?mail me|write to me)\b/i.test(text) && !facts.feedback) {
      if (findAddress(text)) facts.feedback = 'email on file';
      else {
        const name = FEEDBACK_TO.exec(text)?.[1];
        if (name && !/^(me|the|this|my|all|any)$/i.test(name)) facts.feedback = name.replace(/[.,]$/, '');
      }
    }
  }
  return facts;
}

/** The archive permission a header or notice gives: "yes", "ask first", "DO NOT ARCHIVE". */
export function consentFrom(value: string): ArchiveConsent | null {
  const text = value.toLowerCase();
  if (/\b(do not|don'?t|no)\s+archiv|^\s*no\b|\bnot (to )?be archived|\bplease don'?t\b|\bnowhere\b/.test(text)) return 'no';
  if (/\bask\b|\bplease ask|\bonly\b|\bpermission\b|\bcontact me\b|\bcheck with\b/.test(text)) return 'ask';
  if (/\byes\b|\bsure\b|\bok(ay)?\b|\bany(where|one)\b|\bfine\b|\bof course\b|\bgo ahead\b|\bwelcome\b|\barchive away\b/.test(text)) return 'yes';
  return null;
}

/** A "DO NOT ARCHIVE" notice at the top of a file (before or inside the headers) or in its sign-off. */
export function hasDoNotArchive(lines: string[]): boolean {
  // Shouted, or alone on its line: "Do not archive these files, Mulder" is dialogue. Authors
  // put it in the header or in the sign-off under the story, so both ends are read.
  const ends = lines.length <= 80 ? lines : [...lines.slice(0, 40), ...lines.slice(-40)];
  return ends.some(
    (line) =>
      /\bDO\s+NOT\s+ARCHIVE\b|\bDON'?T\s+ARCHIVE\b|\bNOT\s+FOR\s+ARCHIV/.test(line) ||
      /^\W*(please\s+)?(do\s+not|don'?t)\s+archive(\s+(this|anywhere|without permission))?\W*$|^\W*not\s+for\s+archiving\W*$/i.test(line),
  );
}
