import { collapseSpaces, splitCount } from '../text/spaces.ts';
import { ADDRESS_GLOBAL } from './addresses.ts';
import { isSeparator } from './body.ts';
import { kindByline } from './bylines.ts';
import { fandomByName } from './fandoms.ts';

// The lines of a title card, read (research/legacy.md §2.3): which line is the title, which the
// byline, the writer's contact line, a date or what kind of piece it is. Where the card stands
// among the top blocks is found in titleblock.ts.

// "filked by:" credits the words of a song set to a known tune, as "written by" credits a story.
export const BYLINE_LINE = /^(?:(?:written|filked|composed|penned|a story|story)\s+)?by(?:\s*[.:]\s*|\s+)(\S.{0,60})$/i;
export const BY_ALONE = /^(?:(?:written|filked|composed|penned)\s+)?by\s*[.:]?$/i;
// "An X-Files story....", "An unauthorised X-Files tale": what the piece is, not its name.
const KIND_LINE = /^(?:an?|another|one)\s+(?:[\w'’/-]+\s+){0,4}(?:story|tale|fic|fanfic|fan fiction|erotica|crossover|x-?over|vignette|spoof|parody|piece|novel(?:la)?|short story)[.!\s]*$/i;
// What follows a name on a card: "aka address", an address, a date, a place in parentheses.
const AFTER_NAME = /^(?:\(?\s*aka\b|\(.*\)$|[<(]?\S+@\S+|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|(?:\(c\)|©|copyright)\s)/i;
const DATE_AFTER_NAME = /\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$/;
// A quoted title, a dash and a pen name of one to four capitalised words: "'Title'--Name".
const SIGNED_TITLE = /^(["'“‘][^"“”]{1,60}?["'”’])\s*(?:-{1,3}|–|—)\s*(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})$/u;
const STARRING_LINE = /^(?:guest\s+)?starring\b/i;
// The address pattern without the global flag, whose lastIndex would carry over between tests.
const HAS_ADDRESS = new RegExp(ADDRESS_GLOBAL.source);
// A mail header saved with the text ("Subj:\tX-Files poems", as AOL wrote it) is no title line.
const MAIL_HEADER_LINE = /^(?:subj|subject|from|to|date|cc|newsgroups)\s*:\s/i;
const DATE_LINE = /^(?:\w+,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/i;
// A pen name on a line of its own: two to four capitalised words or initials ("Kellie
// Matthews-Simmons", "Martin A. Nantus"), nothing that ends a sentence.
// One lower-case letter at least: a line in capitals is a title ("THE LONG NIGHT"), not a name.
const NAME_LINE = /^(?=.*\p{Ll})(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.|de|van|von|la|le)){1,3}$/u;

/** "An X-Files Story", "An unauthorised X-Files tale": a line that says what the piece is. */
export function isKindLine(line: string): boolean {
  return KIND_LINE.test(line);
}

/** "An X / Y crossover story by Name - …": the kind of piece, then its writer. */
export function isKindByline(text: string): boolean {
  return /\bby\s/i.test(text) && kindByline(text) !== null;
}

/** A card line trimmed, its runs of white space one space each. */
export const clean = (line: string) => collapseSpaces(line.trim());

// AOL kept a screen name's spaces and capitals, and writers set it before the host as it was
// ("Jane Doe@aol.com"): a capitalised local part under capitalised words is the name's last word.
const SPACED_SCREEN_NAME = /^((?:\p{Lu}[\p{L}'’-]*\.?\s+){1,2}\p{Lu}\p{Ll}[\p{L}'’-]*)@[\w-]+(?:\.[\w-]+)+$/u;

/**
 * The name on a card's contact line: "Jane Doe@aol.com" (a screen name with its space), or
 * "Jane Doe (jdoe@example.org)" (a name, then an address). An address alone names no one: a
 * local part is an account, not a name.
 */
function contactName(line: string): string | null {
  const screenName = SPACED_SCREEN_NAME.exec(line)?.[1];
  if (screenName) return screenName.replace(/\s+/g, ' ');
  const rest = line.replace(ADDRESS_GLOBAL, ' ').replace(/\(\s*\)|<\s*>|\[\s*\]/g, ' ').replace(/\s+/g, ' ').trim();
  return rest !== line.trim() && NAME_LINE.test(rest) ? rest : null;
}

/** Reads the lines of a card: its title, its authors, or null when it names neither. */
export function readCard(lines: string[]): { title: string | null; creators: string[]; byline: boolean; described: boolean } | null {
  const titles: string[] = [];
  const kickers: string[] = [];
  const creators: string[] = [];
  let byline = false;
  let described = false;
  let contact = false;
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i] as string);
    if (!line || isSeparator(line)) continue;
    if (byline) {
      // "by" over "Jane Doe & John Roe": the writers' names on the line under it, each a name.
      const names = line.replace(ADDRESS_GLOBAL, '').replace(/\([^)]*\)/g, '').trim().split(/\s+(?:and|&)\s+/);
      if (creators.length === 0 && names.every((name) => NAME_LINE.test(name))) creators.push(...names);
      continue;
    }
    // "'Title'--Name": a quoted title signed with a dash, as a poem's card names its writer.
    const signed = titles.length === 0 ? SIGNED_TITLE.exec(line) : null;
    if (signed?.[1] && signed[2]) {
      titles.push(signed[1]);
      creators.push(signed[2]);
      byline = true;
      continue;
    }
    const kindName = kindByline(line);
    if (kindName) {
      creators.push(kindName);
      byline = true;
      continue;
    }
    const by = BYLINE_LINE.exec(line);
    if (by?.[1]) {
      const name = by[1].replace(ADDRESS_GLOBAL, ' ').replace(DATE_AFTER_NAME, '').replace(/\([^)]{0,200}\)|<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').replace(/[\s,;:-]+$/, '').trim();
      if (!name || splitCount(name) > 5 || /[.!?;"”]$/.test(name) && !/\b[A-Z]\.$/.test(name)) return null;
      creators.push(...name.split(/\s+(?:and|&)\s+/).map((n) => n.trim()).filter(Boolean));
      byline = true;
      continue;
    }
    if (BY_ALONE.test(line)) {
      byline = true;
      continue;
    }
    if (AFTER_NAME.test(line) || DATE_LINE.test(line) || MAIL_HEADER_LINE.test(line)) continue;
    // "Pen Name@host.com" under the title: the writer's address, as AOL's names with spaces
    // were written; the title's contact line, never a second title line.
    if (titles.length > 0 && line.split(/\s+/).length <= 3 && HAS_ADDRESS.test(line)) {
      contact = true;
      const name = creators.length === 0 ? contactName(line) : null;
      if (name) creators.push(name);
      continue;
    }
    // A time of day opens a story's dateline ("7:55 a.m. Monday"), never a title card; a cast
    // list ("starring …") is a credits card (coldopen.ts).
    if (/\b\d{1,2}:\d{2}\b|\b[ap]\.m\./i.test(line) || STARRING_LINE.test(line)) return null;
    // A sign-off ("-- K.") above a card belongs to the note before it.
    if (/^--+\s/.test(line)) continue;
    if (KIND_LINE.test(line)) {
      described = true;
      continue;
    }
    // A line wholly in parentheses under the title says what kind of story it is or how it is
    // rated ("(A Short Story)", "(Rated PG)"): the card's decoration, not a second title line.
    if (titles.length > 0 && /^\([^()]{1,60}\)$/.test(line)) continue;
    if (fandomByName(line.replace(/[:.]+$/, '')) !== null) {
      kickers.push(line);
      // "A Concept for the X-Files": a line that opens with an article says what the piece is.
      if (/^(?:an?|another)\s/i.test(line)) described = true;
      continue;
    }
    // A name alone under the title, with no "by": the card's last line, shaped as a name.
    if (titles.length > 0 && NAME_LINE.test(line) && !lines.slice(i + 1).some((rest) => clean(rest) && !AFTER_NAME.test(clean(rest)) && !DATE_LINE.test(clean(rest)))) {
      creators.push(line);
      byline = true;
      continue;
    }
    titles.push(line);
  }
  if (titles.length > 2) return null;
  // Two title lines on a card are one title wrapped ("A" / "CHRISTMAS STORY"), or a quoted title
  // under a kicker: the quoted one wins.
  const quoted = titles.find((t) => /^["“].*["”]$/.test(t));
  // A fandom's name is the title only when nothing else is ("ANGEL" / "by …"), not a kicker ("THE X-FILES:").
  const kicker = kickers.length === 1 && !/:$/.test(kickers[0] as string) ? (kickers[0] as string) : null;
  const title = quoted ?? (titles.length ? titles.join(' ') : kicker);
  if (!title && creators.length === 0) return null;
  // Only a title of one line under it is named by what the card says the piece is.
  // A contact line under it names a title as a byline would.
  return { title, creators, byline, described: (described || contact) && titles.length === 1 };
}

