import { splitCount } from '../text/spaces.ts';
import { ADDRESS_GLOBAL } from './addresses.ts';
import { isSeparator } from './body.ts';
import { matchHeading } from './chapters.ts';
import { emptyHeader, type HeaderBlock, isLabelBlock, matchLabelLine, readLabelBlock } from './header.ts';
import type { PartMarker } from './legacy.types.ts';
import { findPartMarker } from './subject.ts';
import { findClosingRule, findTitleCard, type TitleCard } from './titleblock.ts';

// Everything above the story (research/legacy.md §2.3): a title line, bylines ("by X",
// "three drabbles by X"), label blocks, part markers, and notes paragraphs such as
// "This was written for … challenge" or "A/N: The characters belong to …".

export interface TopMatter {
  header: HeaderBlock;
  title: string | null;
  creators: string[];
  notes: string[];
  /** Words before "by" in a byline ("three drabbles"), a hint of the form. */
  bylineKind: string | null;
  part: PartMarker | null;
  bodyStart: number;
}

const TITLE_AND_BYLINE = /^(\S.{0,79}?)\s+by\s+([^.!?;,"”:]{1,60})$/i;
const BYLINE = /^(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+|some|several|my)\s+)?((?:(?:short|little|new)\s+)?(?:drabbles?|stories|story|fics?|ficlets?|poems?|vignettes?|double drabbles?|triple drabbles?|songfic|piece)(?:\s+(?:series|collection|cycle|sequence|set|duet|trilogy))?\s+)?(?:(?:written|filked|composed|penned)\s+)?by(?:[.:]\s*|\s+)(\S.{0,60})$/i;
// Web-archive and list chrome above a saved post (research/legacy.md §2.3, step 2).
const PRE_HEADER = /^\s*(\[?(reply to (author|sender|group|list)|forward|reply)\]?\s*[|·]?\s*)+$|^\s*\[?(date|thread) (prev|next)\]|^\s*(previous|next) message\b|^\s*(messages? in this topic|view source|expand messages)\b/i;
const MINI_HEADER_FIELDS = new Set(['title', 'prompt', 'wordcount']);
const NOTE_PARAGRAPH = /^\s*[([]?\s*(?:a\/n|author'?s'? notes?|notes?|dedication|dedicated to|written for|this (?:was|is) (?:written|a|for|my|dedicated)|thanks (?:to|go)|many thanks|beta(?:'d|ed)? by|disclaimer|warnings?|spoilers?(?: for)?|set (?:after|during|before|in)\b|rated \w+ for|sequel to|prequel to)\b/i;
// A byline's parenthesis, tag or address, which are not the pen name. Brackets hold at most 200
// characters here and in creatorNames: an unclosed "(" was otherwise searched to the end of the
// value from every "(" in it (quadratic); a pen name's parenthesis is never that long.
const BYLINE_NOISE = new RegExp(String.raw`\([^)]{0,200}\)|<[^>]{0,200}>|${ADDRESS_GLOBAL.source}`, 'g');
const FOR_PARAGRAPH = /^\s*[Ff]or\s+(?:the\s+)?[A-Z0-9]/;
const OCCASION = /challenge|drabble|prompt|fest|exchange|ficathon|-a-thon|birthday|contest|round|request|wanted|who asked/i;

// A paragraph where the writer or the poster speaks to the readers about the story, not a paragraph
// of the story: it opens as a greeting or an introduction, or it uses the words of posting and
// owning a story ("posted", "feedback", "disclaimer", "characters belong to"). A story's first
// paragraph seldom holds two of them; such a note often holds three.
const META_OPENING = /^\s*[([*]*\s*(?:hi|hello|hey|greetings|dear|ok(?:ay)?|o'?tay|okey[- ]dokey|well,|here(?:'s| is| are| goes| follows)|this (?:is|story|was|one|piece|fic)|what follows|the following|the story|apology|please|as always|all characters|the characters|the author|permission|standard disclaimer|i(?:'m| am| have|'ve|'d| wrote| was| hope| know| think| don'?t| just| had| finally)|my (?:first|second|third|latest|new|newest|apologies)|yes,|so,)(?!\w)/i;
const META_WORDS = /\b(?:story|stories|tale|apolog\w*|post|posted|posting|repost(?:ed|ing)?|feedback|comments?|fic|fanfic|fan fiction|disclaim\w*|copyright\w*|characters|property|rated|rate|rating|e-?mail|author|sequel|archiv\w*|distribut\w*|flames?|newsgroup|readers?|enjoy|criticism|spoilers?|episode|net|submission|contribution|belong\w*|permission|written)\b/gi;
// "This is Part 2/2 of my lame story, "Title"": a later part's note names the story it goes on
// with. A sequel's note names another story ("the sequel to my story "Y""): not read.
const NAMED_IN_NOTE =
  /\b(?:this is|here is|here's|here are)\s+(?:(?:(?:part|chapter|pt\.?)\s+[\w/]+(?:\s+of\s+\w+)?\s+of\s+)(?:(?:my|the|this)\s+(?:(?!sequel|prequel|follow|continuation|companion)[\w'’-]+\s+){0,3}?(?:story|fic|tale|piece|series|spoof|parody|poem),?\s+)?|(?:my|the)\s+(?:(?!sequel|prequel|follow|continuation|companion)[\w'’-]+\s+){0,3}?(?:story|fic|tale|piece|series|spoof|parody|poem),?\s+)["“]([^"”]{2,60}?)[,.!]?["”]/i;
const HERE_FOLLOWS = /\b(?:here (?:follows|is|comes)|presenting|i present|now for)\s+["“]([^"”]{2,60}?)["”]/i;
const POST_IS_PART = /\b(?:this is|here is|here's|here are|i am posting|i'm posting|posting)\s+(?=(?:part|pt\.?|chapter)\s)/i;
// The words between name the kind ("an X-Files"), never another story ("a sequel to the").
const STORY_BY = /^\s*[Tt]his is an?\s+(?:(?!(?:to|of|on|after|from|like)\s)[\w'’/-]+\s+){0,4}(?:story|tale|fic|piece|vignette)\s+(?:written\s+)?by\s+((?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|[A-Z]\.)){0,3})\s*[.!,]/u;
const FIRST_PERSON = /\b(?:I|I'm|I've|I'd|my|me|you|your|we|our)\b/;

export function isMetaParagraph(text: string): boolean {
  const words = splitCount(text);
  if (words > 150) return false;
  const distinct = new Set((text.match(META_WORDS) ?? []).map((w) => w.toLowerCase())).size;
  const personal = FIRST_PERSON.test(text) ? 1 : 0;
  if (META_OPENING.test(text)) return words <= 6 || distinct + personal >= 1;
  return distinct + personal >= 3;
}

/** Cleans a byline or Author value into pen names: no addresses, no parentheses. */
export function creatorNames(value: string): string[] {
  const cleaned = value
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/\([^)]{0,200}@[^)]{0,200}\)|\[[^\]]{0,200}@[^\]]{0,200}\]/g, ' ')
    .replace(ADDRESS_GLOBAL, ' ')
    .replace(/\b(?:mailto:)\S*/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,:;-]+/, '')
    // Only from the start of the last run: `[…]+$` tried from every character of every run.
    .replace(/(?<![\s,:;.(-])[\s,:;.(-]+$/, '')
    .trim();
  if (!cleaned) return [];
  const parts = cleaned.split(/\s+(?:and|&)\s+|\s*,\s*/).map((part) => part.trim()).filter(Boolean);
  return parts.length > 1 && parts.every((part) => splitCount(part) <= 3) ? parts : [cleaned];
}

function isShortLine(line: string): boolean {
  // A header line ("From: …") or a boxed warning ("* WARNING! *") is no title.
  if (/^\s*[\w-]{2,20}:\s/.test(line) || /[!?]\s*[*=#-]+\s*$/.test(line)) return false;
  // A screenplay's scene slug ("EXT. STREET - DAY") opens the story.
  if (/^\s*(?:EXT|INT)\b\.?/.test(line)) return false;
  // A sentence signed by whoever posted it ("Posted for a friend.  --jb") is a note.
  if (/[.!?]\s+--+\s*[\p{L}.]{1,20}\s*$/u.test(line)) return false;
  const words = splitCount(line.trim());
  return words <= 10 && line.trim().length <= 80 && !/[.!?,;"”]$/.test(line.trim());
}

/** A title line beside a byline: a line in parentheses is the card's decoration ("(A Short
 *  Story)"), and a title may close on a quoted alternative title (`Tide or "The Long Swim"`). */
function isBylineBlockTitle(line: string): boolean {
  const trimmed = line.trim();
  if (/^\([^()]*\)$/.test(trimmed)) return false;
  if (isShortLine(line)) return true;
  const quotes = (trimmed.match(/["“”]/g) ?? []).length;
  return /["”]$/.test(trimmed) && !/^["“]/.test(trimmed) && quotes === 2 && isShortLine(trimmed.replace(/["“”]/g, ''));
}

interface ScanState {
  result: TopMatter;
  titleCandidate: { title: string; index: number } | null;
  sawHeader: boolean;
  /** A title card (titleblock.ts) named the title: it needs no other confirmation. */
  sawCard: boolean;
}

const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'and', 'or', 'for', 'with', 'from', 'as']);
const FULL_NAME = /^(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.)(?:\s+(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.|de|van|von|la|le)){1,3}$/u;
const NOT_NAME_WORD = /^(?:The|A|An|Me|You|Him|Her|Us|Them|It|My|Your|His|Our|Their|This|That)$/;

/** Every word capitalised but the small ones, the first word too: "The Long Night Out". */
function isTitleCase(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.every((word, index) => /^[^\p{L}]*\p{Lu}/u.test(word) || (index > 0 && MINOR_WORDS.has(word.toLowerCase())) || /^[^\p{L}]*\d/u.test(word));
}

/** One or two full names ("Jane Doe", "Jane Doe and John Roe"), each of two to four words. */
function fullNames(text: string): boolean {
  const names = text.trim().split(/\s+(?:and|&)\s+/);
  return names.length <= 2 && names.every((name) => FULL_NAME.test(name) && !name.split(/\s+/).some((word) => NOT_NAME_WORD.test(word)));
}

/** A paragraph the writer or poster wrote about the story: a note, a disclaimer, a contact line. */
export function isNoteText(text: string): boolean {
  // "Responses, comments, flames to someone@host": a short paragraph with an address is a note.
  const withAddress = text.includes('@') && /\S@\S+\.\w/.test(text) && splitCount(text) <= 40;
  const namesTitle = (text.includes('"') || text.includes('“')) && HERE_FOLLOWS.test(text);
  // "(C) copyright 1994, Name." over the story is the writer's notice, not its first line.
  const notice = /^\s*(?:\(c\)|©|copyright\b)/i.test(text) && splitCount(text) <= 30;
  // "This story contains explicit scenes.": a content warning over the story, however it opens.
  const warns = /\bthis (?:story|fic|piece|part|chapter) (?:contains|includes|deals with)\b/i.test(text) && splitCount(text) <= 30;
  return withAddress || namesTitle || notice || warns || NOTE_PARAGRAPH.test(text) || isMetaParagraph(text) || (FOR_PARAGRAPH.test(text) && (OCCASION.test(text) || splitCount(text) <= 8));
}

/** `pageTitle` is an HTML <title>: a first line that repeats it is the title, byline or not.
 *  `setApartTitle` is a block the layout set apart as a title line (splitLeadTitle). */
export function parseTopMatter(blocks: string[][], pageTitle: string | null = null, setApartTitle: number | null = null): TopMatter {
  const header = emptyHeader();
  const result: TopMatter = { header, title: null, creators: [], notes: [], bylineKind: null, part: null, bodyStart: 0 };
  const state: ScanState = { result, titleCandidate: null, sawHeader: false, sawCard: false };
  let i = scanTop(blocks, 0, state, pageTitle);
  // Notes, disclaimers and a poster's note above a title card are top matter, however they are
  // worded: the scan above stops at the first paragraph it cannot name, the card says where the
  // story starts. A card the scan went past still names the title over a line above it.
  const card = findTitleCard(blocks, isNoteText);
  if (card && i <= card.start) {
    for (let j = i; j < card.start; j++) {
      const block = blocks[j] as string[];
      if (block.every((line) => isSeparator(line) || PRE_HEADER.test(line))) continue;
      if (isLabelBlock(block)) {
        readLabelBlock(block, header);
        continue;
      }
      const part = findPartMarker(block.join(' '));
      if (part && part.marker.total !== null) result.part ??= part.marker;
      result.notes.push(withoutLabelLines(block, header).map((line) => line.trim()).join(' '));
    }
    useCard(state, card);
    i = scanTop(blocks, card.end, state, pageTitle);
  } else if (card && i < card.end) {
    // The scan stopped inside the card ("Title" / "****" / "by" / "Name"): the card reads it whole.
    withoutCardNotes(result, blocks, card);
    useCard(state, card);
    i = scanTop(blocks, card.end, state, pageTitle);
  } else if (card && card.title && (!state.titleCandidate || state.titleCandidate.index <= card.start)) {
    withoutCardNotes(result, blocks, card);
    useCard(state, card);
  }
  // The card again under the notes ("Title / by Name", notes, then the centred card): a post that
  // repeats its card keeps the notes between out of the story. Only the same title counts, so the
  // next piece of a set of drabbles, each with its own card, is not taken.
  const base = card ? card.end : 0;
  const again = card && state.titleCandidate ? findTitleCard(blocks.slice(base), isNoteText) : null;
  if (again?.title && sameTitle(again.title, state.titleCandidate?.title ?? '') && base + again.end > i) {
    for (let j = i; j < base + again.start; j++) {
      const block = blocks[j] as string[];
      if (!block.every((line) => isSeparator(line) || PRE_HEADER.test(line)) && !isLabelBlock(block)) result.notes.push(block.map((line) => line.trim()).join(' '));
    }
    i = scanTop(blocks, base + again.end, state, pageTitle);
  }
  // A rule drawn under the notes says where the story starts, under a card too: the notes under
  // the card are counted from the card down.
  const ruleBase = card ? card.end : 0;
  const ruleAfter = findClosingRule(ruleBase > 0 ? blocks.slice(ruleBase) : blocks, isNoteText);
  const rule = ruleAfter === null ? null : ruleBase + ruleAfter;
  if (rule !== null && i < rule) {
    for (let j = i; j < rule; j++) {
      const block = blocks[j] as string[];
      if (block.every((line) => isSeparator(line) || PRE_HEADER.test(line))) continue;
      if (isLabelBlock(block)) {
        readLabelBlock(block, header);
        continue;
      }
      const text = block.map((line) => line.trim()).join(' ');
      const part = findPartMarker(text);
      if (part && part.marker.total !== null) result.part ??= part.marker;
      result.notes.push(text);
    }
    i = scanTop(blocks, rule, state, pageTitle);
  }
  // "Here follows "The Gull Keeper," by …": the poster's words name the title, over a short line
  // under the rule, which is then the story's first line ("Captain's log, …").
  for (const note of state.sawCard || state.sawHeader ? [] : result.notes) {
    const named = HERE_FOLLOWS.exec(note) ?? (state.titleCandidate ? null : NAMED_IN_NOTE.exec(note));
    if (!named?.[1]) continue;
    const replaced = state.titleCandidate;
    if (replaced && rule !== null && replaced.index >= rule && replaced.index < i) i = replaced.index;
    state.titleCandidate = { title: named[1].replace(/[,.]$/, ''), index: 0 };
    break;
  }
  const candidate = state.titleCandidate as { title: string; index: number } | null;
  if (candidate) {
    // A lone short first line is a title only when a byline or header confirms the top matter.
    const repeatsPageTitle = pageTitle !== null && pageTitle.toLowerCase().startsWith(candidate.title.toLowerCase());
    const setApart = candidate.index === setApartTitle;
    if (state.sawCard || state.sawHeader || result.creators.length > 0 || repeatsPageTitle || setApart || result.notes.length > 0) result.title = candidate.title;
    else if (candidate.index < i) i = candidate.index;
  }
  // "This is part 1 of 2 of …" in a note numbers the post as its own part marker would.
  if (!result.part) {
    for (const note of result.notes) {
      const said = POST_IS_PART.exec(note);
      const marker = said ? findPartMarker(note.slice(said.index))?.marker : null;
      if (marker?.total) {
        result.part = marker;
        break;
      }
    }
  }
  // "This is an X story by Name." in a note is the byline the post did not set apart.
  if (result.creators.length === 0) {
    for (const note of result.notes) {
      const named = STORY_BY.exec(note);
      if (named?.[1]) {
        result.creators = creatorNames(named[1]);
        break;
      }
    }
  }
  result.bodyStart = i;
  return result;
}

// Label blocks that only say what a note would: no title, author or rating among them.
const NOTE_FIELDS = new Set(['disclaimer', 'notes', 'warnings', 'spoilers', 'feedback', 'archive', 'dedication', 'beta']);

// Fields a writer sets on a line of its own among the lines of a note ("SUMMARY: …").
const INLINE_FIELDS = new Set(['summary', 'rating', 'warnings', 'spoilers', 'pairing', 'characters', 'category']);

/** The lines of a note block without a labelled line inside it, which is read into the header:
 *  it runs to the next line that opens an indented paragraph. */
function withoutLabelLines(block: string[], header: HeaderBlock): string[] {
  const at = block.findIndex((line, index) => index > 0 && INLINE_FIELDS.has(matchLabelLine(line)?.field ?? ''));
  if (at < 0) return block;
  let end = at + 1;
  while (end < block.length && !/^(?:\t| {3,})\S/.test(block[end] as string)) end++;
  readLabelBlock(block.slice(at, end), header);
  return [...block.slice(0, at), ...block.slice(end)];
}

function sameTitle(a: string, b: string): boolean {
  // The part ("(1/3)", "part 2") first: the marks around it are the part's.
  const key = (t: string) => t.toLowerCase().replace(/\(?\b(?:part|pt)\b.*$|\(\d+\w?\/\d+\)/g, '').replace(/[^\p{L}\p{N}]+/gu, '');
  return key(a) !== '' && key(a) === key(b);
}

/** The notes the scan read from the card's own blocks ("Title / name@host / date" reads as a
 *  contact note): the card is not a note. */
function withoutCardNotes(result: TopMatter, blocks: string[][], card: TitleCard): void {
  const cardTexts = new Set(blocks.slice(card.start, card.end).map((block) => block.map((line) => line.trim()).join(' ')));
  result.notes = result.notes.filter((note) => !cardTexts.has(note));
}

function useCard(state: ScanState, card: TitleCard): void {
  if (card.title) state.titleCandidate = { title: card.title, index: card.start };
  if (card.creators.length > 0) state.result.creators = card.creators.flatMap(creatorNames);
  state.sawCard = true;
}

/** Reads top blocks from `from` while they are top matter; returns the first block of the story. */
function scanTop(blocks: string[][], from: number, state: ScanState, pageTitle: string | null): number {
  const { result } = state;
  const header = result.header;
  let i = from;
  for (; i < Math.min(blocks.length, from + 24); i++) {
    let block = blocks[i] as string[];
    // "Title\nby Name\nRating: PG\n…" in one block: the lines above the labels are title and byline.
    const firstLabel = block.findIndex((line) => matchLabelLine(line) !== null);
    if (firstLabel > 0 && firstLabel <= 3 && !state.sawHeader && isLabelBlock(block.slice(firstLabel))) {
      for (const line of block.slice(0, firstLabel)) {
        const byline = BYLINE.exec(line.trim());
        if (byline?.[2] && splitCount(byline[2]) <= 6) result.creators.push(...creatorNames(byline[2]));
        else if (!state.titleCandidate && isShortLine(line)) state.titleCandidate = { title: line.trim(), index: i };
      }
      block = block.slice(firstLabel);
    }
    const text = block.map((line) => line.trim()).join(' ');
    if (block.every((line) => isSeparator(line) || PRE_HEADER.test(line))) continue;
    if (isLabelBlock(block)) {
      // After the header, a block of only Title/Prompt/Word count lines is a piece's own mini-header.
      const miniHeader = emptyHeader();
      readLabelBlock(block, miniHeader);
      if (state.sawHeader && [...miniHeader.fields.keys()].every((field) => MINI_HEADER_FIELDS.has(field))) break;
      readLabelBlock(block, header);
      state.sawHeader = true;
      continue;
    }
    const heading = block.length === 1 ? matchHeading(text) : null;
    const part = findPartMarker(text);
    if (part && part.marker.total !== null && text.length - part.length <= 12 && !heading?.title.includes(':')) {
      result.part = part.marker;
      continue;
    }
    if (heading) break;
    // "Ice Fishing by Northern Lights" on one line, as archive pages print it: taken only when
    // the page's <title> holds that title or a header block follows ("Stood by the door" is prose).
    const titled: RegExpExecArray | null = !state.sawHeader && !state.titleCandidate && result.creators.length === 0 && block.length === 1 ? TITLE_AND_BYLINE.exec(text) : null;
    if (titled?.[1] && titled[2]) {
      const next = blocks[i + 1];
      const confirmed = (pageTitle?.toLowerCase().includes(titled[1].toLowerCase()) ?? false) || (next !== undefined && isLabelBlock(next));
      if (confirmed && splitCount(titled[2]) <= 4) {
        state.titleCandidate = { title: titled[1].trim(), index: i };
        result.creators.push(...creatorNames(titled[2]));
        continue;
      }
      // "The Long Night by Jane Doe and John Roe" on a line of its own: a title in title case
      // and full names (two words at least, so "Lost by Moonlight" stays a title) need no other
      // confirmation; "Stood by the door" is neither.
      if (isTitleCase(titled[1]) && fullNames(titled[2])) {
        state.titleCandidate = { title: titled[1].trim(), index: i };
        result.creators.push(...creatorNames(titled[2]));
        continue;
      }
    }
    const bylines = block.map((line) => {
      const byline = BYLINE.exec(line.trim());
      // "By evening the fence was whole again." is prose: a pen name is short and unpunctuated.
      const name = byline?.[2]?.replace(BYLINE_NOISE, '').trim() ?? '';
      return byline && splitCount(name) <= 4 && !/[.!?;"”]$|,/.test(name) ? byline : null;
    });
    if (block.length <= 3 && bylines.some(Boolean)) {
      block.forEach((line, index) => {
        const byline = bylines[index];
        if (byline) {
          result.creators.push(...creatorNames(byline[2] ?? ''));
          result.bylineKind ??= byline[1]?.trim() ?? null;
        } else if (!state.titleCandidate && isBylineBlockTitle(line)) state.titleCandidate = { title: line.trim(), index: i };
      });
      continue;
    }
    const isNote = isNoteText(text);
    if (isNote && splitCount(text) <= 150 && i + 1 < blocks.length) {
      result.notes.push(block.map((line) => line.trim()).join(' '));
      continue;
    }
    // Under a label block that is only a note ("Disclaimer: …"), a line in capitals alone is the
    // title; a line in mixed case there is more often the story's first, and under a header of
    // the story's facts (author, rating) a line in capitals may be its dateline.
    // (Read last: most blocks fail the cheaper tests.)
    const afterUntitledHeader = () =>
      block.length === 1 && [...header.fields.keys()].every((field) => NOTE_FIELDS.has(field)) && /\p{Lu}{2}/u.test(text) && !/\p{Ll}/u.test(text);
    if (!state.titleCandidate && result.creators.length === 0 && block.length <= 2 && (!state.sawHeader || afterUntitledHeader()) && block.every(isShortLine)) {
      state.titleCandidate = { title: block.map((line) => line.trim()).join(' '), index: i };
      continue;
    }
    break;
  }
  return i;
}
