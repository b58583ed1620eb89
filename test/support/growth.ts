import { expect } from 'vitest';

// How a pass's time grows with its input: linear, or worse. A pass is run on inputs of size n, 2n
// and 4n, and the CPU time it takes for each doubling is compared. Linear work doubles (a ratio
// near 2), quadratic work quadruples (near 4), so a bound of 3 tells them apart.
//
// The machine is shared and noisy, so: CPU time (process.cpuUsage) rather than the wall clock,
// which counts the time other processes run; the least of several repetitions per size, since
// noise only ever adds time; the sizes interleaved within each repetition, so that a busy moment
// falls on all of them; and one more measurement before a failure is believed. The ratio is the
// mean over the doublings (the square root of t(4n)/t(n)), which a slow run at one size disturbs
// less than each doubling alone. A pass so fast at n that fixed costs hide its growth is measured
// at larger sizes; choose n so that the linear pass takes some 10–50 ms.

export interface GrowthOptions<T> {
  /** The input of a given size (made once per size, outside the measured time). */
  input: (size: number) => T;
  /** The work measured: it must use the whole input. Nothing else may run meanwhile. */
  run: (input: T) => unknown | Promise<unknown>;
  /** The smallest size; 2n and 4n are measured too. */
  size: number;
  repetitions?: number;
  /** The largest mean ratio a doubling may take (default 3). */
  maxRatio?: number;
  /** The least CPU time at the smallest size for the ratio to mean anything (default 2 ms). */
  minMilliseconds?: number;
  /** One measurement of a size longer than this ends the repetitions: the growth is plain already. */
  capMilliseconds?: number;
}

export interface Growth {
  sizes: number[];
  /** The least CPU time of each size, in milliseconds. */
  milliseconds: number[];
  /** t(2n)/t(n), t(4n)/t(2n). */
  doublings: number[];
  /** The mean ratio per doubling: sqrt(t(4n)/t(n)). */
  ratio: number;
}

// The process's CPU time: vitest runs each test file in a process of its own (the forks pool).
async function cpuMilliseconds(run: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Measures how the time of `run` grows from n to 4n. */
export async function measureGrowth<T>(options: GrowthOptions<T>): Promise<Growth> {
  const sizes = [options.size, options.size * 2, options.size * 4];
  const inputs = sizes.map((size) => options.input(size));
  const repetitions = options.repetitions ?? 5;
  const cap = options.capMilliseconds ?? 2000;
  // Compiling, loading word lists and the like happen once: not part of any size's time.
  await options.run(inputs[0] as T);
  const least = sizes.map(() => Number.POSITIVE_INFINITY);
  let capped = false;
  for (let repetition = 0; repetition < repetitions && !capped; repetition++) {
    for (let i = 0; i < sizes.length; i++) {
      const time = await cpuMilliseconds(() => options.run(inputs[i] as T));
      least[i] = Math.min(least[i] as number, time);
      if (time > cap) capped = true;
    }
  }
  const [t1, t2, t4] = least as [number, number, number];
  return { sizes, milliseconds: least, doublings: [t2 / t1, t4 / t2], ratio: Math.sqrt(t4 / t1) };
}

export function describeGrowth(growth: Growth): string {
  const times = growth.sizes.map((size, i) => `${size}: ${(growth.milliseconds[i] as number).toFixed(1)} ms`).join(', ');
  return `${times}; doublings ${growth.doublings.map((d) => d.toFixed(2)).join(', ')}; ratio ${growth.ratio.toFixed(2)}`;
}

/**
 * Asserts that the time of `run` grows linearly: doubling the input at most `maxRatio` times
 * the time. Measured again once before failing. Returns the measurement believed.
 */
export async function expectLinear<T>(options: GrowthOptions<T>): Promise<Growth> {
  const maxRatio = options.maxRatio ?? 3;
  const minMilliseconds = options.minMilliseconds ?? 2;
  const started = process.cpuUsage();
  let size = options.size;
  let growth = await measureGrowth(options);
  // On a quiet machine a pass may run under the floor at the size a test chose: the sizes double
  // (three times at most) until the smallest is slow enough to tell its growth.
  for (let larger = 0; larger < 3 && (growth.milliseconds[0] as number) < minMilliseconds; larger++) {
    size *= 2;
    growth = await measureGrowth({ ...options, size });
  }
  // Noise is measured again; a pass that took seconds (or over twice the bound) is plainly slow.
  const seconds = process.cpuUsage(started).user / 1e6;
  if (growth.ratio >= maxRatio && growth.ratio < 2 * maxRatio && seconds < 5) growth = await measureGrowth({ ...options, size });
  const described = describeGrowth(growth);
  expect(growth.milliseconds[0], `too fast to measure at this size: ${described}`).toBeGreaterThanOrEqual(minMilliseconds);
  expect(growth.ratio, `super-linear: ${described}`).toBeLessThan(maxRatio);
  return growth;
}
