import { collapseSpaces } from '../text/spaces.ts';
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
// "Feedback to Name": `\b(?:feedback|comments?|reviews?)\b[^.!?:]*?` before FEEDBACK_NAME, found in
// two steps. As one pattern it searched to the end of the sentence from every feedback word
// (quadratic: 3 s for 200 KB of "feedback the").
const FEEDBACK_WORD = /\b(?:feedback|comments?|reviews?)\b/g;
const FEEDBACK_NAME = /\b(?:to|makes|for)\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})/g;
const SENTENCE_END = /[.!?:]/g;

/**
 * The name feedback goes to, as the one pattern found it. Its leftmost match starts at the first
 * feedback word with a name after it before the sentence ends: a later word of the same sentence
 * has no name the first one lacks. Both searches only move forwards, so each text is read once.
 */
function feedbackName(text: string): string | null {
  let sentenceEnd = -1;
  let name: RegExpExecArray | null = null;
  let nameSearchedFrom = -1;
  FEEDBACK_WORD.lastIndex = 0;
  for (let word = FEEDBACK_WORD.exec(text); word; word = FEEDBACK_WORD.exec(text)) {
    if (word.index < sentenceEnd) continue;
    const from = word.index + word[0].length;
    SENTENCE_END.lastIndex = from;
    sentenceEnd = SENTENCE_END.exec(text)?.index ?? text.length;
    // The first name at or after `from`: the one found before, unless it starts earlier.
    if (nameSearchedFrom < 0 || (name !== null && name.index < from)) {
      FEEDBACK_NAME.lastIndex = from;
      name = FEEDBACK_NAME.exec(text);
      nameSearchedFrom = from;
    }
    if (name === null) return null;
    if (name.index < sentenceEnd) return name[1] ?? null;
    FEEDBACK_WORD.lastIndex = Math.max(FEEDBACK_WORD.lastIndex, sentenceEnd);
  }
  return null;
}

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
        const name = feedbackName(text);
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

// Permission written as a sentence rather than a label: "may be freely distributed", "not for
// redistribution". Distributing a story is what an archive does with it, so the same words
// decide. Read at the two ends only, joined across hard wraps, where authors put such notices.
const CONSENT_NO = /\bnot\s+(?:for|to\s+be)\s+(?:re-?)?(?:distribut|publi|repost|archiv)|\b(?:may|must|can)\s*not\s+be\s+(?:re-?)?(?:distributed|reposted|archived)|\b(?:do\s+not|don'?t)\s+(?:re-?)?(?:distribute|repost)\b/i;
const CONSENT_ASK = /\b(?:ask|e-?mail|write to)\s+(?:me\s+)?(?:first\s+)?(?:before|if you want to)\s+(?:re-?)?(?:archiv|distribut|repost|post)|\b(?:archiv|distribut|repost)\w*\s+(?:only\s+)?with\s+(?:my\s+|the\s+author'?s\s+)?permission\b/i;
const CONSENT_YES = /\bpermission\s+(?:is\s+)?(?:granted\s+)?to\s+(?:re-?)?(?:distribute|archive|repost|copy)\b|\b(?:may|can)\s+be\s+(?:freely\s+)?(?:re-?)?distributed\b|\bmay\s+be\s+freely\s+(?:archived|reposted|copied)\b|\bfreely\s+(?:re-?)?distribut|\bfeel\s+free\s+to\s+(?:re-?)?(?:distribute|archive|repost)\b/i;

// Every form above holds one of these stems, which hold no space: a text without one is answered
// by this one scan, before the spaces are collapsed, instead of three (which took 30 µs of the
// 70 that a story's two ends took here).
const CONSENT_STEM = /archiv|distribut|publi|post|cop/i;

export function consentInProse(lines: string[]): ArchiveConsent | null {
  const ends = lines.length <= 100 ? lines : [...lines.slice(0, 60), '', ...lines.slice(-40)];
  const joined = ends.join(' ');
  if (!CONSENT_STEM.test(joined)) return null;
  const text = collapseSpaces(joined);
  if (CONSENT_NO.test(text)) return 'no';
  if (CONSENT_ASK.test(text)) return 'ask';
  if (CONSENT_YES.test(text)) return 'yes';
  return null;
}
