import { collapseSpaces } from '../text/spaces.ts';
import type { PartMarker } from './legacy.types.ts';
import { ratingFromLabel } from './labels.ts';

// Subject lines of list and Usenet posts (research/legacy.md §2.4):
//   [reply] [listtag] [status] title [part] [rating] [pairing]
// e.g. "[svfic] NEW: Harvest Moon (1/3) [PG-13] Clark/Lex".

export interface ParsedSubject {
  isReply: boolean;
  listTag: string | null;
  prefixes: string[];
  title: string | null;
  part: PartMarker | null;
  rating: string | null;
  pairing: string | null;
  /** The subject says this is the story's last part ("Part 4 END", "(conclusion)", "final part"). */
  isLastPart: boolean;
}

const REPLY = /^\s*(?:(?:re|aw|sv|fwd?|fw)\s*(?:\[\d+\])?\s*:\s*)+/i;
const LIST_TAG = /^\s*\[([^\]]{1,40})\]\s*/;
const STATUS = /^\s*(NEW FIC|NEW STORY|NEW(?=\s*[:>])|REPOST(?:ED)?(?:\s+FOR\s+[^:]{1,40})?|EDIT|HELP|FIC|FF|FANFIC|ADULT|XOVER|CHALLENGE|WIP|DRABBLE|SLASH|STORY|PART \d+)\s*[:>]\s*|^\s*\[(fanfic|lemon|fic|slash)\]\s*/i;
const NUMBER = '(\\d{1,3}[a-z]?|[ivxlc]{1,6})';
const PART = new RegExp(
  `[\\[(]\\s*(?:part\\s+|pt\\.?\\s*|ch(?:apter|\\.)?\\s*)?${NUMBER}\\s*(?:\\/|of)\\s*(\\d{1,3}|\\?|[ivxlc]{1,6})(?:\\s+(?:parts|chapters))?\\s*[\\])]|` +
    `(?:^|\\s)(?:part\\s+|pt\\.?\\s*)?${NUMBER}\\s*\\/\\s*(\\d{1,3}|\\?|[ivxlc]{1,6})(?=[.,;!]?(?:\\s|$)|[\\[(:])|` +
    `(?:^|\\s|[\\[(])(?:(?:part|pt\\.?|chapter|ch\\.?)\\s+|pt\\.)${NUMBER}(?:\\s+of\\s+(\\d{1,3}|[ivxlc]{1,6}))?[\\])]?(?=[.,;!]?(?:\\s|$)|[\\[(:]|\\.{3})`,
  'i',
);

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

