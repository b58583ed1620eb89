// Deterministic, readable-looking filler prose for benchmarks and generated archives.
const WORDS = (
  'the barn rain was quiet and Clark listened to it fall on the roof while Lex stood by ' +
  'the door with his coat still wet from the storm he had driven through to get there they ' +
  'said nothing for a long time because there was nothing to say that would not be a lie ' +
  'a truck passed on the road beyond the fields its lights sweeping over the hay bales'
).split(' ');

/** A pseudo-random generator with a seed, so every run writes the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/** Paragraphs of about 80 words, exactly `wordCount` words in all, as plain text. */
export function prose(wordCount: number, random: () => number = seededRandom(1)): string {
  const paragraphs: string[] = [];
  let left = wordCount;
  while (left > 0) {
    const length = Math.min(left, 40 + Math.floor(random() * 80));
    const words: string[] = [];
    for (let i = 0; i < length; i++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    paragraphs.push(`${words.join(' ')}.`);
    left -= length;
  }
  return paragraphs.join('\n\n');
}
