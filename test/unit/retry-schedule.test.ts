import { describe, expect, it } from 'vitest';
import { FAST_RETRY_DELAYS_MS, PRODUCTION_RETRY_DELAYS_MS, retryDelays } from '../../src/delivery/retry-schedule.js';

const HOUR = 3_600_000;
const sum = (delays: readonly number[]) => delays.reduce((a, b) => a + b, 0);
const nonDecreasing = (delays: readonly number[]) => delays.every((d, i) => i === 0 || d >= (delays[i - 1] as number));

describe('retry schedules', () => {
  it('production spreads the retries over about 8 hours with gaps that never shrink', () => {
    const delays = retryDelays('production');
    expect(delays).toBe(PRODUCTION_RETRY_DELAYS_MS);
    expect(sum(delays)).toBeGreaterThanOrEqual(7.75 * HOUR);
    expect(sum(delays)).toBeLessThanOrEqual(8.25 * HOUR);
    expect(nonDecreasing(delays)).toBe(true);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[delays.length - 1]).toBeGreaterThan(delays[0] as number);
  });

  it('fast has the production shape compressed into about a minute', () => {
    const fast = retryDelays('fast');
    expect(fast).toBe(FAST_RETRY_DELAYS_MS);
    expect(fast).toHaveLength(PRODUCTION_RETRY_DELAYS_MS.length);
    expect(sum(fast)).toBeGreaterThanOrEqual(55_000);
    expect(sum(fast)).toBeLessThanOrEqual(65_000);
    expect(nonDecreasing(fast)).toBe(true);
    // Same shape: each gap is the same share of the whole, give or take the rounding to whole ms.
    const productionTotal = sum(PRODUCTION_RETRY_DELAYS_MS);
    fast.forEach((gap, i) => {
      const share = (PRODUCTION_RETRY_DELAYS_MS[i] as number) / productionTotal;
      expect(Math.abs(gap - share * sum(fast))).toBeLessThanOrEqual(1);
    });
  });

  it('takes a custom list of delays as given', () => {
    expect(retryDelays([50, 100])).toEqual([50, 100]);
    expect(retryDelays([])).toEqual([]);
  });
});
