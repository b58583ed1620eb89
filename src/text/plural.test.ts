import { describe, expect, it } from 'vitest';
import { counted, plural } from './plural.ts';

describe('plural and counted', () => {
  it('agree with the count', () => {
    expect(counted(1, 'tag')).toBe('1 tag');
    expect(counted(0, 'tag')).toBe('0 tags');
    expect(counted(2, 'tag')).toBe('2 tags');
    expect(counted(1200, 'work')).toBe('1,200 works');
    expect(counted(3, 'synonym of it', 'synonyms of it')).toBe('3 synonyms of it');
    expect(plural(1, 'is', 'are')).toBe('is');
    expect(plural(4, 'is', 'are')).toBe('are');
  });
});
