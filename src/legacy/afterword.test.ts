import { describe, expect, it } from 'vitest';
import { classifyAfterword, readAfterword } from './afterword.ts';
import { isSeparator } from './body.ts';
import { matchEndMarker, splitEnding } from './footer.ts';

const story = [
  'The lighthouse keeper climbed the stairs for the last time that winter, counting each one aloud.',
  '"You could stay," the girl said from the landing below, her lantern swinging.',
  'He did not answer. The lamp turned, and turned, and the sea went on without them.',
];

describe('what the author wrote after the story', () => {
  it('takes a word to the readers signed with initials out of the text', () => {
    const ending = splitEnding([...story, 'well, should I go back to proofreading? Is the editing any good? Is it readable? QRS']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes).toEqual(['well, should I go back to proofreading? Is the editing any good? Is it readable?']);
    expect(ending.footer).toEqual(['QRS']);
  });

  it('reads a note and a signature with an address after a rule as end notes and footer', () => {
    const ending = splitEnding([...story, '* * *', "it's rough and i'm still working on it, so ignore the typos. cheers, q", 'q.writer@example.org "Better a kettle than a teapot."-me']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes[0]).toContain('ignore the typos');
    expect(ending.footer[0]).toContain('q.writer@example.org');
  });

  it('reads a song credit and an epigraph after a rule as end notes', () => {
    const ending = splitEnding([...story, '* * *', '"Harbour Lights" by The Example Band - Night Ferry soundtrack', '"The sea keeps what it is given, and gives back only stories." Ann Example -- "Tides"']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes).toHaveLength(2);
    expect(ending.endNotes[0]).toContain('The Example Band');
  });

  it('reads an unlabelled disclaimer after the story as a disclaimer', () => {
    const ending = splitEnding([...story, '* * *', 'All the usual disclaimers apply. The keeper and the girl are the property of Example Studios; the song in "Lights Out..." is theirs too.']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.disclaimers[0]).toContain('property of Example Studios');
  });

  it('reads everything under an "End Notes" heading, a disclaimer apart', () => {
    const ending = splitEnding([...story, '* * *', 'End Notes', 'I only hinted at the other show, so you may have missed it.', 'Based on characters created by Example Studios. Used without permission.']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes).toEqual(['I only hinted at the other show, so you may have missed it.']);
    expect(ending.disclaimers[0]).toContain('Used without permission');
  });

  it('leaves a last scene after a break in the text', () => {
    const last = ['* * *', 'In the morning I walked down to the harbour and watched the ferry leave.', '"Goodbye," I said, to no one.'];
    expect(readAfterword([...story, ...last])).toBeNull();
    expect(splitEnding([...story, ...last]).paragraphs).toEqual([...story, ...last]);
  });

  it('leaves a last scene of one line after a break in the text', () => {
    expect(readAfterword([...story, '* * *', 'The lamp belongs to the gulls now.'])).toBeNull();
    expect(readAfterword([...story, '* * *', 'Alone'])).toBeNull();
  });

  it('needs a rule or a signature before it takes a lone note of one hint', () => {
    const last = 'I hope you enjoy the view from the top, my mother wrote in her last letter.';
    expect(classifyAfterword(last)?.[0]?.strong).toBe(false);
    expect(readAfterword([...story, last])).toBeNull();
  });

  it('keeps a story line that names a belonging in the text', () => {
    expect(readAfterword([...story, 'The lamp belongs to the sea now, and the sea to no one.'])).toBeNull();
  });

  it('reads a word to the readers that gives an address after a rule as an end note', () => {
    const ending = splitEnding([...story, '* * *', 'I hope this tides you over until the next season. Your comments would make my week; my e-mail address is below:', 'q.writer@example.org']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes[0]).toContain('I hope this tides you over');
  });

  it('takes a copyright notice and the initials under it out of the text', () => {
    const ending = splitEnding([...story, 'This story is (c) 1994 Q. Writer. The keeper is (c) Example Studios.', 'qw']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.footer).toEqual(['This story is (c) 1994 Q. Writer. The keeper is (c) Example Studios.', 'qw']);
  });

  it('reads a note and a signature before the last part marker', () => {
    const ending = splitEnding([...story, 'Any comments? Write me, I like mail. Hope you liked reading this story!', 'Q Writer, list regular q.writer@example.org', '* * *', 'end of part 2/2']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.status).toBe('complete');
    expect(ending.endNotes[0]).toContain('Hope you liked');
  });

  it('parts an end marker from the word in brackets after it', () => {
    const ending = splitEnding([...story, 'End of Chap 3 (sorry to stop in the middle of a scene :))']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.markers).toEqual(['End of Chap 3']);
    expect(ending.endNotes).toEqual(['sorry to stop in the middle of a scene :)']);
  });

  it('reads "The-End", "The end---for now" and a forwarding banner as the end', () => {
    expect(splitEnding([...story, 'The-End']).markers).toEqual(['The-End']);
    expect(splitEnding([...story, 'The end---for now']).paragraphs).toEqual(story);
    expect(splitEnding([...story, '=========END FORWARDED MESSAGE=========']).footer).toHaveLength(1);
  });

  it('sends a signature box and an unlabelled disclaimer after THE END to the footer and the disclaimer', () => {
    const ending = splitEnding([...story, 'THE END', 'Q Writer |"Keep watching."\nq.writer@example.org |--a character', 'Based on characters created by Example Studios. Used without permission, no infringement intended.']);
    expect(ending.paragraphs).toEqual(story);
    expect(ending.endNotes).toEqual([]);
    expect(ending.footer[0]).toContain('q.writer@example.org');
    expect(ending.disclaimers[0]).toContain('Used without permission');
  });

  it('reads "Part 2 of 5 ends" as the end of a part, and an end of a chapter as no end of the story', () => {
    expect(matchEndMarker('Part 2 of 5 ends')).toEqual({ text: 'Part 2 of 5 ends', status: null });
    expect(matchEndMarker('Part 5 of 5 ends')?.status).toBe('complete');
    expect(matchEndMarker('End of Chap 4')?.status).toBeNull();
    expect(matchEndMarker('The part ends')).toBeNull();
  });

  it('takes a signature box of bars and two addresses out of the text', () => {
    const box = 'Q Writer        | Look twice before you leap, and then look again\nq@example.org   | before you land, and once more after that, for luck,\nq2@example.net  | just in case.   - Someone (a band)';
    expect(classifyAfterword(box)?.[0]?.kind).toBe('signature');
  });

  it('joins the lines of an indented note that came apart under its heading', () => {
    const ending = splitEnding([...story, '* * *', 'Author\'s Notes', 'That was my third try at this kind of story. Write and tell me', 'what you liked, and what', 'you did not.']);
    expect(ending.endNotes).toEqual(['That was my third try at this kind of story. Write and tell me what you liked, and what you did not.']);
  });

  it('reads three passages after the story at most, never a chain of them up through the text', () => {
    const passage = ['* * *', 'All the usual disclaimers apply: the keeper is the property of Example Studios.'];
    const ending = splitEnding([...story, ...passage, ...passage, ...passage, ...passage, ...passage]);
    expect(ending.disclaimers).toHaveLength(3);
    expect(ending.paragraphs).toEqual([...story, ...passage, ...passage]);
  });

  it('sees a row of carets as a rule', () => {
    expect(isSeparator('^^^^^^^^^^^^^^^^^^^^')).toBe(true);
  });
});
