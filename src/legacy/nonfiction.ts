import { countNonSpaceRuns } from '../text/spaces.ts';

// Files that are about a show rather than stories of it: FAQs, episode guides and synopses,
// reviews, directory listings, BBS adverts, games and menus (issue 14). A story tells what people
// did and said; these documents name their own kind ("episode guide", "FAQ", "review", ".txt")
// and hardly narrate. Both signs are needed: a story may mention an episode, and a poem narrates
// little, but a document that does both is not a work. Counted per 1,000 words, so one pass.

const NARRATION = /\b(?:said|asked|whispered|replied|muttered|sighed|shouted|nodded|smiled|looked|turned|stared)\b/gi;
const ABOUT = new RegExp(
  String.raw`\b(?:FAQ|frequently asked|episodes?|synops[ie]s|reviews?|reviewed|seasons? (?:\d|one|two|three|four|five)|aired|air ?dates?|guest[- ]star(?:ring)?|directed by|teleplay|filmography|nodelist|drinking game|BBS|sysop|baud|modem|menu|served with|html?|txt)\b`,
  'gi',
);
// ANSI art: a screen drawn with escape sequences is a picture, not a text.
const ANSI = /\x1b\[[\d;]*[A-Za-z]/g;

function count(pattern: RegExp, text: string): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/** Whether the narration rate reaches `perThousand` a thousand words: counting stops there, as
 *  most stories reach it in their first pages (it was a twelfth of the parser's time). */
function narratesAtLeast(text: string, words: number, perThousand: number): boolean {
  let n = 0;
  NARRATION.lastIndex = 0;
  while (NARRATION.exec(text) !== null) if ((1000 * ++n) / words >= perThousand) return true;
  return false;
}

// An episode synopsis opens on the episode's number and title ("2.04 \"Frost\"", "3X12 \"Frost\"")
// and retells it in the present tense, as guides do; stories are told in the past, and one
// written in the present does not open on an episode code.
const EPISODE_HEADING = /^\s*(?:\d{1,2}[.xX]\d{1,2}|#?\d[xX]\d{2})\s*[:.-]?\s*["“][^"”\n]{1,60}["”]\s*$/;
const PRESENT = /\b(?:he|she|they|it)\s+(?:\w+s|is|has|does)\b/gi;
const PAST = /\b(?:he|she|they|it)\s+(?:\w+ed|was|were|had|did|said|went|came|saw|knew|thought|felt|took|got|made|told|left|found)\b/gi;

function isSynopsis(text: string): boolean {
  const opening = /\S[^\n]*/.exec(text)?.[0] ?? '';
  if (!EPISODE_HEADING.test(opening)) return false;
  const present = count(PRESENT, text);
  return present >= 10 && present > 2 * count(PAST, text);
}

// A document's own title often names its kind ("…Drinking Game", "A Guide to…", "Article: …",
// "…FAQ", "A Situation Report on…"). Under such a title a text that hardly narrates is no story;
// a story named for a game or a guide still narrates, and is let through before this is asked.
const KIND_TITLE = /\b(?:drinking|eating|party|trivia)(?:\/\w+)?\s+game\b|\bgame rules\b|\bguide to\b|\bepisode guide\b|\bFAQ\b|^\s*article\s*:|\breport on\b|\bsituation report\b|\bquiz\b|\bmenu\b/i;

/** The first few lines that hold words: where a document names itself. */
function titleLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n', 200)) {
    if (/\p{L}{2}/u.test(line)) lines.push(line);
    if (lines.length === 4) break;
  }
  return lines;
}

/** Why the text is not fiction, or null. `subject`: the post's Subject line, a title too. */
export function notFiction(text: string, subject: string | null = null): string | null {
  const words = countNonSpaceRuns(text);
  // A drabble may name an episode twice in its hundred words: short texts are not judged.
  if (words < 150) return null;
  if (isSynopsis(text)) return 'an episode synopsis, not a story';
  if (text.includes('\x1b[')) {
    const ansi = count(ANSI, text);
    if (ansi >= 20 && ansi * 20 > words) return 'ANSI art, not a story';
  }
  // Most stories narrate on every page: then the rest need not be counted.
  if (narratesAtLeast(text, words, 2.7)) return null;
  if ([subject ?? '', ...titleLines(text)].some((line) => KIND_TITLE.test(line))) return 'a document about the show (its title names its kind), not a story';
  const about = count(ABOUT, text);
  if (about < 2 || (1000 * about) / words < 1) return null;
  // Verse (a song parody, a filk) narrates little by nature: it must name its kind more often.
  const lines = text.split('\n').filter((line) => line.trim());
  const verse = lines.filter((line) => line.trim().length < 45).length >= lines.length * 0.7;
  if (about < (verse ? 3 : 2)) return null;
  return 'a document about the show (FAQ, guide, review, listing), not a story';
}
