import { collapseSpaces, firstLetterCode, splitCount } from '../text/spaces.ts';
import { ADDRESS_GLOBAL } from './addresses.ts';
import { isSeparator } from './body.ts';
import { kindByline } from './bylines.ts';
import { fandomByName } from './fandoms.ts';
import { matchHeading } from './chapters.ts';
import { isLabelBlock } from './header.ts';
import { findPartMarker } from './subject.ts';

// The title card of a plain-text post (research/legacy.md §2.3): a few short lines, often centred
// with spaces or tabs, that name the story and its author ("In the End / By. / Karen X /
// (address) 10/26/94"). Writers of the 1990s put their notes, disclaimers and a poster's note
// above it, so the card is the surest sign of where the story starts: everything above it is top
// matter, however it is worded. It is found by the shape of its lines, never by their words alone.

export interface TitleCard {
  /** Index of the card's first block and of the first block after it. */
  start: number;
  end: number;
  title: string | null;
  creators: string[];
}

// "filked by:" credits the words of a song set to a known tune, as "written by" credits a story.
const BYLINE_LINE = /^(?:(?:written|filked|composed|penned|a story|story)\s+)?by(?:\s*[.:]\s*|\s+)(\S.{0,60})$/i;
const BY_ALONE = /^(?:(?:written|filked|composed|penned)\s+)?by\s*[.:]?$/i;
// "An X-Files story....", "An unauthorised X-Files tale": what the piece is, not its name.
const KIND_LINE = /^(?:an?|another|one)\s+(?:[\w'’/-]+\s+){0,4}(?:story|tale|fic|fanfic|fan fiction|erotica|crossover|x-?over|vignette|spoof|parody|piece|novel(?:la)?|short story)[.!\s]*$/i;
// What follows a name on a card: "aka address", an address, a date, a place in parentheses.
const AFTER_NAME = /^(?:\(?\s*aka\b|\(.*\)$|[<(]?\S+@\S+|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|(?:\(c\)|©|copyright)\s)/i;
const DATE_AFTER_NAME = /\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$/;
// A quoted title, a dash and a pen name of one to four capitalised words: "'Title'--Name".
const SIGNED_TITLE = /^(["'“‘][^"“”]{1,60}?["'”’])\s*(?:-{1,3}|–|—)\s*(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})$/u;
const STARRING_LINE = /^(?:guest\s+)?starring\b/i;
// The same test on a line as it stands: `\s+` and `\b` read a run of spaces as one, so the line
// need not be trimmed and collapsed first (every line of the top blocks is tried).
const STARRING_RAW_LINE = /^\s*(?:guest\s+)?starring\b/i;
const CODE_G = 103;
const CODE_S = 115;

/** "starring …", "Guest starring …": the line's first letter is tried before the pattern. */
function opensStarring(line: string): boolean {
  const code = firstLetterCode(line);
  return (code === CODE_S || code === CODE_G) && STARRING_RAW_LINE.test(line);
}
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

/** Columns of leading white space, a tab to the next multiple of eight. */
export function indentOf(line: string): number {
  let column = 0;
  for (const char of line) {
    if (char === ' ') column++;
    else if (char === '\t') column = column - (column % 8) + 8;
    else break;
  }
  return column;
}

/** A line that may be part of a card: short, no sentence, not a label. */
function isCardLine(line: string): boolean {
  const text = line.trim();
  // "A *PARODY* by Name (address) Copyright (c) 1994": a byline that names the kind of piece
  // runs longer than a card's other lines, with the writer's address and notice after the name.
  if (text.length <= 100 && isKindByline(text)) return true;
  // A part in parentheses ("(1 of 7 parts)") decorates the title: its words are not the title's.
  if (!text || text.length > 64 || splitCount(text.replace(/\([^()]{0,30}\)/g, '').trim()) > 9) return false;
  // A sentence ends in . ! or ? — but a title may trail off ("And If I Die..."), and a few words
  // are no sentence ("By.", "Part One.").
  if (splitCount(text) <= 4) return true;
  return !/(?<!\.\.)[.!?]["”’]?$/.test(text) || /\.\.\.["”’]?$/.test(text) || /^[A-Z\s\d.'’,&-]+$/.test(text);
}

/** "An X / Y crossover story by Name - …": the kind of piece, then its writer. */
function isKindByline(text: string): boolean {
  return /\bby\s/i.test(text) && kindByline(text) !== null;
}

/** 1 for the characters that part words on a card line: space, tab, no-break space. */
const WORD_GAP = new Uint8Array(65536);
WORD_GAP[32] = WORD_GAP[9] = WORD_GAP[160] = 1;

// The top blocks are counted by each search for a card or a rule, two or three times each: each
// block's count is kept while the block lives. Blocks are never changed once split (body.ts).
const blockWords = new WeakMap<string[], number>();

function wordsOf(block: string[]): number {
  let words = blockWords.get(block);
  if (words === undefined) {
    words = countBlockWords(block);
    blockWords.set(block, words);
  }
  return words;
}

/**
 * Words of a block, counted in one pass (joining and splitting cost a tenth of the parser), adding
 * without a branch: where spaces fall in prose is too irregular for the processor to guess, and
 * branches took twice the time.
 */
function countBlockWords(block: string[]): number {
  let words = 0;
  for (const line of block) {
    let previous = 1;
    for (let i = 0; i < line.length; i++) {
      const space = WORD_GAP[line.charCodeAt(i)] as number;
      words += previous & (space ^ 1);
      previous = space;
    }
  }
  return words;
}

/** Whether each block is a note, asked only where a rule or a card needs it, and once. */
function noteCache(blocks: string[][], isNote: (text: string) => boolean): (index: number) => boolean {
  const known = new Map<number, boolean>();
  return (index) => {
    let note = known.get(index);
    if (note === undefined) {
      note = isNote((blocks[index] as string[]).map((line) => line.trim()).join(' '));
      known.set(index, note);
    }
    return note;
  };
}

const clean = (line: string) => collapseSpaces(line.trim());

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

/** A block that is a run of card lines: all short, and for a card without a byline, centred. */
function cardBlock(block: string[]): boolean {
  return block.length <= 6 && block.every(isCardLine) && !isLabelBlock(block);
}

// A note above a card is short: the words of every block above it (a poster's note, disclaimers,
// the author's note) stay under this. A story's first scenes are longer.
const MAX_WORDS_ABOVE = 700;
const MAX_BLOCK_WORDS = 220;

/**
 * The first title card in the top blocks, when the blocks above it read as top matter. A card with
 * a byline is enough; a card of only a title must be centred, alone, followed by prose, and have
 * only short paragraphs or notes above it (`isNote`), so a centred scene heading inside a story is
 * not taken for a title.
 */
export function findTitleCard(blocks: string[][], isNote: (text: string) => boolean, limit = 24): TitleCard | null {
  let words = 0;
  const noteAt = noteCache(blocks, isNote);
  // The paragraphs above, read as notes only when a card of a title alone needs it.
  const above: number[] = [];
  const notesAbove = () => {
    let all = true;
    let any = false;
    for (const index of above) {
      const block = blocks[index] as string[];
      const note = noteAt(index);
      any ||= note;
      if (!isLabelBlock(block) && !(wordsOf(block) <= 14 || note)) all = false;
    }
    return { all, any };
  };
  for (let i = 0; i < Math.min(blocks.length - 1, limit); i++) {
    const block = blocks[i] as string[];
    if (block.every((line) => isSeparator(line))) continue;
    // A credits card ("An X Story" / "starring …") under a scene: the story began above it.
    if (block.some(opensStarring) && !notesAbove().all) return null;
    if (cardBlock(block)) {
      // A card may span blocks: "Title" / "by" / "Name" each between blank lines.
      let end = i;
      const lines: string[] = [];
      // A rule under the title ("Title" / "*****" / "by" / "Name") is part of the card when card
      // lines follow it.
      // A card is centred or flush as a whole: a flush dateline under a centred title is the story's.
      // A block is centred when any of its lines is: a centred card may start a column or two
      // short of the rest ("     Title" / "           by Name").
      const centredBlock = (b: string[]) => b.some((line) => !isSeparator(line) && indentOf(line) >= 6);
      const centredCard = centredBlock(block);
      // A byline may be set flush under a centred title: it is no dateline.
      const bylineBlock = (b: string[]) => isKindByline(clean(b[0] ?? '')) || BYLINE_LINE.test(clean(b[0] ?? ''));
      const sameShape = (at: number) =>
        (blocks[at] as string[]).every(isSeparator) || centredBlock(blocks[at] as string[]) === centredCard || bylineBlock(blocks[at] as string[]);
      const ruleInside = (at: number) =>
        (blocks[at] as string[]).every(isSeparator) && blocks[at + 1] !== undefined && cardBlock(blocks[at + 1] as string[]) && !(blocks[at + 1] as string[]).every(isSeparator) && sameShape(at + 1);
      // A line of speech is the story's, however short ("“And you?”" under the card's byline).
      const isSpeech = (b: string[]) => /^\s*["“]/.test(b[0] ?? '') && wordsOf(b) >= 3;
      let bylineRead = false;
      // The card of `lines` as read when they grew by their last block (undefined: not read yet),
      // so no card is read twice.
      let linesCard: ReturnType<typeof readCard> | undefined;
      while (end < blocks.length && lines.length < 10 && cardBlock(blocks[end] as string[]) && sameShape(end) && (!(blocks[end] as string[]).every(isSeparator) || (lines.length > 0 && ruleInside(end)))) {
        // Under the byline, speech and a chapter heading ("Prologue:") are the story's.
        if (bylineRead && (isSpeech(blocks[end] as string[]) || isHeadingBlock(blocks[end] as string[]))) break;
        // A card grows by a block only while it still reads as one: a dateline under it
        // ("Prologue / Massachusetts / 8:47 PM") is the story's.
        if (lines.length > 0) {
          const grown = readCard(lines.concat(blocks[end] as string[]));
          if (grown === null && (linesCard === undefined ? readCard(lines) : linesCard) !== null) break;
          linesCard = grown;
        }
        lines.push(...(blocks[end] as string[]));
        bylineRead ||= (blocks[end] as string[]).some((line) => BYLINE_LINE.test(clean(line)) || BY_ALONE.test(clean(line)) || isKindByline(clean(line)));
        end++;
      }
      const card = linesCard === undefined ? readCard(lines) : linesCard;
      const next = blocks[end];
      const isProse = (b: string[] | undefined) => b !== undefined && (isSeparator(b[0] ?? '') || wordsOf(b) >= 12 || b.length >= 2 || isSpeech(b));
      // A dateline ("Bergen, 6:40 a.m.") may stand between the card and the prose.
      const followedByProse = isProse(next) || (next !== undefined && next.length === 1 && isProse(blocks[end + 1]));
      if (card && card.byline && card.creators.length > 0 && followedByProse && words <= MAX_WORDS_ABOVE) {
        return { start: i, end, title: card.title, creators: card.creators };
      }
      // A title over a line that says what the piece is ("A Concept for the X-Files", "An X-Files
      // Story"): no scene heading is followed by one.
      if (card?.title && !card.byline && card.described && followedByProse && words <= MAX_WORDS_ABOVE) {
        return { start: i, end, title: card.title, creators: card.creators };
      }
      // A title underlined with a rule of its own length ("TITLE" / "=====") is set apart as no
      // line of the story is; an underlined chapter heading ("Prologue" / "--------") is not one.
      if (card?.title && !card.byline && next && isUnderline(next, clean(lines[lines.length - 1] ?? '')) && matchHeading(card.title) === null) {
        if (isProse(blocks[end + 1]) && !isSeparator((blocks[end + 1] as string[])[0] ?? '') && words <= MAX_WORDS_ABOVE) {
          return { start: i, end: end + 1, title: card.title, creators: card.creators };
        }
      }
      // A title that wrapped: its first word pushed to the far right of the line above ("A" /
      // "LONG TITLE"), where the writer's centring left it.
      const wrapped = lines.length === 2 && indentOf(lines[0] as string) >= 20 && indentOf(lines[1] as string) < 6 && clean(lines[0] as string).split(" ").length <= 2;
      const centred = lines.every((line) => indentOf(line) >= 6) || wrapped || /^["“].*["”]$/.test(clean(lines[0] ?? ''));
      // A title alone: below notes only, or below a rule that closes a note.
      if (card && !card.byline && card.title && (lines.length === 1 || wrapped) && centred && followedByProse && i > 0) {
        const notes = notesAbove();
        const belowRule = (blocks[i - 1] as string[]).every((line) => isSeparator(line) && line.trim().length >= 10) && notes.any;
        // A title that names its part ("-- Part 1") is no scene heading: under a note it is the card.
        const namesPart = findPartMarker(card.title) !== null && above.length > 0 && noteAt(above[above.length - 1] as number) && above.filter(noteAt).length * 2 >= above.length;
        if (notes.all || belowRule || namesPart) return { start: i, end, title: card.title, creators: [] };
      }
      if (card && (card.byline || card.creators.length)) return null;
    }
    const blockWords = wordsOf(block);
    if (blockWords > MAX_BLOCK_WORDS) return null;
    words += blockWords;
    if (words > MAX_WORDS_ABOVE) return null;
    above.push(i);
  }
  return null;
}

/**
 * A title set flush over the story's first paragraph with no blank line under it, in a text of
 * indented paragraphs without blank lines ("Title" / "    It was late." / "and cold." / "    She
 * …"): the first block split so the title line is a block of its own, with its index, or the
 * blocks as they were and null. The text's habit is the evidence: its paragraphs open indented
 * and run on flush, so a flush short line over an indented one opens no paragraph.
 */
export function splitLeadTitle(blocks: string[][]): { blocks: string[][]; titleAt: number | null } {
  const at = blocks.findIndex((block) => !block.every(isSeparator));
  const block = blocks[at];
  if (!block || block.length < 4) return { blocks, titleAt: null };
  const [first, second] = block as [string, string];
  const title = clean(first);
  const rest = block.slice(2);
  const shortTitle = indentOf(first) === 0 && title.length <= 60 && title.split(' ').length <= 8 && !/[.!?,;:"”]$/.test(title);
  const paragraphs = indentOf(second) >= 2 && rest.some((line) => indentOf(line) >= 2) && rest.some((line) => indentOf(line) === 0);
  if (!shortTitle || !paragraphs || isLabelBlock([first]) || matchHeading(title) !== null || isSeparator(first)) return { blocks, titleAt: null };
  return { blocks: [...blocks.slice(0, at), [first], block.slice(1), ...blocks.slice(at + 1)], titleAt: at };
}

function isHeadingBlock(block: string[]): boolean {
  return block.length === 1 && matchHeading(clean(block[0] as string))?.weak === false;
}

/** A rule of "=" or "-" within two characters of the length of the line above it. */
function isUnderline(block: string[], above: string): boolean {
  const rule = (block[0] ?? '').trim();
  return block.length === 1 && above.length >= 3 && /^(?:=+|-+)$/.test(rule) && Math.abs(rule.length - above.length) <= 2;
}

/** A rule long enough to close a note ("-----…", "*****"), unlike a scene break ("* * *"). */
function isLongRule(block: string[]): boolean {
  return block.length === 1 && isSeparator(block[0] as string) && (block[0] as string).replace(/\s/g, '').length >= 5;
}

/**
 * The block after the last rule that closes the top matter, or null. Posters and writers drew a
 * rule under their notes ("And now, on with the show." / "*****"): the rule is taken when the
 * paragraph just above it is a note and at least half of the paragraphs above it are, within the
 * words a note runs to. A story's own first scene ends in prose, not in a note, so its scene
 * break is not taken.
 */
export function findClosingRule(blocks: string[][], isNote: (text: string) => boolean, limit = 24): number | null {
  let words = 0;
  const noteAt = noteCache(blocks, isNote);
  const isNoteBlock = (index: number) => {
    const block = blocks[index] as string[];
    return wordsOf(block) <= 8 || isLabelBlock(block) || noteAt(index);
  };
  const paragraphs: number[] = [];
  let found: number | null = null;
  for (let i = 0; i < Math.min(blocks.length - 1, limit); i++) {
    const block = blocks[i] as string[];
    if (isLongRule(block)) {
      const last = paragraphs[paragraphs.length - 1];
      if (last === undefined) continue;
      const lastBlock = blocks[last] as string[];
      // A rule under a heading ("Prologue" / "--------") underlines it: the story is above.
      const underHeading = lastBlock.length === 1 && matchHeading(lastBlock[0]?.trim() ?? '') !== null;
      const notes = paragraphs.filter(isNoteBlock).length;
      // A note may close on a short parting line ("And have fun with it!") that names nothing:
      // the notes above it, every one, say what it is.
      const partingLine = !isNoteBlock(last) && wordsOf(lastBlock) <= 12 && notes >= 2 && notes === paragraphs.length - 1;
      if (!underHeading && (isNoteBlock(last) || partingLine) && notes * 2 >= paragraphs.length) found = i + 1;
      continue;
    }
    if (block.every(isSeparator)) continue;
    const blockWords = wordsOf(block);
    words += blockWords;
    if (words > MAX_WORDS_ABOVE || blockWords > MAX_BLOCK_WORDS) break;
    paragraphs.push(i);
  }
  return found;
}
