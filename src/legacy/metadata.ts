import { splitCount } from '../text/spaces.ts';
import { crossoverFandoms, expandInitials, FANDOMS, type FandomEntry, fandomByCharacters, fandomByEvidence, fandomByName, fandomsNamedIn, PORTMANTEAUS } from './fandoms.ts';
import { all, first, type HeaderBlock } from './header.ts';
import type { Category, ImportedWork, ImportOptions } from './legacy.types.ts';
import type { ParsedSubject } from './subject.ts';
import {
  capitalise, categoriesFor, highestRating, mapClassification, mapWarnings, parsePairings, ratingFromLabel,
  relationshipName,
} from './labels.ts';

// Header fields, subject and context → the work's tags (research/legacy.md §6).

export interface TagContext {
  header: HeaderBlock;
  subject: ParsedSubject | null;
  /** Where a fandom may be named: list name, newsgroups, disclaimer, footer, notes. */
  namingText: string;
  disclaimer: string | null;
  /** Where a fandom may be evidenced by distinctive names: the story itself. */
  storyText: string;
  options: ImportOptions;
}

/** The tag fields of an imported work, and what named its fandom. */
export interface WorkTags extends Pick<ImportedWork, 'fandoms' | 'rating' | 'warnings' | 'categories' | 'relationships' | 'characters' | 'freeforms'> {
  evidence: string | null;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key) || !value.trim()) return false;
    seen.add(key);
    return true;
  });
}

type FandomsFound = { fandoms: string[]; entries: FandomEntry[]; evidence: string | null };

/** The fandoms found, with the other fandoms of a crossover the notes or the story's head name. */
function fandomsFrom(context: TagContext, characterNames: string[]): FandomsFound {
  const found = namedFandoms(context, characterNames);
  if (found.evidence === 'header') return found;
  const crossover = crossoverFandoms(`${context.namingText}\n${context.storyText.slice(0, 3000)}`);
  const extra = crossover.filter((name) => !found.fandoms.some((f) => f.toLowerCase() === name.toLowerCase()));
  if (extra.length === 0 || (found.fandoms.length === 0 && extra.length < 2)) return found;
  const entries = extra.map((name) => fandomByName(name)).filter((e): e is FandomEntry => e !== null && !found.entries.includes(e));
  return { fandoms: [...found.fandoms, ...extra], entries: [...found.entries, ...entries], evidence: found.evidence ?? 'a crossover named in the notes' };
}

function namedFandoms(context: TagContext, characterNames: string[]): FandomsFound {
  const declared = all(context.header, 'fandom').flatMap((value) => value.split(/\s*(?:,|;|\/| x | and |&)\s*/i)).filter(Boolean);
  if (declared.length > 0) {
    const entries = declared.map((value) => fandomByName(value));
    return {
      fandoms: unique(declared.map((value, i) => entries[i]?.name ?? value.replace(/[.]$/, '').trim())),
      entries: entries.filter((e): e is FandomEntry => e !== null),
      evidence: 'header',
    };
  }
  const named = fandomsNamedIn(context.namingText);
  if (named.length > 0) return { fandoms: named.map((f) => f.name), entries: named, evidence: 'named in subject, list, disclaimer or footer' };
  const owned = context.disclaimer ? fandomFromDisclaimer(context.disclaimer) : null;
  if (owned) return { fandoms: [owned], entries: [], evidence: 'named in the disclaimer' };
  const byCharacters = fandomByCharacters(characterNames) ?? fandomByEvidence(`${characterNames.join(', ')}\n${context.storyText}`);
  if (byCharacters) return { fandoms: [byCharacters.name], entries: [byCharacters], evidence: 'distinctive character and place names' };
  if (context.options.fandom) {
    const entry = fandomByName(context.options.fandom);
    return { fandoms: [context.options.fandom], entries: entry ? [entry] : [], evidence: '--fandom' };
  }
  return { fandoms: [], entries: [], evidence: null };
}

const NOT_A_FANDOM = /^(they|these|those|it|this|that|all|none|nothing|the characters?|characters?|everything|everyone|most|some|the (show|series|story|boys|girls|guys)|i|we|he|she)$/i;