export function numberValue(text: string): number | null {
  const digits = /^(\d+)/.exec(text);
  if (digits) return Number(digits[1]);
  const roman = text.toLowerCase();
  if (!/^[ivxlc]+$/.test(roman)) return null;
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = ROMAN[roman[i] as string] as number;
    const next = ROMAN[roman[i + 1] as string] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** A part marker anywhere in a string: "(2/5)", "Part 3 of 7", "[01/12]", "Part 4". */
export function findPartMarker(text: string): { marker: PartMarker; index: number; length: number } | null {
  const match = PART.exec(text);
  if (!match) return null;
  const numberText = match[1] ?? match[3] ?? match[5];
  const totalText = match[2] ?? match[4] ?? match[6];
  const number = numberText ? numberValue(numberText) : null;
  if (number === null) return null;
  const total = totalText && totalText !== '?' ? numberValue(totalText) : null;
  return { marker: { number, total }, index: match.index, length: match[0].length };
}

// Trailing marks are searched only where their leftmost match can start (not after a space, not
// inside a run of marks): a long run of dashes was otherwise searched from each of them.
// A subject's title is often quoted ("Harvest Moon" (1/3)) or decorated after it ("Harvest
// Moon -- a new spoof", "Harvest Moon, a short story."): the quoted span, or what comes before the
// decoration, is the title.
const QUOTED = /^(?:[^"“]{0,40}:\s*)?["“]([^"”]{1,120})["”]/;
const DECORATION = /\s+--\s+[a-z].*$|\s*[-,–]\s*(?:an?\s+)?(?:(?:short|new|lame|little)\s+)*(?:story|fic|ficlet|spoof|tale|poem|vignette)\.?$|\s*<\s*$/i;

function cleanTitle(text: string): string | null {
  const quoted = QUOTED.exec(text.trim());
  const title = (quoted?.[1] ?? text)
    .replace(DECORATION, '')
    .trim()
    .replace(/(?<!\s)(?!(?<=[-–—:,;])[-–—:,;])\s*[-–—:,;]+\s*$/, '')
    .replace(/^\s*[-–—:]+\s*/, '')
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .replace(/\s+by\s+\S.*$/i, '')
    .trim();
  return title || null;
}

const LAST_PART = /^\W*(?:the\s+)?(?:end|conclusion|finale?|last)\b/i;
const FINAL_PART = /\b(?:final|last)\s+(?:part|pt\.?|chapter)\b/i;

export function parseSubject(subject: string): ParsedSubject {
  let rest = collapseSpaces(subject);
  const isReply = REPLY.test(rest);
  rest = rest.replace(REPLY, '');
  let listTag: string | null = null;
  const prefixes: string[] = [];
  for (let guard = 0; guard < 4; guard++) {
    const tag = LIST_TAG.exec(rest);
    if (tag && !ratingFromLabel(tag[1] ?? '') && !/\//.test(tag[1] ?? '')) {
      const value = (tag[1] ?? '').trim();
      if (/^(fanfic|fic|lemon|slash|new)$/i.test(value)) prefixes.push(value);
      else listTag ??= value;
      rest = rest.slice(tag[0].length);
      continue;
    }
    const status = STATUS.exec(rest);
    if (status) {
      prefixes.push((status[1] ?? status[2] ?? '').toUpperCase());
      rest = rest.slice(status[0].length);
      continue;
    }
    if (REPLY.test(rest)) return { isReply: true, listTag, prefixes, title: null, part: null, rating: null, pairing: null, isLastPart: false };
    break;
  }
  let rating: string | null = null;
  let cut = rest.length;
  let after = '';
  const RATING_BRACKET = /[[(]\s*([^\])]{1,24})\s*[\])]|\s[-–]\s*(NC-?17|PG-?13|PG|G|R|X)\s*$/gi;
  for (const match of rest.matchAll(RATING_BRACKET)) {
    const label = match[1] ?? match[2] ?? '';
    const leftover = label.replace(/\b(NC-?17|PG-?13|PG|G|R|NC|X|M|T|MA|K\+?|FR\d+|adult|mature|teen|gen(eral)?|explicit|and|to|-|\/|,|\s)+/gi, '');
    if (ratingFromLabel(label) && (leftover === '' || leftover.toLowerCase() === 'rated' || /^\s*(rated\s+)?(NC-?17|PG-?13|PG|R|X)\b/i.test(label))) {
      rating = label.trim();
      cut = match.index;
      after = rest.slice(match.index + match[0].length);
      break;
    }
  }
  const part = findPartMarker(rest);
  if (part && part.index < cut) {
    after = rating ? after : rest.slice(part.index + part.length);
    cut = part.index;
  } else if (part && rating) {
    after = after.replace(PART, ' ');
  }
  const pairingText = after.replace(/^[\s\-–—:]+|[\s.]+$/g, '').replace(/^[[(]|[\])]$/g, '').trim();
  const pairing = /\/|&|\sx\s/i.test(pairingText) ? pairingText : null;
  // Only beside a part marker: "The End" alone may be a title.
  const isLastPart = part !== null && (LAST_PART.test(rest.slice(part.index + part.length)) || FINAL_PART.test(rest.slice(Math.max(0, part.index - 12), part.index + part.length)));
  return { isReply, listTag, prefixes, title: cleanTitle(rest.slice(0, cut)), part: part?.marker ?? null, rating, pairing, isLastPart };
}
