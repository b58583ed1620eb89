import { countLetteredTokens } from '../text/words.ts';
import { hasAddress } from './addresses.ts';

// What an author wrote after the story without labelling it (research/legacy.md §3.4, §3.5): a
// word to the readers, a signature, a disclaimer, a rights notice, the credit of a song or the
// source of a quotation. Each is told by its shape and its vocabulary. A piece that a story's last
// paragraph could also be ("weak") counts only where the passage is set off from the story by a
// scene break or a note heading, or where a signature follows it.

// body.ts's scene break; not imported, as body.ts reads end markers from footer.ts, which reads this.
const SCENE_BREAK = '* * *';

export type AfterwordKind = 'note' | 'signature' | 'disclaimer' | 'rights' | 'credit';

export interface AfterwordPiece {
  kind: AfterwordKind;
  text: string;
  /** True where a story's last paragraph is unlikely to have this shape. */
  strong: boolean;
}

export interface Afterword {
  /** Index of the first paragraph that is no longer story (a scene break before it included). */
  start: number;
  endNotes: string[];
  footer: string[];
  disclaimers: string[];
}

const NOTE_HEADING = /^[([]?\s*(?:end ?notes?|author'?s'? notes?|a\/n|afterword|notes?|after ?thoughts)\s*[:.)\]]*$/i;

