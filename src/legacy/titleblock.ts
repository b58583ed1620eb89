import { collapseSpaces, splitCount } from '../text/spaces.ts';
import { ADDRESS_GLOBAL } from './addresses.ts';
import { isSeparator } from './body.ts';
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

const BYLINE_LINE = /^(?:(?:written|a story|story)\s+)?by(?:\s*[.:]\s*|\s+)(\S.{0,60})$/i;
const BY_ALONE = /^(?:written\s+)?by\s*[.:]?$/i;
// "An X-Files story....", "An unauthorised X-Files tale": what the piece is, not its name.
const KIND_LINE = /^(?:an?|another|one)\s+(?:[\w'’/-]+\s+){0,4}(?:story|tale|fic|fanfic|fan fiction|erotica|crossover|x-?over|vignette|spoof|parody|piece|novel(?:la)?|short story)[.!\s]*$/i;
// What follows a name on a card: "aka address", an address, a date, a place in parentheses.
const AFTER_NAME = /^(?:\(?\s*aka\b|\(.*\)$|[<(]?\S+@\S+|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|(?:\(c\)|©|copyright)\s)/i;
const DATE_AFTER_NAME = /\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$/;
const DATE_LINE = /^(?:\w+,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/i;
// A pen name on a line of its own: two to four capitalised words or initials ("Kellie
// Matthews-Simmons", "Martin A. Nantus"), nothing that ends a sentence.
// One lower-case letter at least: a line in capitals is a title ("THE LONG NIGHT"), not a name.
const NAME_LINE = /^(?=.*\p{Ll})(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.|de|van|von|la|le)){1,3}$/u;

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
  // A part in parentheses ("(1 of 7 parts)") decorates the title: its words are not the title's.
  if (!text || text.length > 64 || splitCount(text.replace(/\([^()]{0,30}\)/g, '').trim()) > 9) return false;
  // A sentence ends in . ! or ? — but a title may trail off ("And If I Die..."), and a few words
  // are no sentence ("By.", "Part One.").
  if (splitCount(text) <= 4) return true;
  return !/(?<!\.\.)[.!?]["”’]?$/.test(text) || /\.\.\.["”’]?$/.test(text) || /^[A-Z\s\d.'’,&-]+$/.test(text);
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

/** Reads the lines of a card: its title, its authors, or null when it names neither. */
export function readCard(lines: string[]): { title: string | null; creators: string[]; byline: boolean } | null {
  const titles: string[] = [];
  const kickers: string[] = [];
  const creators: string[] = [];
  let byline = false;
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i] as string);
    if (!line || isSeparator(line)) continue;
    if (byline) {
      if (creators.length === 0 && NAME_LINE.test(line.replace(ADDRESS_GLOBAL, '').replace(/\([^)]*\)/g, '').trim())) {
        creators.push(line.replace(ADDRESS_GLOBAL, '').replace(/\([^)]*\)/g, '').trim());
      }
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
    if (AFTER_NAME.test(line) || DATE_LINE.test(line)) continue;
    // A time of day opens a story's dateline ("7:55 a.m. Monday"), never a title card.
    if (/\b\d{1,2}:\d{2}\b|\b[ap]\.m\./i.test(line)) return null;
    // A sign-off ("-- K.") above a card belongs to the note before it.
    if (/^--+\s/.test(line)) continue;
    if (KIND_LINE.test(line)) continue;
    // A line wholly in parentheses under the title says what kind of story it is or how it is
    // rated ("(A Short Story)", "(Rated PG)"): the card's decoration, not a second title line.
    if (titles.length > 0 && /^\([^()]{1,60}\)$/.test(line)) continue;
    if (fandomByName(line.replace(/[:.]+$/, '')) !== null) {
      kickers.push(line);
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
  return { title, creators, byline };
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
      const sameShape = (at: number) => (blocks[at] as string[]).every(isSeparator) || centredBlock(blocks[at] as string[]) === centredCard;
      const ruleInside = (at: number) =>
        (blocks[at] as string[]).every(isSeparator) && blocks[at + 1] !== undefined && cardBlock(blocks[at + 1] as string[]) && !(blocks[at + 1] as string[]).every(isSeparator) && sameShape(at + 1);
      while (end < blocks.length && lines.length < 10 && cardBlock(blocks[end] as string[]) && sameShape(end) && (!(blocks[end] as string[]).every(isSeparator) || (lines.length > 0 && ruleInside(end)))) {
        lines.push(...(blocks[end] as string[]));
        end++;
      }
      const card = readCard(lines);
      const next = blocks[end];
      const isProse = (b: string[] | undefined) => b !== undefined && (isSeparator(b[0] ?? '') || wordsOf(b) >= 12 || b.length >= 2);
      // A dateline ("Bergen, 6:40 a.m.") may stand between the card and the prose.
      const followedByProse = isProse(next) || (next !== undefined && next.length === 1 && isProse(blocks[end + 1]));
      if (card && card.byline && card.creators.length > 0 && followedByProse && words <= MAX_WORDS_ABOVE) {
        return { start: i, end, title: card.title, creators: card.creators };
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
