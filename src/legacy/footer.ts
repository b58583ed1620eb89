import { splitCount } from '../text/spaces.ts';
import { hasAddress } from './addresses.ts';
import { classifyAfterword, readAfterword } from './afterword.ts';
import type { WorkStatus } from './legacy.types.ts';

// The end of a post (research/legacy.md §3.3, §3.5): END/TBC markers, end notes, signatures, list
// banners and feedback requests. Boilerplate leaves the text for provenance; only lines after the
// story's last paragraph are considered, never lines in the middle of it.

const END_MARKER = /^\s*[[(<~*=_-]*\s*(?:the[\s-]+)?(end(?:\s*[-–—]+\s*for now)?|fin|finis|fine|finito|owari|(?:tbc|t\.b\.c|to be continued|continued)(?:\s+(?:in|with|next)\b[^\n]{0,25})?|more soon|-30-|30|end of (?:part|chapter|chap\.?|story)\b[^\n]{0,20}|(?:part|chapter) \w+(?:\s*(?:of|\/)\s*\w+)? ends|end (?:part|chapter)\b[^\n]{0,20}|continued (?:in|next) (?:part|chapter)?\b[^\n]{0,20}|\(?cont(?:inued)?\.?\)?)\s*[\])>~*=_.!-]*\s*$/i;

/** A byline alone on its line: "By Name.", "written by: Name". */
export const TRAILING_BYLINE = /^\s*(?:[Ww]ritten\s+)?[Bb]y[:.]?\s+((?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)){0,3})\s*$/u;

export interface EndMarker {
  text: string;
  status: WorkStatus | null;
}

export function matchEndMarker(line: string): EndMarker | null {
  const trimmed = line.trim();
  if (trimmed.length > 50) return null;
  const match = END_MARKER.exec(trimmed);
  if (!match) return null;
  const word = (match[1] ?? '').toLowerCase();
  // Italian "Fine" closes a story as "Fin" does; "Fine." or "Fine!" alone is a character's word.
  if (word === 'fine' && !/^[[(<~*=_-]*\s*fine\s*[\])>~*=_-]*$/i.test(trimmed)) return null;
  if (/^(30|-30-)$/.test(word) && !/^-30-$/.test(trimmed)) return null;
  if (/^(tbc|t\.b\.c|to be continued|continued|more soon|cont)/.test(word)) return { text: trimmed, status: 'in-progress' };
  if (/^end (of )?(part|chapter|chap)|^(part|chapter) .* ends$/.test(word)) {
    const numbers = /(\d+)\s*(?:\/|of)\s*(\d+)/.exec(word);
    return { text: trimmed, status: numbers && numbers[1] === numbers[2] ? 'complete' : null };
  }
  if (/^end of story/.test(word)) return { text: trimmed, status: 'complete' };
  return { text: trimmed, status: 'complete' };
}

