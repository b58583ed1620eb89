// White space as regular expressions define it (`\s`), read a character code at a time. The
// importer collapsed and split texts on `/\s+/` in many places; on a story's opening 100 lines,
// `.replace(/\s+/g, ' ')` took about 25 µs (a match object per space), a table scan about 6.
// Each function gives exactly what its regular-expression form gives (spaces.test.ts checks
// every code unit and random texts against them).

/** 1 for each UTF-16 code unit that `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
const SPACE = new Uint8Array(65536);
for (const code of [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) SPACE[code] = 1;
for (let code = 0x2000; code <= 0x200a; code++) SPACE[code] = 1;

export function isSpaceCode(code: number): boolean {
  return SPACE[code] === 1;
}

/** The code of a text's first character other than white space, lowered when it is an ASCII
 *  letter (`| 32`), or -1: an anchored pattern's first letter, tested before the pattern. */
export function firstLetterCode(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (SPACE[code] !== 1) return code | 32;
  }
  return -1;
}

// The counting loops add without branching: where spaces fall in prose is too irregular for the
// processor to guess, and a mispredicted branch a word doubled their time.

/** `text.split(/\s+/).length`, without building the pieces: runs of white space, plus one. */
export function splitCount(text: string): number {
  let pieces = 1;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const space = SPACE[text.charCodeAt(i)] as number;
    pieces += space & (previous ^ 1);
    previous = space;
  }
  return pieces;
}

/** How many matches `/\S+/g` finds: runs of characters other than white space. */
export function countNonSpaceRuns(text: string): number {
  let runs = 0;
  let previous = 1;
  for (let i = 0; i < text.length; i++) {
    const space = SPACE[text.charCodeAt(i)] as number;
    runs += previous & (space ^ 1);
    previous = space;
  }
  return runs;
}

/**
 * `text.replace(/\s+/g, ' ')`: every run of white space as one space. Only the runs that change
 * are matched (two spaces or more, or one that is not a plain space), a tenth of the matches in
 * prose; each is a whole run, since a match can only start where the run before it ended.
 */
const CHANGING_SPACE = /\s{2,}|(?! )\s/g;

export function collapseSpaces(text: string): string {
  return text.replace(CHANGING_SPACE, ' ');
}
