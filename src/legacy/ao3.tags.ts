import { NO_WARNINGS_CHOSEN, ratingFromLabel } from './labels.ts';
import type { Category, Rating } from './legacy.types.ts';
import type { Ao3Field } from './ao3.download.ts';

// AO3's fixed tags (ratings, archive warnings, categories) under the names this archive uses
// (src/tags/tag.types.ts). AO3 renamed two warnings over the years, so downloads of different
// years name them differently: "Choose Not To Use Archive Warnings" became "Creator Chose Not
// To Use Archive Warnings", and "Underage" became "Underage Sex". A warning that is none of
// these is kept as an additional tag (research/legacy.md §6: never dropped, never guessed).

const RATINGS: Record<string, Rating> = {
  'general audiences': 'General Audiences',
  'teen and up audiences': 'Teen And Up Audiences',
  mature: 'Mature',
  explicit: 'Explicit',
  'not rated': 'Not Rated',
};

const WARNINGS: Record<string, string> = {
  'creator chose not to use archive warnings': NO_WARNINGS_CHOSEN,
  'choose not to use archive warnings': NO_WARNINGS_CHOSEN,
  'no archive warnings apply': 'No Archive Warnings Apply',
  'graphic depictions of violence': 'Graphic Depictions Of Violence',
  'major character death': 'Major Character Death',
  'rape/non-con': 'Rape/Non-Con',
  underage: 'Underage Sex',
  'underage sex': 'Underage Sex',
};

const CATEGORIES: Record<string, Category> = {
  gen: 'Gen', 'f/m': 'F/M', 'm/m': 'M/M', 'f/f': 'F/F', multi: 'Multi', other: 'Other',
};

/** What a dt of the tag list holds; AO3 writes the label singular or plural by the count. */
export type FieldKind = 'rating' | 'warnings' | 'categories' | 'fandoms' | 'relationships' | 'characters' | 'freeforms' | 'language' | 'series' | 'collections' | 'stats';

const FIELD_KINDS: Array<[RegExp, FieldKind]> = [
  [/^ratings?$/, 'rating'],
  [/^archive warnings?$|^warnings?$/, 'warnings'],
  [/^categor(y|ies)$/, 'categories'],
  [/^fandoms?$/, 'fandoms'],
  [/^relationships?$|^pairings?$/, 'relationships'],
  [/^characters?$/, 'characters'],
  [/^additional tags?$|^freeforms?$|^tags$/, 'freeforms'],
  [/^language$/, 'language'],
  [/^series$/, 'series'],
  [/^collections?$/, 'collections'],
  [/^stats$/, 'stats'],
];

export function fieldKind(label: string): FieldKind | null {
  const key = label.toLowerCase().replace(/\s+/g, ' ').trim();
  return FIELD_KINDS.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

const key = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();

/** The highest of the ratings named, AO3's names first, older free text after. */
export function ao3Rating(values: string[]): Rating {
  const order: Rating[] = ['Not Rated', 'General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];
  let best: Rating | null = null;
  for (const value of values) {
    const rating = RATINGS[key(value)] ?? ratingFromLabel(value);
    if (rating && (best === null || order.indexOf(rating) > order.indexOf(best))) best = rating;
  }
  return best ?? 'Not Rated';
}

/** Archive warnings under our names; any other value of the field becomes an additional tag. */
export function ao3Warnings(values: string[]): { warnings: string[]; freeforms: string[] } {
  const warnings: string[] = [];
  const freeforms: string[] = [];
  for (const value of values) {
    const warning = WARNINGS[key(value)];
    if (warning) {
      if (!warnings.includes(warning)) warnings.push(warning);
    } else if (value.trim()) freeforms.push(value.trim());
  }
  // AO3 requires a warning; a hand-edited file without one warns of nothing, as the other sources do.
  return { warnings: warnings.length > 0 ? warnings : [NO_WARNINGS_CHOSEN], freeforms };
}

export function ao3Categories(values: string[]): Category[] {
  const categories: Category[] = [];
  for (const value of values) {
    const category = CATEGORIES[key(value)];
    if (category && !categories.includes(category)) categories.push(category);
  }
  return categories;
}

/** The values of every field of one kind, in order, without repeats. */
export function valuesOf(fields: Ao3Field[], kind: FieldKind): string[] {
  const values: string[] = [];
  for (const field of fields) {
    if (fieldKind(field.label) !== kind) continue;
    for (const value of field.values) if (!values.includes(value)) values.push(value);
  }
  return values;
}
