import { describe, expect, it } from 'vitest';
import { describeWait, waitAfter } from './login.limiter.ts';

describe('waitAfter', () => {
  it('lets the free failures through, then doubles from 5 seconds up to the longest wait', () => {
    const longest = 15 * 60_000;
    expect([0, 1, 2].map((failures) => waitAfter(failures, 3, longest))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((failures) => waitAfter(failures, 3, longest))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(waitAfter(11, 3, longest)).toBe(longest);
    expect(waitAfter(5_000, 3, longest)).toBe(longest);
  });
});

describe('describeWait', () => {
  const now = new Date('2026-01-10T12:00:00.000Z');
  it('counts seconds under two minutes and minutes, with the clock, above', () => {
    expect(describeWait(new Date(now.getTime() + 1_000), now)).toBe('Too many attempts with a wrong password; try again in 1 second.');
    expect(describeWait(new Date(now.getTime() + 4_200), now)).toBe('Too many attempts with a wrong password; try again in 5 seconds.');
    expect(describeWait(new Date(now.getTime() + 15 * 60_000), now)).toBe(
      'Too many attempts with a wrong password; try again in 15 minutes (after 12:15 UTC).',
    );
  });
});
