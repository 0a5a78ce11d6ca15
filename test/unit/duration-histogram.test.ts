import { describe, expect, it } from 'vitest';
import { createDurationHistogram } from '../../src/application/duration-histogram.js';
import { createRandom } from '../../src/random.js';

/** The nearest-rank percentile of the values themselves. */
const exact = (sorted: readonly number[], p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;

describe('duration histogram', () => {
  it('is empty, then exact below 128 µs', () => {
    const histogram = createDurationHistogram();
    expect(histogram.summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
    for (const ms of [0.01, 0.05, 0.1, -1]) histogram.record(ms);
    expect(histogram.count()).toBe(4);
    expect(histogram.percentile(25)).toBe(0);
    expect(histogram.percentile(50)).toBe(0.01);
    expect(histogram.percentile(100)).toBe(0.1);
  });

  it('agrees with the exact percentiles within 1% over six orders of magnitude, its maximum exact', () => {
    const random = createRandom('histogram');
    const histogram = createDurationHistogram();
    // Log-uniform from 0.2 ms to 200 s: what latencies of a load test span.
    const values = Array.from({ length: 50_000 }, () => 0.2 * 10 ** (6 * random.next()));
    for (const value of values) histogram.record(value);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 99, 99.9]) {
      expect(Math.abs(histogram.percentile(p) / exact(sorted, p) - 1), `p${p}`).toBeLessThan(0.01);
    }
    expect(histogram.summary().max).toBe(Math.round((sorted[sorted.length - 1] as number) * 100) / 100);
    expect(histogram.count()).toBe(50_000);
  });

  it('takes durations beyond half an hour without growing', () => {
    const histogram = createDurationHistogram();
    histogram.record(3 * 3600 * 1000);
    histogram.record(1);
    expect(histogram.percentile(100)).toBeCloseTo(3 * 3600 * 1000, -1);
    expect(histogram.summary().max).toBe(3 * 3600 * 1000);
  });
});
