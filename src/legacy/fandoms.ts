import { splitCount } from '../text/spaces.ts';
import { FANDOMS, type FandomEntry, type Gender, PORTMANTEAUS } from './fandoms.table.ts';

// Finding fandoms and characters in a file: by a declared name, by evidence (two or more of a
// fandom's distinctive names), by characters, and in a crossover's own words; the table of
// fandoms is in fandoms.table.ts.
export { FANDOMS, type FandomEntry, PORTMANTEAUS };

const TOKEN_SPLIT = /[\s.]+/;

/** The canonical fandom a declared name ("Fandom: BtVS") stands for, or null. */
export function fandomByName(text: string): FandomEntry | null {
  const name = text.trim().replace(/\s+(crossover|xover|fandom)$/i, '');
  return FANDOMS.find((fandom) => fandom.names.test(name)) ?? FANDOMS.find((fandom) => fandom.short?.test(name)) ?? null;
}

/** Every fandom whose name appears in the text, in table order. */
export function fandomsNamedIn(text: string): FandomEntry[] {
  return FANDOMS.filter((fandom) => fandom.names.test(text));
}

const evidencePatterns = new Map<FandomEntry, RegExp>();

/** One regular expression per fandom finding any of its evidence terms as whole words. */
function evidencePattern(fandom: FandomEntry): RegExp {
  let pattern = evidencePatterns.get(fandom);
  if (!pattern) {
    const terms = fandom.evidence.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"));
    pattern = new RegExp(`(?<![\\p{L}])(?:${terms.join('|')})(?![\\p{L}])`, 'gu');
    evidencePatterns.set(fandom, pattern);
  }
  return pattern;
}

/** A fandom for which the text holds at least two distinctive names, or null. */
export function fandomByEvidence(text: string): FandomEntry | null {
  let best: FandomEntry | null = null;
  let bestScore = 1;
  for (const fandom of FANDOMS) {
    const found = new Set<string>();
    for (const match of text.matchAll(evidencePattern(fandom))) found.add(match[0].replace(/’/g, "'"));
    if (found.size > bestScore) {
      best = fandom;
      bestScore = found.size;
    }
  }
  return best;
}

const aliasCache = new Map<string, string[]>();

function aliasesOf(key: string): string[] {
  let aliases = aliasCache.get(key);
  if (!aliases) {
    aliases = key.toLowerCase().split('|');
    aliasCache.set(key, aliases);
  }
  return aliases;
}

/** Whether a character key ("Full Name|alias|alias") names `name`: the name is lowered and cut
 *  into words once, for all the keys it is tried against, not once a key. */
function nameMatcher(name: string): (key: string) => boolean {
  const wanted = name.trim().toLowerCase();
  const tokens = /[\s.]/.test(wanted) ? wanted.split(TOKEN_SPLIT).filter(Boolean) : null;
  return (key) => {
    const aliases = aliasesOf(key);
    if (aliases.includes(wanted)) return true;
    if (!tokens) return false;
    return tokens.length > 1 && aliases.some((alias) => alias.length > 2 && tokens.includes(alias));
  };
}

/** The first fandom (in table order) all of these (two or more) character names belong to, or null. */
export function fandomByCharacters(names: string[]): FandomEntry | null {
  if (names.length < 2) return null;
  const matchers = names.map(nameMatcher);
  const matches = FANDOMS.filter((fandom) =>
    matchers.every((namesCharacter) => Object.keys(fandom.characters).some(namesCharacter)),
  );
  // Names shared by two fandoms (Clark/Lex in Smallville and Lois & Clark): table order decides.
  return matches[0] ?? null;
}

