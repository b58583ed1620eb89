import { isSeparator, SCENE_BREAK } from './body.ts';
import { isKindLine } from './titlecard.ts';
import { firstLetterCode } from '../text/spaces.ts';

// The title card after a cold open (research/legacy.md §2.3): writers of TV-style stories opened
// on a scene, then set the title and a credits card ("An X-Files Story / starring … / written by
// …") between rules, as the episode's titles come after its teaser. The card is no text of the
// story; the line over it is the title, and the title alone between the teaser and the story
// ("* * *" / "TITLE") ends a teaser that had a heading of its own ("Prologue").

const STARRING = /^\s*(?:guest\s+)?starring\b/i;
const CODE_A = 97;
const CODE_O = 111;
// A credits card comes after a teaser: no later than this many blocks into the story.
const CARD_LIMIT = 80;

/** A block that opens as a credits card: what the piece is, then who stars in it. */
function isCreditsBlock(block: string[]): boolean {
  if (block.length < 2) return false;
  // A kind line opens with "a", "an", "another" or "one": the first letter is tried first.
  const code = firstLetterCode(block[0] as string);
  return (code === CODE_A || code === CODE_O) && isKindLine((block[0] as string).trim()) && block.some((line) => STARRING.test(line));
}

function isTitleLine(block: string[] | undefined): block is [string] {
  if (!block || block.length !== 1) return false;
  const text = (block[0] as string).trim();
  return text.length >= 2 && text.length <= 60 && text.split(/\s+/).length <= 8 && !/[.!?,;:"”]$/.test(text) && !isSeparator(text);
}

/**
 * The story's blocks without a credits card, and the title line over it ("TITLE" / rule /
 * card / rule), or the blocks as they were and null. The rule above the card stays as the
 * scene break between the teaser and the story; the card and the rule under it go.
 */
export function cutCreditsCard(blocks: string[][]): { blocks: string[][]; title: string | null } {
  const limit = Math.min(blocks.length, CARD_LIMIT);
  for (let at = 1; at < limit; at++) {
    if (!isCreditsBlock(blocks[at] as string[])) continue;
    // The card runs over a few more blocks ("Based on … / written by …") to the rule that closes it.
    let end = at + 1;
    while (end < blocks.length && end - at <= 3 && !(blocks[end] as string[]).every(isSeparator)) end++;
    if (end >= blocks.length) return { blocks, title: null };
    const ruleAbove = (blocks[at - 1] as string[]).every(isSeparator);
    const over = blocks[ruleAbove ? at - 2 : at - 1];
    const title = isTitleLine(over) ? (over[0] as string).trim() : null;
    return { blocks: [...blocks.slice(0, at), ...blocks.slice(end + 1)], title };
  }
  return { blocks, title: null };
}

/**
 * The story's paragraphs without the work's title set alone beside a scene break, and where
 * each stood after the story had begun: a new chapter starts there when the text above it had
 * a heading ("Prologue: …"), as the title ends the teaser.
 */
export function withoutTitleCards(paragraphs: string[], title: string | null): { paragraphs: string[]; breaks: Set<number> } {
  const breaks = new Set<number>();
  const wanted = title?.trim().toLowerCase() ?? '';
  if (wanted.replace(/[^\p{L}\p{N}]+/gu, '').length < 4) return { paragraphs, breaks };
  const kept: string[] = [];
  paragraphs.forEach((paragraph, index) => {
    // Beside a break first: lowering every paragraph of the story to compare it cost more.
    const besideBreak = paragraphs[index - 1] === SCENE_BREAK || paragraphs[index + 1] === SCENE_BREAK;
    if (!besideBreak || paragraph.trim().toLowerCase() !== wanted) kept.push(paragraph);
    else if (kept.some((p) => p !== SCENE_BREAK)) breaks.add(kept.length);
  });
  return { paragraphs: kept, breaks };
}
