import { describe, expect, it } from 'vitest';
import { isKnownNegative, KEY_LETTERS, rememberNegative, withLetter } from './repair.negatives.ts';

// The scan's hash and key of text[start, end), as repair.ts computes them.
function read(text: string, start: number, end: number): { hash: number; key: number } {
  let hash = 0;
  let key = 0;
  for (let i = start; i < end; i++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    key = withLetter(key, text.charCodeAt(i));
  }
  return { hash, key };
}

function remember(token: string): void {
  const { hash, key } = read(token, 0, token.length);
  rememberNegative(token, hash, key);
}

function known(text: string, start: number, end: number): boolean {
  const { hash, key } = read(text, start, end);
  return isKnownNegative(text, start, end, hash, key);
}

describe('known negatives', () => {
  it('finds short and long tokens in place, in their own case only', () => {
    const long = 'Quillfeather'.slice(0, KEY_LETTERS + 1);
    for (const token of ['barn', 'Zyx', 'abcdefgh', long]) remember(token);
    const text = `the barn, Zyx and abcdefgh or ${long}.`;
    expect(known(text, 4, 8)).toBe(true);
    expect(known(text, 10, 13)).toBe(true);
    expect(known(text, 18, 26)).toBe(true);
    expect(known(text, 30, 30 + long.length)).toBe(true);
    expect(known('Barn', 0, 4)).toBe(false);
    expect(known('zyx', 0, 3)).toBe(false);
    expect(known('abcdefg', 0, 7)).toBe(false);
    expect(known(long.toLowerCase(), 0, long.length)).toBe(false);
  });

  it('keeps tokens apart whose hashes collide', () => {
    // "Aa" and "BB" have the same hash under h*31+c; so do words built of them.
    remember('AaAaAa');
    expect(read('AaAaAa', 0, 6).hash).toBe(read('BBBBBB', 0, 6).hash);
    expect(known('BBBBBB', 0, 6)).toBe(false);
    remember('AaAaAaAaAa');
    expect(known('BBBBBBBBBB', 0, 10)).toBe(false);
    expect(known('AaAaAaAaAa', 0, 10)).toBe(true);
  });
});
