import { describe, expect, it } from 'vitest';
import { backoffMs } from './job.types.ts';

describe('backoff', () => {
  it('doubles from 10 seconds and stops at an hour', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, middle))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30, middle)).toBe(3_600_000);
  });

  it('spreads retries by up to a fifth either way', () => {
    expect(backoffMs(1, () => 0)).toBe(8_000);
    expect(backoffMs(1, () => 1)).toBe(12_000);
  });
});
