import { isoTimestamp } from '../clock/clock.js';
import type { Attempt, Delivery, DeliveryState } from '../domain/delivery.js';

/**
 * Where a delivery stands once `attempt` is recorded (SPEC §1.7): succeeded on a 2xx; failed when it
 * was the last attempt allowed; otherwise pending, with the next attempt after the schedule's gap.
 * Pure: `delivery` is the record before the attempt, `now` the emulator's time in ms.
 *
 * @param retryDelays the gaps before retry 1, 2, …; a schedule shorter than the delivery's
 * `maxAttempts` (it changed since the delivery was made) repeats its last gap.
 */
export function nextDeliveryState(delivery: Delivery, attempt: Attempt, retryDelays: readonly number[], now: number): DeliveryState {
  const updatedAt = isoTimestamp(now);
  if (attempt.outcome === 'succeeded') return { status: 'succeeded', updatedAt };
  const attemptsMade = delivery.attempts.length + 1;
  if (attemptsMade >= delivery.maxAttempts) return { status: 'failed', updatedAt };
  const gap = retryDelays[attemptsMade - 1] ?? retryDelays[retryDelays.length - 1] ?? 0;
  return { status: 'pending', nextAttemptAt: isoTimestamp(now + gap), updatedAt };
}

/** When a pending delivery's next attempt is due (ms): its `nextAttemptAt`, or now for one never tried. */
export function dueAt(delivery: Delivery, now: number): number {
  return delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : now;
}
