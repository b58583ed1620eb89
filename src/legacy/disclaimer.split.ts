// A note above the story often runs on into its disclaimer in one paragraph ("Here is my first
// story, written on a long night. The usual disclaimers apply: the characters are the property of
// …"). The writer says so: the sentences before the one that announces the disclaimer are the
// author's note, and the disclaimer runs from there to the end of the paragraph. Without that word
// ("This story uses characters from …. No infringement is intended.") the paragraph is all one
// disclaimer.

/** Sentence starts: after . ! ? or a closing bracket, before a capital or an opening mark. */
const SENTENCE_START = /(?<=[.!?)])\s+(?=["“(]?[A-Z])/g;
const ANNOUNCES = /\bdisclaim/i;
// Shorter than this, the words before the disclaimer are its lead-in ("Well. Standard ..."), no note.
const MIN_NOTE_WORDS = 8;

export interface NoteParts {
  note: string | null;
  disclaimer: string | null;
}

/** The note and the disclaimer in one paragraph; `disclaims` says whether a text disclaims. */
export function splitAtDisclaimer(text: string, disclaims: (text: string) => boolean): NoteParts {
  if (!disclaims(text)) return { note: text, disclaimer: null };
  let from = 0;
  let announced = false;
  for (const match of [...text.matchAll(SENTENCE_START), null]) {
    const end = match ? (match.index as number) : text.length;
    if ((announced = ANNOUNCES.test(text.slice(from, end)))) break;
    if (match) from = end + match[0].length;
  }
  const note = text.slice(0, from).trim();
  if (!announced || from === 0 || note.split(/\s+/).length < MIN_NOTE_WORDS || disclaims(note) || ANNOUNCES.test(note)) return { note: null, disclaimer: text };
  return { note, disclaimer: text.slice(from).trim() };
}
