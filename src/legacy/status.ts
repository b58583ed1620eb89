import type { PartMarker } from './legacy.types.ts';
import { findPartMarker, numberValue } from './subject.ts';

// Which part of a story a post is, from what the post says beyond its subject and headings
// (issue 14): "end of part 1/4" under the text, "posted in seven parts" in a note, and the
// other parts' headings inside a post that holds the whole story.

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function countValue(word: string): number | null {
  const spelled = NUMBER_WORDS.indexOf(word.toLowerCase());
  if (spelled >= 0) return spelled + 1;
  return /^\d{1,2}$/.test(word) ? numberValue(word) : null;
}

// "is posted in seven parts", "a 4-part story", "in three parts": the size of the whole story.
const ANNOUNCED = /\b(?:in|of)\s+(\w+)\s+parts\b|\b(?:an?\s+)?(\w+)[- ]part\s+(?:story|series|tale|fic)\b/i;

/** The number of parts a note says the story is posted in, or null. */
export function announcedParts(notes: string[]): number | null {
  for (const note of notes) {
    const match = ANNOUNCED.exec(note);
    const total = match ? countValue(match[1] ?? match[2] ?? '') : null;
    if (total && total > 1) return total;
  }
  return null;
}

/** "End of part 1/4", "END OF PART 1/7.": the end marker numbers the post when nothing else did. */
export function partInEndMarkers(markers: string[]): PartMarker | null {
  for (const marker of markers) {
    const found = findPartMarker(marker)?.marker;
    if (found?.total) return found;
  }
  return null;
}

/**
 * A post numbered as the first part that also holds the heading of the last one ("Part 6" of
 * six, as a line of its own) is the whole story saved as one post, not a part to wait for.
 */
export function holdsEveryPart(part: PartMarker, paragraphs: string[], chapterTitles: Array<string | null>): boolean {
  if (part.number !== 1 || !part.total || part.total < 2) return false;
  const total = part.total;
  const isLast = (line: string) => {
    const marker = findPartMarker(line);
    return marker !== null && marker.marker.number === total && line.length - marker.length <= 60;
  };
  if (chapterTitles.some((title) => title !== null && isLast(title))) return true;
  return paragraphs.some((paragraph) => paragraph.length <= 80 && !paragraph.includes('\n') && isLast(paragraph));
}

/**
 * The post's part as far as it can be told: the marker found, or one in the end markers; a
 * total a note announces fills in a "Part 1" of the title line ("Title - Part 1").
 */
export function partOfPost(part: PartMarker | null, markers: string[], notes: string[], titleLine: string | null): PartMarker | null {
  const known = part ?? partInEndMarkers(markers);
  if (known?.total) return known;
  const numbered = known ?? (titleLine ? findPartMarker(titleLine)?.marker : null);
  const total = numbered ? announcedParts(notes) : null;
  return numbered && total && numbered.number <= total ? { number: numbered.number, total } : known;
}
