// The rules of a pseud's name, on their own: the importer's worker threads name pseuds too,
// and must not load the accounts service (and its database and password modules) to do it.

export const PSEUD_NAME_MAX_LENGTH = 40;
// AO3 allows 500 characters in a pseud description.
export const PSEUD_DESCRIPTION_MAX_LENGTH = 500;

// Letters of any script, digits, spaces, and the punctuation writers' names have (underscores,
// hyphens, full stops, apostrophes as in Tara O'Shea, ampersands, commas, ! and brackets), so an
// imported creator keeps their name (issue 14); never / < > " or controls. At least one letter
// or digit, so a name is never just punctuation.
const PSEUD_NAME_PATTERN = /^[\p{L}\p{M}\p{N} _.'’&,!()-]+$/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function checkPseudName(name: string): string | null {
  if (name.length === 0) return 'Enter a name for the pseud.';
  if (name.length > PSEUD_NAME_MAX_LENGTH) return `Use at most ${PSEUD_NAME_MAX_LENGTH} characters.`;
  if (!PSEUD_NAME_PATTERN.test(name) || !HAS_LETTER_OR_DIGIT.test(name)) {
    return "Use letters, digits, spaces and _ - . ' & , ! ( ) only.";
  }
  return null;
}