// Writers talking about the writing: a story's narrator seldom speaks of typos or sequels.
const ABOUT_THE_WRITING = [
  /\btypos?\b/i, /\breadable\b/i, /\bedit(?:ing|ed)\b/i, /\bsequels?\b/i, /\bfan ?fic/i, /\bx-?file-?y\b/i,
  /\bworking on (?:it|the next|more)\b/i, /\bbe patient\b/i, /\b(?:my|the|this) (?:first|second|third|last|next) (?:story|fic|attempt|piece|try)\b/i,
  /\bhope (?:you|y'all|everyone|people) (?:all )?(?:enjoy|like)/i, /\blet me know\b/i, /\bwhat (?:you|ya) think\b/i,
  /\b(?:constructive )?critici[sz]m\b/i, /\bcomments\b.{0,20}\bflames\b/i, /\bspelling\b/i, /\bgramm[ae]r\b/i, /\bbeta(?:-?read|'?d|ed)?\b/i,
  /\binspired by\b/i, /\b(?:wrote|writing|written) this\b/i, /\bthis (?:story|fic|piece)\b/i, /\bnext part\b/i, /\bfeedback\b/i,
  /\b(?:your|any|people's|all) comments\b/i, /\be-?mail (?:me|accessible|address)\b/i,
];
const FIRST_PERSON = /\b(?:i|i'm|i've|i'll|i'd|my|me)\b/i;
// Speech: a quotation closing on its own punctuation ("Go home," or "Night.") is a story's; a
// title trailing off ("And Then…") is not speech.
const DIALOGUE = /["“][^"”]{0,300}(?<!\.\.)[,.!?]["”]/;

const DISCLAIMER_WORDS = [
  /\busual disclaimers?\b|\bdisclaimers? appl(?:y|ies)\b/i, /\b(?:creation|property|properties)\b.{0,20}\bof\b/i,
  /\bcopyright(?:ed)?\b|©|\(c\)/i, /\binfringe?ment\b/i, /\bused without permission\b/i, /\bcreated by\b/i,
  /\bbelongs? to\b/i, /\btrademarks?\b/i, /\bno (?:money|profit)\b/i, /\b(?:do not|don't) own\b/i,
];

// "(c) 1994 Name", "Copyright 1995 by the author": a notice, whatever else the paragraph says.
const COPYRIGHT_NOTICE = /(?:\(c\)|©|\bcopyright\b)\s*(?:\d{4}|by\b)/i;
const RIGHTS = /\bnot for (?:re)?distribution\b|\bpermission to (?:re)?distribute\b|\b(?:re)?distribut\w* (?:freely|only)\b|\bmay be freely (?:distributed|copied|redistributed)\b|\ball rights reserved\b|\b(?:do not|don't|please don't) (?:archive|repost|redistribute)\b/i;

// "“Song Title” by Artist - Album": a credit for lyrics or music.
const SONG_CREDIT = /^["“][^"”]{2,80}["”],?\s+(?:by|from|[-–—]+)\s+\p{Lu}[^"”]{1,100}$/u;
const MUSIC = /\b(?:soundtrack|songs?|lyrics?|album|music|sung|performed|single)\b/i;
// "“A quotation.” Name -- “Work”" or "“A quotation.” - Name": an epigraph after the story.
const QUOTATION = /^["“][^]{10,600}["”]\s*(?:[-–—~]+\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}|\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*[-–—,]+\s*["“]?[\p{L}\d'’ .,!?-]{1,60}["”]?)\s*$/u;

// Initials or a first name alone, as a writer signs: "LJC", "-d", "~Sam".
const SIGNED_NAME = /^[-~–—=]*\s*(?:\p{Lu}{1,4}|\p{L}[\p{L}.'’-]{0,14}(?:\s+\p{L}[\p{L}.'’-]{0,14})?)\s*$/u;
// The same at the end of a note, after its last sentence: "… Or is it readable? LJC".
const SIGNED_AFTER = /^([^]*[.!?)])\s+([-~–—]*\s*\p{Lu}{2,4}|[-~–—]+\s*\p{L}[\p{L}.'’-]{0,14})$/u;

// The bars and dashes of a signature box are no words.
const words = countLetteredTokens;

function noteStrength(text: string): AfterwordPiece | null {
  if (words(text) > 150 || DIALOGUE.test(text) || !FIRST_PERSON.test(text)) return null;
  const hits = ABOUT_THE_WRITING.filter((pattern) => pattern.test(text)).length;
  if (hits === 0) return null;
  return { kind: 'note', text, strong: hits >= 2 };
}

/** What one paragraph after the story is, or null when it reads as story. */
export function classifyAfterword(text: string): AfterwordPiece[] | null {
  const count = words(text);
  const addressed = hasAddress(text) || /https?:\/\/|www\./.test(text);
  if (addressed && count <= 30) return [{ kind: 'signature', text, strong: true }];
  // A paragraph that gives the writer's own address speaks for the writer.
  if (addressed && count <= 80 && FIRST_PERSON.test(text) && !DIALOGUE.test(text)) return [{ kind: 'note', text, strong: true }];
  if ((RIGHTS.test(text) || COPYRIGHT_NOTICE.test(text)) && count <= 60) return [{ kind: 'rights', text, strong: true }];
  const disclaimerHits = DISCLAIMER_WORDS.filter((pattern) => pattern.test(text)).length;
  if ((disclaimerHits >= 2 || (disclaimerHits === 1 && !DIALOGUE.test(text))) && count <= 120) return [{ kind: 'disclaimer', text, strong: disclaimerHits >= 2 }];
  if (SONG_CREDIT.test(text) && count <= 25) return [{ kind: 'credit', text, strong: MUSIC.test(text) }];
  if (QUOTATION.test(text) && count <= 100) return [{ kind: 'credit', text, strong: false }];
  if (SIGNED_NAME.test(text) && text.length <= 24) return [{ kind: 'signature', text, strong: false }];
  const signed = SIGNED_AFTER.exec(text);
  if (signed) {
    const note = noteStrength(signed[1] as string);
    if (note) return [{ ...note, strong: true }, { kind: 'signature', text: (signed[2] as string).trim(), strong: true }];
  }
  const note = noteStrength(text);
  return note ? [note] : null;
}

function sort(pieces: AfterwordPiece[], start: number): Afterword {
  const result: Afterword = { start, endNotes: [], footer: [], disclaimers: [] };
  for (const piece of pieces) {
    const last = result.endNotes.length - 1;
    // A note whose every line was indented came apart line by line (body.ts): a line that ends
    // mid-sentence goes on in the next.
    if (piece.kind === 'note' && last >= 0 && !/[.!?:;)"”]$/.test(result.endNotes[last] as string) && /^\p{Ll}/u.test(piece.text)) {
      result.endNotes[last] += ` ${piece.text}`;
    } else if (piece.kind === 'note' || piece.kind === 'credit') result.endNotes.push(piece.text);
    else if (piece.kind === 'disclaimer') result.disclaimers.push(piece.text);
    else result.footer.push(piece.text);
  }
  return result;
}

/** A "Notes" heading near the end: all after it is the author's, sorted by kind. */
function afterHeading(paragraphs: string[]): Afterword | null {
  for (let h = paragraphs.length - 1; h >= Math.max(1, paragraphs.length - 12); h--) {
    if (!NOTE_HEADING.test(paragraphs[h] as string)) continue;
    const rest = paragraphs.slice(h + 1).filter((p) => p !== SCENE_BREAK);
    if (rest.length === 0 || words(rest.join(' ')) > 600) return null;
    const pieces = rest.map((text) => {
      const kinds = classifyAfterword(text);
      return kinds && kinds[0]?.kind !== 'note' ? kinds : [{ kind: 'note' as const, text, strong: true }];
    });
    return sort(pieces.flat(), paragraphs[h - 1] === SCENE_BREAK ? h - 1 : h);
  }
  return null;
}

/**
 * The passage after the story's last paragraph that is not story, or null. `paragraphs` ends
 * where the story's ending was already read up to (markers and labelled footers removed).
 */
export function readAfterword(paragraphs: string[]): Afterword | null {
  const headed = afterHeading(paragraphs);
  if (headed) return headed;
  const run: AfterwordPiece[][] = [];
  let start = paragraphs.length;
  for (let i = paragraphs.length - 1; i >= Math.max(1, paragraphs.length - 8); i--) {
    const kinds = classifyAfterword(paragraphs[i] as string);
    if (!kinds) break;
    run.unshift(kinds);
    start = i;
  }
  if (run.length === 0) return null;
  // Set off by a rule, a passage still needs one piece a last scene would hardly be: a last scene
  // of one line ("The house belongs to them now.", "Alone") stays.
  const pieces = run.flat();
  const telling = pieces.some((p) => p.strong || p.kind === 'note' || p.kind === 'credit');
  const setOff = paragraphs[start - 1] === SCENE_BREAK && telling && words(pieces.map((p) => p.text).join(' ')) <= 250;
  if (setOff) return sort(pieces, start - 1);
  // Not set off: a weak piece counts only with a signature after it; cut the run where that fails.
  let from = run.length;
  let signedAfter = false;
  for (let k = run.length - 1; k >= 0; k--) {
    const pieces = run[k] as AfterwordPiece[];
    // A name or initials alone may close what the author wrote ("… no infringement intended." / "Q").
    const closingName = k === run.length - 1 && k > 0 && pieces.every((p) => p.kind === 'signature') && (run[k - 1] as AfterwordPiece[]).every((p) => p.strong);
    const accepted = pieces.every((p) => p.strong) || closingName || (signedAfter && pieces.every((p) => p.kind !== 'signature'));
    if (!accepted) break;
    if (pieces.some((p) => p.kind === 'signature' && p.strong)) signedAfter = true;
    from = k;
  }
  if (from === run.length) return null;
  return sort(run.slice(from).flat(), start + from);
}
