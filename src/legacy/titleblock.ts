import { firstLetterCode, splitCount } from '../text/spaces.ts';
import { isSeparator } from './body.ts';
import { matchHeading } from './chapters.ts';
import { isLabelBlock } from './header.ts';
import { findPartMarker } from './subject.ts';
import { BY_ALONE, BYLINE_LINE, clean, isKindByline, readCard } from './titlecard.ts';

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

// A credits card's cast line ("starring …") tried on a line as it stands: `\s+` and `\b` read a
// run of spaces as one, so the line need not be trimmed and collapsed first (every line of the top
// blocks is tried).
const STARRING_RAW_LINE = /^\s*(?:guest\s+)?starring\b/i;
const CODE_G = 103;
const CODE_S = 115;

/** "starring …", "Guest starring …": the line's first letter is tried before the pattern. */
function opensStarring(line: string): boolean {
  const code = firstLetterCode(line);
  return (code === CODE_S || code === CODE_G) && STARRING_RAW_LINE.test(line);
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
/** A short line over prose, the first of three or more such pieces between rules (a drabble set's titles). */
function opensTitledPieces(blocks: string[][], at: number): boolean {
  const piece = (j: number) => {
    const title = blocks[j];
    const prose = blocks[j + 1];
    return title !== undefined && prose !== undefined && title.length === 1 && !isSeparator(title[0] ?? '') && wordsOf(title) <= 6
      && !prose.every(isSeparator) && wordsOf(prose) >= 12;
  };
  if (!piece(at)) return false;
  let more = 0;
  for (let j = at + 2; j < blocks.length - 1 && more < 2; j++) {
    if ((blocks[j - 1] as string[]).every(isSeparator) && piece(j)) more++;
  }
  return more >= 2;
}

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
        if (bylineRead && (isSpeech(blocks[end] as string[]) || isHeadingBlock(blocks[end] as string[]) || opensTitledPieces(blocks, end))) break;
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
