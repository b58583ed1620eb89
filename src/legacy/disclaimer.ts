import { splitCount } from '../text/spaces.ts';

// A writer's opening note often runs on into the disclaimer in one paragraph ("Here's my first
// story for the group. … The usual disclaimers apply: the characters belong to …"). The sentences
// before the first that disclaims are the author's note; the rest is the disclaimer.

// The words of a disclaimer that names whose the characters are without saying "belong".
const OWNERSHIP = /\bdisclaim|\bcharacters\b|\bproductions?\b|\bcreated by\b|\bbased on\b|\bbroadcasting\b/i;
const SENTENCE_END = /(?<=[.!?)])\s+(?=["“(]?[A-Z])/;

/** The note before the disclaimer and the disclaimer, or null when the paragraph opens disclaiming. */
export function splitDisclaimer(note: string, disclaims: RegExp): { note: string; disclaimer: string } | null {
  const sentences = note.split(SENTENCE_END);
  const first = sentences.findIndex((sentence) => disclaims.test(sentence) || OWNERSHIP.test(sentence));
  if (first <= 0) return null;
  const lead = sentences.slice(0, first).join(' ');
  // One sentence of eight words at least: "Hi!" before a disclaimer is no note.
  if (splitCount(lead) < 8) return null;
  return { note: lead, disclaimer: sentences.slice(first).join(' ') };
}