const FOOTER = /\bfeedback\b|\b(?:end|begin) (?:of )?forwarded message\b|\bcomments?\b.*\b(to|welcome|appreciated|lovely|loved?|please)\b|\bthanks? (you )?for reading\b|\be-?mail me\b|\bsend (me )?(feedback|comments|a note)\b|\bmailing list\b|\blistinfo\b|\bunsubscribe\b|\byahoo!? ?groups\b|\barchived? (at|on|in|by)\b|\brecords room\b|\bjoin\b.*\blist\b|https?:\/\/|\bwww\.|\bback to (the )?(fic|fiction|stories|index|archive|main|top|home)|\bnext part\b|\bprevious part\b|^\s*(home|index|back|next|previous)\s*([|·•\]>»]|$)|\bmore (of my )?stories\b|\bmy (web ?site|home ?page)\b|\bfeed the (author|writer)\b|\breviews? (are|is)\b/i;
// Archive names are proper nouns ("Level Three Records Room", "the Bay City Archive"); "the archive"
// in a story's last line is prose.
const ARCHIVE_NAME = /\b[A-Z][\w'’]{0,40}\s+(?:Archive|Library)\b/;

export function isFooterParagraph(text: string): boolean {
  const words = splitCount(text);
  if (words > 45) return false;
  const addressed = hasAddress(text) || /https?:\/\/|www\./.test(text);
  // Dialogue is story: a footer seldom quotes anyone.
  if (/["“”]/.test(text) && !addressed) return false;
  return FOOTER.test(text) || (words <= 8 && (addressed || ARCHIVE_NAME.test(text)));
}

const NOTE_LABEL = /^\s*[([]?\s*(a\/n|an|author'?s'? notes?|notes?|end ?notes?|afterword|thanks|beta(?:'d)? by|dedication)\s*[:.-]/i;

export function isEndNote(text: string): boolean {
  return NOTE_LABEL.test(text);
}

const DISCLAIMER_LABEL = /^\s*[([]?\s*disclaimers?\s*[:.-]\s*/i;

/** "Disclaimer: …" after the story, as archive pages print it at the foot: its text, or null. */
export function trailingDisclaimer(text: string): string | null {
  const label = DISCLAIMER_LABEL.exec(text);
  if (!label || splitCount(text) > 120) return null;
  return text.slice(label[0].length).replace(/\s*[)\]]$/, '').trim() || null;
}

/**
 * Cuts mail trailers off a message's lines: the "-- " signature and list banners such as Mailman's
 * "____ / list mailing list / address / listinfo URL" block or Yahoo! Groups footers.
 */
export function cutTrailer(lines: string[]): { lines: string[]; trailer: string[] } {
  const from = Math.max(0, lines.length - 40);
  let cut = lines.length;
  for (let i = lines.length - 1; i >= from; i--) {
    const line = lines[i] as string;
    const first = line.trimStart().charAt(0);
    if (first !== '-' && first !== '_' && first !== 'Y' && first !== 'y' && first !== 'T' && first !== 't') continue;
    // What follows the line is read only for a line that may open a signature or banner: lines
    // starting with "t" are common, and each read the rest of the trailer again.
    const window = () => lines.slice(i + 1, i + 6).join(' ');
    const isShortSignature = () => {
      const rest = lines.slice(i + 1).filter((l) => l.trim());
      return rest.length > 0 && rest.length <= 4 && rest.every((l) => l.length <= 60);
    };
    const isSignature = line === '-- ' || (line.trim() === '--' && (hasAddress(window()) || isShortSignature()));
    const isBanner = /^\s*_{10,}\s*$/.test(line) && /mailing list|listinfo|unsubscribe|yahoo/i.test(window());
    // An advert framed by rules at the foot ("---- / ONElist: ... / ----") ends the message too.
    const isAdvert = RULE_LINE.test(line) && LIST_SERVICE.test(`${line} ${lines.slice(i + 1, i + 4).join(' ')}`);
    const isYahoo = /^-{5}.*yahoo!? groups|^yahoo!? groups (sponsor|links)|^to unsubscribe from this group/i.test(line.trim());
    if (isSignature || isBanner || isAdvert || isYahoo) cut = i;
  }
  return { lines: lines.slice(0, cut), trailer: lines.slice(cut) };
}

// The advertisements list services put in posts (eGroups, ONElist, Topica, Yahoo! Groups,
// ListBot), framed by rule lines at the top or foot of a message.
const LIST_ADVERT = /\bsponsor(?:ed)?\b|\be-?groups\b|\bone-?list\b|\bt ?o ?p ?i ?c ?a\b|\byahoo!? ?groups\b|\blistbot\b|\bclick here\b|\bfree (?:e-?mail|lists?|newsletters?)\b|\badvertisement\b/i;
// At the foot only a service's own name counts: an author's end note may well say "click here".
const LIST_SERVICE = /\bsponsor\b|\be-?groups\b|\bone-?list\b|\bt ?o ?p ?i ?c ?a\b|\byahoo!? ?groups\b|\blistbot\b/i;
const RULE_LINE = /^\s*(?:[-_=~*]{10,}|[-_=~*]{3,}[^\n]{1,40}?[-_=~*]{3,})\s*$/;

/**
 * A list service's advertisement at the very top of a message, between two rule lines
 * ("---- eGroups Sponsor ----" / ad / "--------"): the lines it takes, or 0. Only a framed block
 * of a few lines naming a list service or an advert counts: a ruled title card is the story's.
 */
export function leadAdvertLength(lines: string[]): number {
  let start = 0;
  while (start < lines.length && !(lines[start] as string).trim()) start++;
  if (start >= lines.length || !RULE_LINE.test(lines[start] as string)) return 0;
  for (let end = start + 1; end < Math.min(lines.length, start + 8); end++) {
    if (!RULE_LINE.test(lines[end] as string)) continue;
    const framed = lines.slice(start, end + 1).join(' ');
    if (end === start + 1 || !LIST_ADVERT.test(framed) || splitCount(framed) > 60) return 0;
    let after = end + 1;
    while (after < lines.length && !(lines[after] as string).trim()) after++;
    return after;
  }
  return 0;
}

/** "End of part 5 (sorry to stop mid-scene)": the marker, and the author's word after it. */
export function markerWithNote(text: string): { marker: EndMarker; note: string } | null {
  const open = text.indexOf('(');
  if (open < 3 || open > 40 || !text.trimEnd().endsWith(')')) return null;
  const marker = matchEndMarker(text.slice(0, open));
  const note = text.slice(open + 1, text.trimEnd().length - 1).trim();
  return marker && note ? { marker, note } : null;
}

/** Where a paragraph after the END marker goes: a signature box or an unlabelled disclaimer is
 *  no end note. */
function listAfterMarker(text: string, lists: Pick<Ending, 'footer' | 'endNotes' | 'disclaimers'>): string[] {
  const kinds = classifyAfterword(text);
  const only = kinds?.length === 1 && kinds[0]?.strong ? kinds[0].kind : null;
  if (only === 'disclaimer') return lists.disclaimers;
  if (only === 'signature' || only === 'rights' || isFooterParagraph(text)) return lists.footer;
  return lists.endNotes;
}

export interface Ending {
  paragraphs: string[];
  footer: string[];
  endNotes: string[];
  /** Disclaimers printed after the story, without their label. */
  disclaimers: string[];
  status: WorkStatus | null;
  markers: string[];
}

/** Splits the story's last paragraphs into story, end marker, end notes and footer. */
export function splitEnding(paragraphs: string[]): Ending {
  const footer: string[] = [];
  const endNotes: string[] = [];
  const disclaimers: string[] = [];
  const markers: string[] = [];
  let status: WorkStatus | null = null;
  let end = paragraphs.length;
  // An END/TBC marker within the last paragraphs: everything after it is notes or footer.
  for (let i = paragraphs.length - 1; i >= Math.max(0, paragraphs.length - 12); i--) {
    const lines = (paragraphs[i] as string).split('\n');
    const marker = matchEndMarker(lines[lines.length - 1] as string);
    if (!marker) continue;
    for (const after of paragraphs.slice(i + 1)) {
      const disclaimer = trailingDisclaimer(after);
      if (disclaimer) disclaimers.push(disclaimer);
      else if (after !== '* * *') listAfterMarker(after, { footer, endNotes, disclaimers }).push(after);
    }
    status = marker.status;
    markers.push(marker.text);
    paragraphs = [...paragraphs.slice(0, i), ...(lines.length > 1 ? [lines.slice(0, -1).join('\n')] : [])];
    end = paragraphs.length;
    break;
  }
  // A byline after the story ("By Name." over a line about the writer and a contact line) ends
  // it: what follows is the writer's, short, and goes with the byline to the footer.
  for (let k = end - 1; k >= Math.max(0, end - 5) && markers.length === 0; k--) {
    if (!TRAILING_BYLINE.test(paragraphs[k] as string)) continue;
    const after = paragraphs.slice(k + 1, end);
    if (after.every((p) => splitCount(p) <= 40)) {
      footer.unshift(...paragraphs.slice(k, end));
      end = k;
    }
    break;
  }
  // Without a marker (or before it): trailing footer lines and labelled notes, then what the
  // author wrote after the story without a label (afterword.ts), then labelled lines again. Three
  // rounds at most: an ending is a few such passages, never a chain of them through the story.
  for (let round = 0; ; round++) {
    end = readLabelledEnd(paragraphs, end, { footer, endNotes, disclaimers, markers }, (s) => (status ??= s));
    const afterword = round < 3 ? readAfterword(paragraphs.slice(0, end)) : null;
    if (!afterword) break;
    footer.unshift(...afterword.footer);
    endNotes.unshift(...afterword.endNotes);
    disclaimers.unshift(...afterword.disclaimers);
    end = afterword.start;
  }
  return { paragraphs: paragraphs.slice(0, end), footer, endNotes, disclaimers, status, markers };
}

type EndingLists = Pick<Ending, 'footer' | 'endNotes' | 'disclaimers' | 'markers'>;

/** Trailing footer lines, labelled notes and disclaimers, and END/TBC markers: the new end. */
function readLabelledEnd(paragraphs: string[], end: number, lists: EndingLists, setStatus: (status: WorkStatus | null) => void): number {
  const { footer, endNotes, disclaimers, markers } = lists;
  while (end > 0) {
    const text = paragraphs[end - 1] as string;
    const disclaimer = trailingDisclaimer(text);
    if (text === '* * *') end--;
    else if (disclaimer) {
      disclaimers.unshift(disclaimer);
      end--;
    } else if (markers.length === 0 && isFooterParagraph(text)) footer.unshift(paragraphs[--end] as string);
    else if (isEndNote(text)) endNotes.unshift(paragraphs[--end] as string);
    else {
      const noted = markerWithNote(text);
      const marker = matchEndMarker(text) ?? noted?.marker;
      if (!marker) break;
      setStatus(marker.status);
      markers.push(marker.text);
      if (noted) endNotes.unshift(noted.note);
      end--;
    }
  }
  return end;
}