/** The gender of a character name within the given fandoms (all when none), if all agree. */
export function genderOf(name: string, fandoms: FandomEntry[]): Gender | null {
  const found = new Set<Gender>();
  const matches = nameMatcher(name);
  for (const fandom of fandoms.length > 0 ? fandoms : FANDOMS) {
    for (const [key, gender] of Object.entries(fandom.characters)) if (matches(key)) found.add(gender);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

// A crossover names its other fandom in words the table may not know ("an X-Files/Red Shoe
// Diaries crossover", "based on the television series \"X\" and the film series \"Y\""): the
// names are read from the phrase, and a name the table knows takes the table's form.
const TITLE_WORDS = String.raw`(?:[A-Z][\w'’.:&-]*|\d+)(?:\s+(?:(?:of|on|the|from|in|at|to)\s+)*(?:[A-Z][\w'’.:&-]*|\d+)){0,5}`;
// The names are read case-sensitively (capitalised words); the keyword in any case.
const CROSSOVER_WORD = String.raw`(?:[Cc]ross-?[Oo]ver|CROSS-?OVER|[Xx]-?[Oo]ver|X-?OVER)`;
const SLASHED_CROSSOVER = new RegExp(String.raw`(${TITLE_WORDS})\s*\/\s*(${TITLE_WORDS})\s+${CROSSOVER_WORD}\b`, 'g');
const CROSSOVER_WITH = new RegExp(String.raw`\b${CROSSOVER_WORD}\s+(?:story\s+)?(?:with|between)\s+(?:the\s+)?["“]?(${TITLE_WORDS})["”]?(?:\s+and\s+(?:the\s+)?["“]?(${TITLE_WORDS})["”]?)?`, 'g');
// "Based on the series "X" and the film "Y"", "copyrights held by the creators of "X" and "Y"".
const BASED_ON = /\b(?:based\s+(?:up)?on|creators?\s+of|copyrights?\s+(?:of|held\s+by|to)|property\s+of)\b[^.!?]{0,240}/gi;
const KIND_AND_QUOTE = /\b(?:series|show|film|films|movie|movies|novels?|books?|comics?|of|and)\s+["“]([^"”\n]{2,60})["”]/gi;

function fandomNameOf(raw: string): string | null {
  const name = raw.replace(/^["“'‘]+|["”'’.,:;]+$/g, '').replace(/(\w)-\s+(?=\w)/g, '$1-').trim();
  if (name.length < 2 || splitCount(name) > 6 || /^(?:story|fic|fanfic|part|the|an?)$/i.test(name)) return null;
  // The owners a disclaimer names beside the works are no fandoms.
  if (/\b(?:productions?|inc|ltd|corp(?:oration)?|company|studios?|pictures|entertainment|broadcasting|network|television|fox|bbc)\b/i.test(name)) return null;
  // "A Doctor Who/X-Files Crossover": the article is the phrase's, unless it is the title's own.
  const bare = name.replace(/^(?:an?|my|our|this|previous)\s+/i, '');
  return fandomByName(name)?.name ?? fandomByName(bare)?.name ?? (bare === name || /^an?\s/i.test(name) ? name : bare);
}

/** The fandoms a crossover phrase names, in the order written; names the table knows in its form. */
export function crossoverFandoms(text: string): string[] {
  if (!/cross-?over|x-?over|based\s+(?:up)?on|creators?\s+of|copyright|property\s+of/i.test(text)) return [];
  const raw: string[] = [];
  for (const match of text.matchAll(SLASHED_CROSSOVER)) raw.push(match[1] ?? '', match[2] ?? '');
  for (const match of text.matchAll(CROSSOVER_WITH)) raw.push(match[1] ?? '', match[2] ?? '');
  for (const sentence of text.matchAll(BASED_ON)) {
    const quoted = [...sentence[0].matchAll(KIND_AND_QUOTE)].map((m) => m[1] ?? '');
    // One work named is the source of any story; two make a crossover.
    if (quoted.length >= 2) raw.push(...quoted);
  }
  const seen = new Set<string>();
  const names: string[] = [];
  for (const value of raw) {
    const name = value ? fandomNameOf(value) : null;
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      names.push(name);
    }
  }
  return names;
}

/** How many characters at the head of a fandom's table (its leads, listed first) initials may stand for. */
const MAIN_CHARACTERS = 6;
const INITIALS = /^[A-Z][a-z]?$/;

/**
 * A pairing written in initials ("M/Sk", "B/A") read as the fandom's character names, each
 * initial the start of exactly one main character's short name (the first one-word alias:
 * "Mulder", "Buffy"); null when any member is no initial or fits none or several ("M/S" in
 * The X-Files: Scully and Skinner), so an ambiguous pairing stays as written.
 */
export function expandInitials(members: string[], fandom: FandomEntry): string[] | null {
  if (members.length < 2 || !members.every((member) => INITIALS.test(member))) return null;
  const shortNames = Object.keys(fandom.characters)
    .slice(0, MAIN_CHARACTERS)
    .map((key) => key.split('|').find((alias) => !/\s/.test(alias)) ?? null)
    .filter((name): name is string => name !== null);
  const expanded: string[] = [];
  for (const member of members) {
    const fits = shortNames.filter((name) => name.toLowerCase().startsWith(member.toLowerCase()));
    if (fits.length !== 1 || expanded.includes(fits[0]!)) return null;
    expanded.push(fits[0]!);
  }
  return expanded;
}
