import type { DurationSummary } from '../views/load-test-views.js';

/**
 * Counts durations in buckets instead of keeping them, so the percentiles of a million-delivery load
 * test take a few kilobytes. Durations are counted in microseconds: exactly below 128 µs, then in 64
 * buckets per power of two, each under 1.6% wide (an HDR histogram with two significant digits);
 * a percentile is the middle of its bucket, and the maximum is exact.
 */
export interface DurationHistogram {
  /** Counts one duration, in milliseconds (negative ones as 0). */
  record(ms: number): void;
  count(): number;
  /** The nearest-rank percentile `p` (0–100), in ms; 0 when empty. */
  percentile(p: number): number;
  /** p50, p90, p99 and the maximum, rounded to 0.01 ms. */
  summary(): DurationSummary;
}

const EXACT = 128;
const PER_OCTAVE = 64;
/** Octaves above EXACT: up to 2^31 µs (about 36 minutes); longer durations share the last bucket. */
const OCTAVES = 31 - 7;

export function createDurationHistogram(): DurationHistogram {
  const counts = new Float64Array(EXACT + OCTAVES * PER_OCTAVE);
  let total = 0;
  let maxUs = 0;

  const indexOf = (us: number): number => {
    if (us < EXACT) return us;
    const clamped = Math.min(us, 2 ** 31 - 1);
    // The highest set bit e ≥ 7; the 6 bits below it choose the bucket within the octave.
    const shift = 31 - Math.clz32(clamped) - 6;
    return EXACT + (shift - 1) * PER_OCTAVE + ((clamped >>> shift) - PER_OCTAVE);
  };
  /** The middle of a bucket, µs. */
  const middleOf = (index: number): number => {
    if (index < EXACT) return index;
    const shift = Math.floor((index - EXACT) / PER_OCTAVE) + 1;
    const mantissa = ((index - EXACT) % PER_OCTAVE) + PER_OCTAVE;
    return mantissa * 2 ** shift + 2 ** (shift - 1);
  };

  const percentile = (p: number): number => {
    if (total === 0) return 0;
    const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] as number;
      // The last bucket also holds everything beyond it: the maximum says more than its middle.
      if (seen >= rank) return (i === counts.length - 1 ? maxUs : Math.min(middleOf(i), maxUs)) / 1000;
    }
    return maxUs / 1000;
  };
  const round = (ms: number) => Math.round(ms * 100) / 100;

  return {
    record(ms) {
      const us = ms > 0 ? Math.round(ms * 1000) : 0;
      const index = indexOf(us);
      counts[index] = (counts[index] as number) + 1;
      total++;
      if (us > maxUs) maxUs = us;
    },
    count: () => total,
    percentile,
    summary: () => ({
      count: total,
      p50: round(percentile(50)),
      p90: round(percentile(90)),
      p99: round(percentile(99)),
      max: round(maxUs / 1000),
    }),
  };
}
