// Word lists for the synthetic archive. Fandom names are invented so generated data is never
// mistaken for real works; proportions follow AO3's published statistics roughly.

export const FANDOM_STEMS = [
  'Smallville Heights', 'Starfall Gate', 'The Lantern Chronicles', 'Harbor City', 'Wolf Creek Academy',
  'Iron Orchard', 'Saltmarsh', 'The Ninth Kingdom', 'Moonrise Mercenaries', 'Red Dust Rangers',
  'Copper Sky', 'The Quiet Hours', 'Glasshouse', 'Northbound', 'Ashfall', 'Merrow Bay',
  'The Clockwork Court', 'Velvet Underground Station', 'Hollow Pines', 'The Last Observatory',
];

export const FIRST_NAMES = [
  'Clark', 'Lex', 'Chloe', 'Lana', 'Pete', 'Lois', 'Oliver', 'Martha', 'Jonathan', 'Lionel', 'Tess',
  'Rosa', 'Mina', 'Arjun', 'Kenji', 'Ilse', 'Tomas', 'Nadia', 'Wren', 'Felix', 'Ada', 'Bram', 'Cass',
  'Dev', 'Elin', 'Farah', 'Gus', 'Hana', 'Ivo', 'Juno', 'Kit', 'Lior', 'Maeve', 'Noor', 'Otto',
];

export const LAST_NAMES = [
  'Kent', 'Luthor', 'Sullivan', 'Lang', 'Ross', 'Lane', 'Queen', 'Mercer', 'Vale', 'Okafor', 'Sato',
  'Brandt', 'Novak', 'Haddad', 'Reyes', 'Lindqvist', 'Moreau', 'Petrov', 'Ashby', 'Coelho', 'Dunne',
];

export const FREEFORMS = [
  'Angst', 'Fluff', 'Hurt/Comfort', 'Slow Burn', 'Alternate Universe', 'Alternate Universe - Coffee Shop',
  'Alternate Universe - Modern Setting', 'Friends to Lovers', 'Enemies to Lovers', 'Happy Ending',
  'Character Study', 'Established Relationship', 'Found Family', 'Canon Divergence', 'Post-Canon',
  'Humor', 'Drama', 'Romance', 'Drabble', 'Missing Scene', 'Pining', 'Mutual Pining', 'Domestic Fluff',
  'Whump', 'Time Travel', 'Road Trip', 'Rain', 'Winter', 'Holidays', 'First Kiss', 'Getting Together',
];

/** [value, weight] pairs; weights need not sum to anything. */
export const RATING_WEIGHTS: [string, number][] = [
  ['General Audiences', 28], ['Teen And Up Audiences', 30], ['Mature', 15], ['Explicit', 20], ['Not Rated', 7],
];

export const WARNING_WEIGHTS: [string, number][] = [
  ['No Archive Warnings Apply', 55], ['Choose Not To Use Archive Warnings', 30], ['Graphic Depictions Of Violence', 8],
  ['Major Character Death', 5], ['Rape/Non-Con', 1.5], ['Underage Sex', 0.5],
];

export const CATEGORY_WEIGHTS: [string, number][] = [
  ['M/M', 40], ['F/M', 25], ['Gen', 20], ['F/F', 8], ['Multi', 5], ['Other', 2],
];

export const LANGUAGE_WEIGHTS: [string, number][] = [
  ['en', 90], ['es', 2], ['zh', 2], ['ru', 2], ['fr', 1.5], ['de', 1.5], ['ja', 1],
];

export const TITLE_WORDS = [
  'Rain', 'Harvest', 'Glass', 'Silence', 'Orbit', 'Winter', 'Letters', 'Static', 'Lanterns', 'Tides',
  'Ashes', 'Gravity', 'Thread', 'Embers', 'Maps', 'Salt', 'Echoes', 'Porchlight', 'Distance', 'Ruins',
  'Kindling', 'Meridian', 'Hollow', 'Undertow', 'Afterglow', 'Cartography', 'Vigil', 'Almanac',
];
