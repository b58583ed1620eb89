import { describe, expect, it } from 'vitest';
import { afterOpeningQuote } from './reply.ts';

const story = Array.from({ length: 60 }, (_, i) => `The rain kept falling on the station roof while line ${i} of the tale went on.`);

describe('afterOpeningQuote', () => {
  it('finds the story after a quote that prompted it', () => {
    const lines = ['In article <abc@host.example>,', 'Pat Doe <pat@host.example> wrote:', '>', '> Someone should write one about the lighthouse.', '-----------', '', ...story];
    expect(afterOpeningQuote(lines)).toBe(5);
  });

  it('leaves a reply that quotes again as it goes', () => {
    const lines = ['Pat Doe wrote:', '> first point', '', ...story.slice(0, 30), '> second point', ...story.slice(30)];
    expect(afterOpeningQuote(lines)).toBeNull();
  });

  it('leaves a short answer', () => {
    expect(afterOpeningQuote(['Pat Doe wrote:', '> a question', '', 'I agree with you, and here is why.'])).toBeNull();
  });

  it('needs an attribution above the quote', () => {
    expect(afterOpeningQuote(['> a quoted line', '', ...story])).toBeNull();
  });
});
