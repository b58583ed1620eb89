import { describe, expect, it } from 'vitest';
import { splitDisclaimer } from './disclaimer.ts';

const DISCLAIMS = /\bproperty of\b|\bcopyright\b/i;

describe('a note that runs on into the disclaimer', () => {
  it('keeps the sentences before the disclaimer as the note', () => {
    const text = "Here's my first piece for the list, written on a slow night at the harbour. The usual disclaimers apply: the crew are the property of Ola Nordby. Enjoy!";
    expect(splitDisclaimer(text, DISCLAIMS)).toEqual({
      note: "Here's my first piece for the list, written on a slow night at the harbour.",
      disclaimer: 'The usual disclaimers apply: the crew are the property of Ola Nordby. Enjoy!',
    });
  });

  it('leaves a paragraph that disclaims from its first sentence, or after a greeting only', () => {
    expect(splitDisclaimer('This story uses characters from the show. No copyright infringement is intended.', DISCLAIMS)).toBeNull();
    expect(splitDisclaimer('Hi all! The crew are the property of Ola Nordby.', DISCLAIMS)).toBeNull();
  });
});
