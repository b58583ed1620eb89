import { collapseSpaces } from '../text/spaces.ts';
import { ADDRESS, ADDRESS_GLOBAL } from './addresses.ts';

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

// Each writer of a byline may give an address after the name: "(jane@example.org)", "<…>".
const CONTACT_AFTER = String.raw`(?:\s*(?:\([^()@]{1,80}@[^()]{1,80}\)|<[^<>@]{1,80}@[^<>]{1,80}>))?\s*$`;
const BY_LINE = new RegExp(String.raw`^\s*[Bb][Yy]\s+(.+?)${CONTACT_AFTER}`, 'u');
const AND_LINE = new RegExp(String.raw`^\s*(?:and|&)\s+${NAME}${CONTACT_AFTER}`, 'u');

/**
 * The byline's names with a co-author whose name was set on the next line ("by Jane Doe" over
 * "and John Roe", each maybe with an address after it): the top matter reads the byline line alone.
 */
export function withCoAuthor(lines: string[], creators: string[]): string[] {
  const last = creators[creators.length - 1];
  if (!last) return creators;
  const opening = lines.slice(0, OPENING_LINES);
  // A byline is short: a long line is not tried (the pattern's lazy name is slow along it).
  const at = opening.findIndex((line) => line.length <= 200 && BY_LINE.exec(line)?.[1]?.toLowerCase() === last.toLowerCase());
  if (at < 0) return creators;
  const next = AND_LINE.exec(opening[at + 1] ?? '')?.[1];
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

/** The writer one line opening "A … story by NAME" names, or null. */
export function kindByline(line: string): string | null {
  const name = KIND_BY.exec(line)?.[1];
  return name ? cleanName(name) : null;
}

/** The writer a line opening "A … story by NAME" names among the opening lines, or null. */
export function kindBy(lines: string[]): string | null {
  for (const line of lines.slice(0, OPENING_LINES)) {
    const name = kindByline(line);
    if (name) return name;
  }
  return null;
}

// A poster who says the story is not theirs without naming whose it is ("I'm posting this for a
// friend", "I didn't write this"): their signature is not the author's.
const POSTED_FOR_ANOTHER = /\b(?:post(?:ing|ed)?|forward(?:ing|ed)?|send(?:ing)?)\s+(?:(?:this|it|these|the following)\s+)?(?:(?:story|stories|fic|piece|parts?)\s+)?(?:here\s+)?(?:for|on behalf of)\s+(?:a friend|my \w+|someone|somebody|him|her|them)\b|\bI (?:did not|didn'?t) write (?:this|it)\b/i;

/** True when the opening lines say the post is someone else's. */
export function postedForAnother(lines: string[]): boolean {
  return POSTED_FOR_ANOTHER.test(collapseSpaces(lines.slice(0, OPENING_LINES).join(' ')));
}

// A signature's writer, beside its address: a name in a cell of the address's line ("Jane Doe -
// address", "Jane Doe//address", "Jane Doe <address>"), or first on the line under or over it,
// a tagline after a comma ("DarkStar, Keeper of the Lost Files"). A signature sets its cells and
// a quote in columns, apart by a run of spaces, a tab, a dash or a "/", "\\", "|" or "*" border.
const SIGNATURE_NAME = new RegExp(String.raw`^${NAME}(?:,\s+\S.*)?$`, 'u');
const SIGN_OFF = /^(?:cheers|thanks|thank you|regards|love|later|bye|ciao|peace|best|enjoy|yours|sincerely|hugs|take care)\s*,\s*/i;
const CELL_BORDER = /\s{3,}|\t|\s+[/\\|*]\s+|\s+-{1,2}\s+|\/\//;

function cellsOf(line: string): string[] {
  // A signature line is short: past 200 characters it is no signature's (and slow to split).
  return line.trim().slice(0, 200).replace(/^[*|]+|[*|]+$/g, '').split(CELL_BORDER).map((cell) => cell.trim()).filter(Boolean);
}

function nameIn(cell: string): string | null {
  const rest = cell.replace(ADDRESS_GLOBAL, ' ').replace(/[()<>[\]]/g, ' ').replace(/\s+/g, ' ').trim().replace(SIGN_OFF, '');
  const name = SIGNATURE_NAME.exec(rest)?.[1];
  return name ? cleanName(name) : null;
}

/** The name a signature (the lines from its "-- " on) sets beside its address, or null. */
export function signatureName(signature: string[]): string | null {
  const lines = signature.slice(0, 8).map(cellsOf);
  const contact = lines.findIndex((cells) => cells.some((cell) => ADDRESS.test(cell)));
  if (contact < 0) return null;
  const beside = [...(lines[contact] as string[]), (lines[contact + 1] ?? [])[0], (lines[contact - 1] ?? [])[0]];
  for (const cell of beside) {
    const name = cell && !/^-/.test(cell) ? nameIn(cell) : null;
    if (name) return name;
  }
  return null;
}

// "Copyright 1994 Jane Doe.", "(C) 1995 Jane "JD" Doe", "(c) copyright 1994, by Jane Doe": a
// notice that opens its sentence, with a year, names whose the words are. A disclaimer names the
// owners of the characters the same way: a name it also credits with them, or a company, is none.
const QUOTED_WORD = String.raw`["“]\p{Lu}[\p{L}'’-]*["”]`;
const NOTICE_NAME = String.raw`${NAME_WORD}(?:[ \t]+(?:${NAME_WORD}|${QUOTED_WORD})){0,3}`;
const NOTICE = String.raw`(?:^|[.!?]\s+)(?:\([Cc]\)|©|[Cc]opyright|COPYRIGHT)(?:\s*(?:\([Cc]\)|©|[Cc]opyright))?\s*(?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d\d,?\s+(?:by\s+)?`;
const COPYRIGHT_NOTICE = new RegExp(String.raw`${NOTICE}(${NOTICE_NAME}(?:\s+(?:and|&)\s+${NOTICE_NAME})?)(?=\s*(?:[.,;!]|$))`, 'gmu');
const HAS_NOTICE = new RegExp(NOTICE, 'mu');
const COMPANY = /\b(?:Broadcasting|Productions?|Company|Co|Corp(?:oration)?|Inc|Ltd|Network|Studios?|Entertainment|Television|Pictures|Films?|Fox)\b/;
const CREDITED = /\b(?:created|owned|invented)\s+by|\bbelongs?\s+to|\bproperty\s+of|\btrademarks?\s+of|\bcopyright(?:ed|s)?\s+(?:of|by|held\s+by)/i;

/** The writers a copyright notice among the post's notes names ("Jane Doe and John Roe"), or null. */
export function copyrightHolder(notes: string[]): string | null {
  const text = notes.join('\n');
  let sentences: string[] | null = null;
  for (const match of text.matchAll(COPYRIGHT_NOTICE)) {
    const name = match[1] ? cleanName(match[1]) : null;
    if (!name || COMPANY.test(name)) continue;
    sentences ??= text.split(/(?<=[.!?])\s+/);
    const credited = sentences.some((sentence) => CREDITED.test(sentence) && sentence.includes(name) && !HAS_NOTICE.test(sentence));
    if (!credited) return name;
  }
  return null;
}
