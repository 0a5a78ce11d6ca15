/**
 * The one source of time. Everything that reads the time or waits (timestamps, signatures, retry
 * schedules) goes through a Clock, so tests can run an 8-hour schedule in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` after `delayMs`; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

/** The wall clock, with real timers that do not keep the process alive on their own. */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer(callback, delayMs) {
      const timer = setTimeout(callback, Math.max(0, delayMs));
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

let lastMs = Number.NaN;
let lastText = '';

/**
 * RFC 3339 with milliseconds and `Z`, the shape of Bird's `createdAt`.
 * @note Remembers the last one: a fired event stamps the same millisecond a dozen times (payload,
 * event, deliveries, attempts, live frames), and formatting a Date is the costly part.
 */
export function isoTimestamp(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}

/**
 * Real, monotonic time in fractional milliseconds, for what must not follow a virtual clock: a load
 * test's schedule and the latencies it measures.
 */
export interface RealTime {
  /** Milliseconds from an arbitrary origin, never going back (`performance.now()`). */
  now(): number;
  /**
   * Runs `callback` after `delayMs`; returns a function that cancels it.
   * @note Unlike the system clock's timers, these keep the process alive: a load test waiting for its
   * next send must not let a script that awaits it exit.
   */
  setTimer(callback: () => void, delayMs: number): () => void;
}

export function createRealTime(): RealTime {
  return {
    now: () => performance.now(),
    setTimer(callback, delayMs) {
      const timer = setTimeout(callback, Math.max(0, delayMs));
      return () => clearTimeout(timer);
    },
  };
}
