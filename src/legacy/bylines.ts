import { collapseSpaces } from '../text/spaces.ts';

// Who wrote a post when its sender did not (research/legacy.md §3.2): a poster's note that says
// whose story it is ("I'm posting this story for NAME", "NAME was kind enough to let me post
// this"), or the work's title with its byline on one line among the lines above the story
// ("TITLE   by NAME (address)   date"). The byline's author is the creator, never the poster.

// A pen name or a real name: one to four capitalised words ("Summer", "Jane Q. Doe"). A period
// closes an initial only: after a word it ends the sentence ("… for Jane Doe. Enjoy!").
const NAME_WORD = String.raw`\p{Lu}(?:\.|[\p{L}'’-]*)`;
const NAME = String.raw`(${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,3})`;

// Each names the author in its group 1. "NAME was kind enough to post this for me" names the
// poster, not the author, and is not among them.
const POSTED_FOR = [
  new RegExp(String.raw`\b(?:I'?m|I am|I'?ve been|I have been|am)\s+(?:just\s+|only\s+)?posting\s+(?:this|these|it|the following)(?:\s+(?:story|stories|fic|piece|parts?|poems?))?\s+(?:here\s+)?(?:for|on behalf of)\s+${NAME}`, 'u'),
  new RegExp(String.raw`\b${NAME},?\s+(?:who\s+)?(?:was|has been|is)\s+(?:kind|nice|good) enough to (?:let|allow) me (?:to )?(?:post|share|forward)`, 'u'),
  new RegExp(String.raw`\b${NAME}\s+(?:has\s+)?(?:asked|allowed) me to (?:post|share|forward)`, 'u'),
  new RegExp(String.raw`\b(?:posted|forwarded)\s+(?:here\s+)?(?:for|on behalf of|with the permission of)\s+${NAME}`, 'u'),
  // A poster or a collection's preface saying it outright: "The author is NAME."
  new RegExp(String.raw`\b[Tt]he (?:author|writer)(?: of (?:this|these|the following) [\p{L} ]{1,20})? is\s+${NAME}(?=\s*[.,;(<]|\s*$)`, 'u'),
];

// Words a sentence may open with that the name pattern would take for a name.
const NOT_A_NAME = /^(?:I|The|A|An|My|Our|This|These|It|He|She|They|We|You|Someone|Somebody|Everyone|Again|Also|And|But|So|Well|Now|Here|Please|Thanks)$/;

// The lines above a story that a poster's note can be in: no note is further down than this.
const OPENING_LINES = 80;

function cleanName(name: string): string | null {
  const words = name.trim().replace(/[.’']+$/, '').split(/\s+/);
  while (words.length > 0 && NOT_A_NAME.test(words[0] as string)) words.shift();
  return words.length > 0 ? words.join(' ') : null;
}

/** The author a poster's note names in the opening lines ("posting this for NAME"), or null. */
export function postedFor(lines: string[]): string | null {
  // A sentence wraps across lines: the opening is read as one text.
  const opening = collapseSpaces(lines.slice(0, OPENING_LINES).join(' '));
  for (const pattern of POSTED_FOR) {
    const name = pattern.exec(opening)?.[1];
    const cleaned = name ? cleanName(name) : null;
    if (cleaned) return cleaned;
  }
  return null;
}

/** The title as a pattern of its own letters in either case (the name after it keeps its case). */
function titlePattern(title: string): string {
  return [...title.trim()]
    .map((c) => (/\s/.test(c) ? String.raw`\s+` : c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
}

/** "TITLE by NAME", the title being the work's, with an address or a date after: NAME, or null. */
export function bylineWithTitle(lines: string[], title: string | null): string | null {
  if (!title || title.length < 2) return null;
  const titled = new RegExp(
    String.raw`^\s*["“]?${titlePattern(title)}["”]?[\s,:-]+[Bb][Yy]\s+${NAME}\s*(?:\([^()]{0,80}\)|<[^<>]{0,80}>)?\s*(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})?\s*$`,
    'u',
  );
  // "Here follows “TITLE,” by NAME, 9/28/94. Enjoy!": in quotes, the title may stand mid-line.
  const quoted = new RegExp(String.raw`["“]${titlePattern(title)}[,.!]?["”][,.]?\s+[Bb][Yy]\s+${NAME}(?=\s*(?:[,.;:(<]|$))`, 'u');
  for (const line of lines.slice(0, OPENING_LINES)) {
    const name = titled.exec(line)?.[1] ?? quoted.exec(line)?.[1];
    if (name) return cleanName(name);
  }
  return null;
}

/**
 * The byline's names with a co-author whose name was set on the next line ("by Jane Doe" over
 * "and John Roe"): the top matter reads the byline line alone.
 */
export function withCoAuthor(lines: string[], creators: string[]): string[] {
  const last = creators[creators.length - 1];
  if (!last) return creators;
  const opening = lines.slice(0, OPENING_LINES);
  const at = opening.findIndex((line) => line.trim().toLowerCase() === `by ${last.toLowerCase()}`);
  if (at < 0) return creators;
  const next = new RegExp(String.raw`^\s*(?:and|&)\s+${NAME}\s*$`, 'u').exec(opening[at + 1] ?? '')?.[1];
  const name = next ? cleanName(next) : null;
  return name && !creators.includes(name) ? [...creators, name] : creators;
}

// "written by NAME (address)" alone on its line, as a TV-style credits card sets it, even after a
// cold open: no line of a story is only that.
const WRITTEN_BY = new RegExp(String.raw`^\s*(?:(?:story|teleplay|screenplay)\s+)?[Ww]ritten\s+[Bb]y[:.]?\s+${NAME}\s*(?:\([^()]{0,80}\)|<[^<>]{0,80}>)?\s*$`, 'u');

/** The name on a "written by NAME" line among the opening lines, or null. */
export function writtenBy(lines: string[]): string | null {
  for (const line of lines.slice(0, OPENING_LINES)) {
    const name = WRITTEN_BY.exec(line)?.[1];
    if (name) return cleanName(name);
  }
  return null;
}

// "An X-Files / Other crossover story by NAME - with help from …", "A *PARODY* by NAME (address)":
// a line that opens by naming the kind of work and its writer. The name ends at a mark or the line.
const KINDS = ['story', 'tale', 'parody', 'crossover', 'fic', 'fanfic', 'poem', 'vignette', 'spoof', 'drabble'];
const KIND_BY = new RegExp(
  String.raw`^\s*(?:[Aa]n?\s+)?[^.!?"“”]{0,40}?[*_]?\b(?:${KINDS.map(titlePattern).join('|')})[*_]?\s+[Bb][Yy]\s+${NAME}(?=\s*(?:[-–—,.;:(<]|$))`,
  'u',
);

/** The writer a line opening "A … story by NAME" names among the opening lines, or null. */
export function kindBy(lines: string[]): string | null {
  for (const line of lines.slice(0, OPENING_LINES)) {
    const name = KIND_BY.exec(line)?.[1];
    if (name) return cleanName(name);
  }
  return null;
}
