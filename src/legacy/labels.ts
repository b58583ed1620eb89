import { splitCount } from '../text/spaces.ts';
import { type FandomEntry, genderOf, PORTMANTEAUS } from './fandoms.ts';
import type { Category, Rating } from './legacy.types.ts';

// Ratings, warnings, pairings and categories (research/legacy.md §6). Ratings match whole labels
// from a table, never prefixes: AO3's prefix regex made "Mature" Explicit (because of "ma").

const RATING_ORDER: Rating[] = ['Not Rated', 'General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];

const RATING_LABELS: Array<[string, Rating]> = [
  ['TEEN AND UP AUDIENCES', 'Teen And Up Audiences'], ['TEEN AND UP', 'Teen And Up Audiences'],
  ['ADULTS ONLY', 'Explicit'], ['NC-17', 'Explicit'], ['NC17', 'Explicit'], ['NC 17', 'Explicit'], ['NC-18', 'Explicit'],
  ['NC18', 'Explicit'], ['XXX', 'Explicit'], ['EXPLICIT', 'Explicit'], ['ADULT', 'Explicit'], ['FR18', 'Explicit'],
  ['R18', 'Explicit'], ['R-18', 'Explicit'], ['18+', 'Explicit'], ['LEMON', 'Explicit'], ['MA', 'Explicit'], ['X', 'Explicit'],
  ['NC', 'Explicit'],
  ['MATURE', 'Mature'], ['FR15', 'Mature'], ['LIME', 'Mature'], ['R', 'Mature'], ['M', 'Mature'], ['PG-15', 'Mature'], ['PG15', 'Mature'],
  ['PG-13', 'Teen And Up Audiences'], ['PG13', 'Teen And Up Audiences'], ['PG 13', 'Teen And Up Audiences'],
  ['TEEN', 'Teen And Up Audiences'], ['TEENS', 'Teen And Up Audiences'], ['FR13', 'Teen And Up Audiences'], ['T', 'Teen And Up Audiences'],
  ['13+', 'Teen And Up Audiences'], ['K+', 'General Audiences'], ['ALL AGES', 'General Audiences'], ['GENERAL AUDIENCES', 'General Audiences'],
  ['GENERAL', 'General Audiences'], ['FRC', 'General Audiences'], ['FR7', 'General Audiences'], ['PG', 'General Audiences'],
  ['G', 'General Audiences'], ['K', 'General Audiences'],
  ['NOT RATED', 'Not Rated'], ['UNRATED', 'Not Rated'], ['NR', 'Not Rated'],
];

const RATING_PATTERN = new RegExp(
  `(?<![A-Z0-9+])(${[...RATING_LABELS]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([label]) => label.replace(/[+]/g, '\\+').replace(/[- ]/g, '[- ]?'))
    .join('|')})(?![A-Z0-9+]|-(?:\\d))`,
  'g',
);
const RATING_BY_LABEL = new Map(RATING_LABELS.map(([label, rating]) => [label.replace(/[- ]/g, ''), rating]));

/** The highest rating a free-text rating value names ("PG-13 to R" → Mature), or null. */
export function ratingFromLabel(value: string): Rating | null {
  let best: Rating | null = null;
  const upper = value.toUpperCase().replace(/[–—]/g, '-');
  for (const match of upper.matchAll(RATING_PATTERN)) {
    const rating = RATING_BY_LABEL.get((match[1] ?? '').replace(/[- ]/g, ''));
    if (rating && (!best || RATING_ORDER.indexOf(rating) > RATING_ORDER.indexOf(best))) best = rating;
  }
  return best;
}

export function highestRating(ratings: Array<Rating | null>): Rating {
  let best: Rating = 'Not Rated';
  for (const rating of ratings) {
    if (rating && RATING_ORDER.indexOf(rating) > RATING_ORDER.indexOf(best)) best = rating;
  }
  return best;
}

export const NO_WARNINGS_CHOSEN = 'Choose Not To Use Archive Warnings';

const ARCHIVE_WARNINGS: Array<[RegExp, string]> = [
  [/\b(major )?character death\b|\bdeath ?(story|fic)\b|\bdeathfic\b/i, 'Major Character Death'],
  [/\brape\b|\bnon-?con(sensual)?\b|\brape\/nc\b/i, 'Rape/Non-Con'],
  [/\bunderage\b|\bchan\b|\bunder (16|17|18)\b/i, 'Underage'],
  [/\b(graphic )?violence\b|\bgore\b|\btorture\b/i, 'Graphic Depictions Of Violence'],
];

export interface WarningResult {
  warnings: string[];
  freeforms: string[];
}

/** Archive warnings only where the source states them; the rest of a warning field is freeform. */
export function mapWarnings(values: string[]): WarningResult {
  const warnings = new Set<string>();
  const freeforms: string[] = [];
  for (const value of values) {
    for (const item of value.split(/[,;]+/).map((s) => s.trim()).filter(Boolean)) {
      if (/^(none|no|n\/a|nothing)\b/i.test(item)) continue;
      const archive = ARCHIVE_WARNINGS.find(([pattern]) => pattern.test(item));
      if (archive && !/\b(no|not|mild|implied)\b/i.test(item)) warnings.add(archive[1]);
      else if (!ORIENTATION.has(item.toLowerCase()) && item.length <= 60) freeforms.push(capitalise(item));
    }
  }
  return { warnings: warnings.size > 0 ? [...warnings] : [NO_WARNINGS_CHOSEN], freeforms };
}

const ORIENTATION = new Map<string, Category>([
  ['gen', 'Gen'], ['general', 'Gen'], ['slash', 'M/M'], ['m/m', 'M/M'], ['mm', 'M/M'], ['yaoi', 'M/M'], ['het', 'F/M'],
  ['f/m', 'F/M'], ['m/f', 'F/M'], ['femslash', 'F/F'], ['femmeslash', 'F/F'], ['f/f', 'F/F'], ['yuri', 'F/F'], ['multi', 'Multi'],
  ['threesome', 'Multi'], ['other', 'Other'],
]);

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ClassificationResult {
  categoryHints: Category[];
  freeforms: string[];
}

/** Category/Genre/Classification fields: orientation words are categories, the rest freeforms. */
export function mapClassification(values: string[]): ClassificationResult {
  const categoryHints: Category[] = [];
  const freeforms: string[] = [];
  for (const value of values) {
    for (const item of value.split(/[,;]+/).map((s) => s.trim().replace(/\.$/, '')).filter(Boolean)) {
      const lower = item.toLowerCase();
      const category = ORIENTATION.get(lower) ?? (/^(m\/m )?slash$/.test(lower) ? 'M/M' : undefined);
      if (category) categoryHints.push(category);
      else if (/^pre-?slash$/i.test(item)) freeforms.push('Pre-Slash');
      // One- and two-letter codes (Gossamer "V", "A", "MSR") stay in the original labels only.
      else if (item.length > 3 && item.length <= 60) freeforms.push(capitalise(item));
    }
  }
  return { categoryHints, freeforms };
}

export interface Pairing {
  members: string[];
  romantic: boolean;
}

const ORIGINAL_CHARACTERS: Record<string, string> = {
  omc: 'Original Male Character', ofc: 'Original Female Character', oc: 'Original Character', oms: 'Original Male Character',
};
const PAIRING_QUALIFIER = /^(?:(?:implied|eventual|past|pre-?slash|pre|hints? of|mentions? of|mentioned|background|one-sided|unrequited|established|some|slight|light)\s+)+/i;

export interface PairingResult {
  pairings: Pairing[];
  freeforms: string[];
  saysGen: boolean;
}

/** Parses "A/B, C x D, E & F, pre-slash G/H, I/OMC" (research/legacy.md §6.4). */
export function parsePairings(value: string): PairingResult {
  const pairings: Pairing[] = [];
  const freeforms: string[] = [];
  let saysGen = false;
  for (const raw of value.split(/[,;]|\s+(?:and|with)\s+(?=\S+\s*(?:\/|&|\sx\s))/i)) {
    let item = raw.trim().replace(/^[([]|[)\]]$/g, '').replace(/\.$/, '').trim();
    if (!item) continue;
    if (/^(none|gen|n\/a|no pairings?|no romance|friendship)\b/i.test(item) && !/[/&]|\sx\s/.test(item)) {
      saysGen = true;
      continue;
    }
    const qualifier = PAIRING_QUALIFIER.exec(item);
    if (qualifier) {
      const word = qualifier[0].trim().toLowerCase();
      if (/pre-?slash/.test(word)) freeforms.push('Pre-Slash');
      else if (/implied/.test(word)) freeforms.push(`Implied ${item.slice(qualifier[0].length).trim()}`);
      item = item.slice(qualifier[0].length).trim();
    }
    item = item.replace(/\s*\((?:implied|past|eventual|pre-?slash|mentioned)\)\s*$/i, '').trim();
    // "M/S UST": the tension word after a pairing is a tag of its own, not part of a name.
    const tension = /\s+(UST|RST)$/.exec(item);
    if (tension && /[/&]|\s[xX×]\s/.test(item)) {
      freeforms.push(tension[1] === 'UST' ? 'Unresolved Sexual Tension' : 'Resolved Sexual Tension');
      item = item.slice(0, tension.index).trim();
    }
    let members: string[];
    let romantic: boolean;
    if (item.includes('/')) {
      members = item.split('/');
      romantic = true;
    } else if (/\s[xX×]\s/.test(item)) {
      members = item.split(/\s[xX×]\s/);
      romantic = true;
    } else if (/&|\+|\s+and\s+/i.test(item)) {
      members = item.split(/\s*(?:&|\+|\band\b)\s*/i);
      romantic = false;
    } else if (PORTMANTEAUS[item.toLowerCase()]) {
      members = [...PORTMANTEAUS[item.toLowerCase()]!];
      romantic = true;
    } else continue;
    members = members.map((m) => m.trim()).filter(Boolean).map((m) => ORIGINAL_CHARACTERS[m.toLowerCase()] ?? m);
    if (members.length >= 2 && members.every((m) => splitCount(m) <= 4)) pairings.push({ members, romantic });
  }
  return { pairings, freeforms, saysGen };
}

export function relationshipName(pairing: Pairing): string {
  return pairing.members.join(pairing.romantic ? '/' : ' & ');
}

/** Categories from the members' genders, else from the header's orientation words. */
export function categoriesFor(pairings: Pairing[], hints: Category[], saysGen: boolean, fandoms: FandomEntry[]): Category[] {
  const result = new Set<Category>();
  for (const pairing of pairings.filter((p) => p.romantic)) {
    const genders = pairing.members.map((member) =>
      /original male/i.test(member) ? 'M' : /original female/i.test(member) ? 'F' : genderOf(member, fandoms),
    );
    if (genders.some((g) => g === null)) {
      const hint = hints.find((h) => h !== 'Gen');
      if (hint) result.add(hint);
      continue;
    }
    const males = genders.filter((g) => g === 'M').length;
    const females = genders.length - males;
    if (genders.length > 2 && males > 0 && females > 0) result.add('Multi');
    else if (females === 0) result.add('M/M');
    else if (males === 0) result.add('F/F');
    else result.add('F/M');
  }
  if (result.size === 0) {
    for (const hint of hints) result.add(hint);
    if (pairings.length > 0 && pairings.every((p) => !p.romantic)) result.add('Gen');
    if (saysGen) result.add('Gen');
  }
  if (result.size > 1) result.delete('Gen');
  return [...result];
}

// Ratings written in prose (research/legacy.md §6.2): "This story is PG 13 for …", "I'd rate this
// story NC-17", "The Content is NC-17", "(PG - language)", "Some sexual content, PG". Only the
// labels of the film scale are read here, and only in capitals as written: a lone "r" or "x" in
// prose is no rating, and "X-rated" is a word people use of stories they did not write.
const PROSE_LABEL = String.raw`["'“]?(NC[- ]?17|PG[- ]?13|PG|R|X)["'”]?(?![\w-])`;
/** Forms that hold in any line of a document: the story itself is their subject. */
const STORY_RATING = [
  new RegExp(String.raw`\b(?:story|fic|piece|content|part|chapter|this)\s+is\s+(?:rated\s+)?${PROSE_LABEL}`, 'gi'),
  new RegExp(String.raw`\brate\s+(?:this|it)(?:\s+(?:story|fic|one|part))?\s+(?:an?\s+)?${PROSE_LABEL}`, 'gi'),
  new RegExp(String.raw`(?<![\w-])(NC[- ]?17|PG[- ]?13|PG)[- ]rated\b`, 'gi'),
  // A content note on a line of its own, between two parts of a post: no narration is shaped so.
  new RegExp(String.raw`^[^\w\n]*(?:(?:some|mild|strong|adult|graphic)\s+)?(?:sexual\s+)?(?:content|language|violence|situations|themes)\s*[,:-]\s*${PROSE_LABEL}[^\w\n]*$`, 'gim'),
];
/** Forms that are ratings only in the writer's notes, not in the story's narration. */
const NOTE_RATING = [
  new RegExp(String.raw`\brated["'”]?\s+${PROSE_LABEL}`, 'gi'),
  new RegExp(String.raw`\(\s*(NC[- ]?17|PG[- ]?13|PG|R)\s*[-–—:,;]\s*\w`, 'gi'),
  new RegExp(String.raw`\b(?:content|language|violence|situations|themes|scenes)\s*[,:-]\s*${PROSE_LABEL}`, 'gi'),
];

// What a text must hold for a pattern to match at all, found by a search V8 runs several times
// faster than the pattern's leading alternatives (2.95 -> 0.45 and 1.36 -> 0.42 ns a character).
const MUST_HOLD = new Map<RegExp, RegExp>([
  [STORY_RATING[0] as RegExp, /\sis\s/i],
  [STORY_RATING[2] as RegExp, /[- ]rated/i],
]);

function ratingsIn(text: string, patterns: RegExp[]): Array<Rating | null> {
  const found: Array<Rating | null> = [];
  for (const pattern of patterns) {
    if (MUST_HOLD.get(pattern)?.test(text) === false) continue;
    for (const match of text.matchAll(pattern)) {
      const label = match[1] ?? '';
      if (label === label.toUpperCase()) found.push(ratingFromLabel(label));
    }
  }
  return found;
}

/** The highest rating the notes or the text state in words, or null when none does. */
export function ratingInProse(notes: string[], text: string): Rating | null {
  // Cheap test first: most texts never write "rate" or a film-scale label in capitals.
  const found = [...ratingsIn(notes.join('\n'), [...STORY_RATING, ...NOTE_RATING])];
  if (/rate|\b(?:NC[- ]?17|PG)\b/i.test(text)) found.push(...ratingsIn(text, STORY_RATING));
  const best = highestRating(found);
  return best === 'Not Rated' ? null : best;
}