/** "Smallville isn't mine", "All of Harry Potter belongs to …": the thing owned, named first. */
export function fandomFromDisclaimer(disclaimer: string): string | null {
  const sentence = disclaimer.split(/(?<=[.!;])\s+/)[0] ?? '';
  const match = /^\s*(.{2,60}?)\s+(?:(?:all\s+)?(?:belongs?|belonged)\s+to|(?:is|are)(?:n['’]t| not)\s+mine|(?:is|are)\s+(?:the\s+)?(?:property|copyright)\s+of|(?:is|are)\s+owned\s+by)\b/i.exec(sentence);
  if (!match?.[1]) return null;
  const subject = match[1]
    .replace(/^(?:all\s+of\s+|the\s+characters?\s+(?:and\s+\w+\s+)?(?:of|from|in)\s+|characters?\s+(?:of|from)\s+|everything\s+(?:of|from|in)\s+)/i, '')
    .replace(/['’]s\s+characters?$/i, '')
    .trim();
  if (!subject || NOT_A_FANDOM.test(subject) || splitCount(subject) > 7) return null;
  // "Mulder, Scully and Skinner belong to …": a list of characters, whose fandom is the owner's.
  // A list that is not one fandom's cast names no fandom.
  const names = subject.split(/\s*(?:,|&|\band\b)\s*/i).filter(Boolean);
  if (names.length > 1) return fandomByName(subject)?.name ?? fandomByCharacters(names)?.name ?? null;
  return fandomByName(subject)?.name ?? subject;
}

const isLineTerminator = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

/**
 * The text without its "(…)" asides, as `/\(.*?\)/g` removes them. That pattern searched for a
 * ")" to the end from every "(" of a run without one: quadratic, 1.4 s for 64 KB of "(". Each
 * "(" is matched to the first ")" after it on the same line, as `.*?` does; once no ")" follows,
 * none follows a later "(", and every "(" before a line's end has the same ")" beyond it.
 */
function withoutAsides(text: string): string {
  let out = '';
  let kept = 0;
  for (let open = text.indexOf('('); open >= 0; ) {
    const close = text.indexOf(')', open + 1);
    if (close < 0) break;
    let lineEnd = close - 1;
    while (lineEnd > open && !isLineTerminator(text.charCodeAt(lineEnd))) lineEnd--;
    if (lineEnd > open) {
      open = text.indexOf('(', lineEnd + 1);
      continue;
    }
    out += text.slice(kept, open);
    kept = close + 1;
    open = text.indexOf('(', kept);
  }
  return kept === 0 ? text : out + text.slice(kept);
}

function splitNames(value: string): string[] {
  return value
    .split(/\s*(?:,|;|\band\b|&)\s*/i)
    .map((name) => withoutAsides(name).replace(/[.]$/, '').trim())
    .filter((name) => name && splitCount(name) <= 4 && !/^(none|various|n\/a|everyone|ensemble|others?)$/i.test(name));
}

export function deriveTags(context: TagContext): WorkTags {
  const { header, subject } = context;
  const pairingValues = all(header, 'pairing');
  if (pairingValues.length === 0 && subject?.pairing) pairingValues.push(subject.pairing);
  // Category and keyword codes may name the pairing as one word (Gossamer "KEYWORDS: MSR, UST").
  const coded = [...all(header, 'category'), ...all(header, 'format')]
    .flatMap((value) => value.split(/[,;]+/).map((item) => item.trim()))
    .filter((item) => PORTMANTEAUS[item.toLowerCase()]);
  if (coded.length > 0) pairingValues.push(coded.join(', '));
  const pairingResults = pairingValues.map((value) => parsePairings(value));
  const pairings = pairingResults.flatMap((result) => result.pairings);
  const declaredCharacters = all(header, 'characters').flatMap(splitNames);
  const members = pairings.flatMap((pairing) => pairing.members);
  const { fandoms, entries, evidence } = fandomsFrom(context, [...new Set([...declaredCharacters, ...members])]);
  // Initials ("Pairing: M/Sk") are read once the fandom is known, and only in a single fandom.
  if (entries.length === 1) {
    for (const pairing of pairings) pairing.members = expandInitials(pairing.members, entries[0]!) ?? pairing.members;
    members.splice(0, members.length, ...pairings.flatMap((pairing) => pairing.members));
  }

  const ratingLabels = [...all(header, 'rating'), ...(subject?.rating ? [subject.rating] : [])];
  const rating = highestRating(ratingLabels.map((label) => ratingFromLabel(label)));

  const warningValues = all(header, 'warnings');
  const classification = mapClassification([...all(header, 'category'), ...all(header, 'format')]);
  // Orientation words turn up in warning fields too ("slash, death story"): they are categories.
  const warningOrientation = mapClassification(warningValues).categoryHints;
  const warnings = mapWarnings(warningValues);
  const hints: Category[] = [...classification.categoryHints, ...warningOrientation];
  if (subject?.prefixes.includes('SLASH')) hints.push('M/M');
  const saysGen = pairingResults.some((result) => result.saysGen);
  const categories = categoriesFor(pairings, hints, saysGen, entries.length > 0 ? entries : FANDOMS);

  const freeforms = unique([
    ...classification.freeforms,
    ...warnings.freeforms,
    ...pairingResults.flatMap((result) => result.freeforms),
  ]).map(capitalise);

  return {
    fandoms,
    rating,
    warnings: warnings.warnings,
    categories,
    relationships: unique(pairings.map(relationshipName)),
    characters: unique([...declaredCharacters, ...members]),
    freeforms,
    evidence,
  };
}

/** "Series: Name (2)", "Series: Name, part 2", "Part 2 of the Name series". */
export function parseSeries(header: HeaderBlock): { title: string; position: number | null } | null {
  const value = first(header, 'series');
  if (!value || /^(none|no|n\/a|stand-?alone)$/i.test(value)) return null;
  const position = /(?:#|\bpart\s+|\bbook\s+|\()\s*(\d{1,3})\b/i.exec(value);
  const title = value
    .replace(/\(\s*(?:part\s+|#)?\d{1,3}(?:\s*(?:\/|of)\s*\d+)?\s*\)/i, '')
    .replace(/,?\s*(?:part|book|#)\s*\d{1,3}(?:\s*(?:\/|of)\s*\d+)?/i, '')
    .replace(/^(?:the\s+)?(.*?)\s+series$/i, '$1')
    .trim();
  return title ? { title, position: position ? Number(position[1]) : null } : null;
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
// "This is part 3 of the Winter series.", "Part two of the Lighthouse series", "the second story in
// my 'Harbor' series": a series named in prose, not in a label. The name is a quoted phrase or
// capitalised words right before "series" (or trilogy, saga, cycle).
const SERIES_IN_PROSE = new RegExp(
  String.raw`\b(?:part|book|story|installment|instalment|entry|chapter)\s+(\d{1,3}|${NUMBER_WORDS.join('|')})\s+(?:of|in)\s+(?:the|my|our|a)\s+` +
    String.raw`(?:["“'‘]([^"”'’\n]{1,60})["”'’]|((?:[A-Z0-9][\w'’-]*)(?:\s+(?:of|the|and|in|[A-Z0-9][\w'’-]*)){0,5}))\s+(?:series|trilogy|saga|cycle)\b` +
    String.raw`|\b(?:the\s+)?(${ORDINALS.join('|')})\s+(?:part|book|story|installment|instalment|entry)\s+(?:of|in)\s+(?:the|my|our|a)\s+` +
    String.raw`(?:["“'‘]([^"”'’\n]{1,60})["”'’]|((?:[A-Z0-9][\w'’-]*)(?:\s+(?:of|the|and|in|[A-Z0-9][\w'’-]*)){0,5}))\s+(?:series|trilogy|saga|cycle)\b`,
  'i',
);

/** A series and position named in prose (notes, summary, first lines), when no label names one. */
export function seriesInProse(text: string): { title: string; position: number | null } | null {
  const match = SERIES_IN_PROSE.exec(text);
  if (!match) return null;
  const count = match[1] ?? match[4] ?? '';
  const title = (match[2] ?? match[3] ?? match[5] ?? match[6] ?? '').trim();
  // The pattern reads keywords in any case, so an unquoted name must prove itself capitalised.
  if (!title || (!match[2] && !match[5] && !/^[\p{Lu}\d]/u.test(title))) return null;
  const word = count.toLowerCase();
  const position = /^\d+$/.test(count) ? Number(count) : NUMBER_WORDS.includes(word) ? NUMBER_WORDS.indexOf(word) + 1 : ORDINALS.indexOf(word) + 1;
  return { title, position: position > 0 ? position : null };
}
