import type { RetryScheduleOption } from '../config.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Gaps before each retry in the `production` schedule: growing gaps that add up to about 8 hours
 * (8 h 3.5 min), 12 attempts in all. Bird says only "increasing intervals over a period of 8
 * hours"; these numbers are the emulator's choice (README, fidelity notes).
 */
export const PRODUCTION_RETRY_DELAYS_MS: readonly number[] = [
  30 * SECOND,
  1 * MINUTE,
  2 * MINUTE,
  4 * MINUTE,
  8 * MINUTE,
  16 * MINUTE,
  32 * MINUTE,
  1 * HOUR,
  1 * HOUR,
  2 * HOUR,
  3 * HOUR,
];

/** The `fast` schedule: the production shape scaled to about one minute in all. */
export const FAST_RETRY_DELAYS_MS: readonly number[] = scaleTo(PRODUCTION_RETRY_DELAYS_MS, MINUTE);

/** The gaps (ms) before retry 1, 2, …; the number of attempts is one more than their count. */
export function retryDelays(option: RetryScheduleOption): readonly number[] {
  return scheduleOf({ production: PRODUCTION_RETRY_DELAYS_MS, fast: FAST_RETRY_DELAYS_MS }, option);
}

/**
 * The gaps of a schedule option, for an API whose `production` and `fast` shapes are given (`fast`
 * defaults to `production` scaled to about a minute); a list of gaps is taken as it is.
 */
export function scheduleOf(
  shapes: { production: readonly number[]; fast?: readonly number[] },
  option: RetryScheduleOption,
): readonly number[] {
  if (option === 'production') return shapes.production;
  if (option === 'fast') return shapes.fast ?? scaleTo(shapes.production, MINUTE);
  return option;
}

function scaleTo(delays: readonly number[], totalMs: number): number[] {
  const sum = delays.reduce((a, b) => a + b, 0);
  return delays.map((d) => Math.round((d * totalMs) / sum));
}
