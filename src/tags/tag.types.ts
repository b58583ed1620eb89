/** Tag types, as AO3 names them. The first three are fixed lists chosen from checkboxes. */
export type TagType = 'Rating' | 'ArchiveWarning' | 'Category' | 'Fandom' | 'Relationship' | 'Character' | 'Freeform';

export const RATINGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated'] as const;
export type Rating = (typeof RATINGS)[number];

export const WARNINGS = [
  'Choose Not To Use Archive Warnings',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'No Archive Warnings Apply',
  'Rape/Non-Con',
  'Underage Sex',
] as const;

export const CATEGORIES = ['Gen', 'F/M', 'M/M', 'F/F', 'Multi', 'Other'] as const;

/** Typed tag fields of the posting form, in the order a work's tag block shows them. */
export const FREE_TAG_TYPES = ['Fandom', 'Relationship', 'Character', 'Freeform'] as const;
export type FreeTagType = (typeof FREE_TAG_TYPES)[number];

export const TAG_TYPE_LABELS: Record<TagType, { one: string; many: string }> = {
  Rating: { one: 'Rating', many: 'Ratings' },
  ArchiveWarning: { one: 'Archive Warning', many: 'Archive Warnings' },
  Category: { one: 'Category', many: 'Categories' },
  Fandom: { one: 'Fandom', many: 'Fandoms' },
  Relationship: { one: 'Relationship', many: 'Relationships' },
  Character: { one: 'Character', many: 'Characters' },
  Freeform: { one: 'Additional Tag', many: 'Additional Tags' },
};

/** Ratings whose works open with an adult-content notice. */
export const ADULT_RATINGS: readonly string[] = ['Mature', 'Explicit'];

export const TAG_NAME_MAX = 150;
/** AO3's limit on fandom, relationship, character and additional tags together. */
export const USER_TAGS_MAX = 75;
