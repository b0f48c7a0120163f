import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and spreads evenly over [0, 1)', () => {
    const take = (seed: number, n: number) => Array.from({ length: n }, seededRandom(seed));
    expect(take(7, 50)).toEqual(take(7, 50));
    expect(take(7, 50)).not.toEqual(take(8, 50));
    const values = take(42, 100_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    // Ten equal buckets each get their tenth, within 3 %.
    const buckets = new Array<number>(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)]! += 1;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(300);
  });
});
