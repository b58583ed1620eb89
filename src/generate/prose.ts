import type { Random } from './random.ts';

// Readable-looking filler: sentences from a small vocabulary, so search has real words
// (and phrases such as "green rock") to find, and pages look like pages.
const WORDS = (
  'the barn rain was quiet and Clark listened to it fall on the roof while Lex stood by the door ' +
  'with his coat still wet from the storm he had driven through they said nothing for a long time ' +
  'because there was nothing to say that would not be a lie a truck passed on the road beyond the ' +
  'fields its lights sweeping over the hay she kept the letters in a box under the stairs green rock ' +
  'glowed in the drawer and the kitchen smelled of coffee and cinnamon the lantern swung in the wind ' +
  'nobody knew how the story ended but everyone remembered the summer it began under a pale sky'
).split(' ');

export function sentence(random: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random.next() * WORDS.length)]!);
  out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
  return `${out.join(' ')}.`;
}

/** About `words` words as HTML paragraphs of 40 to 120 words. */
export function paragraphs(random: Random, words: number): string {
  const parts: string[] = [];
  let left = words;
  while (left > 0) {
    const length = Math.min(left, random.int(40, 120));
    parts.push(`<p>${sentence(random, length)}</p>`);
    left -= length;
  }
  return parts.join('\n');
}
