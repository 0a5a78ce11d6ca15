import type { Clock } from './clock.js';

/** The default start of virtual time: fixed, so seeded runs produce identical timestamps. */
export const VIRTUAL_CLOCK_START = Date.parse('2025-01-01T00:00:00.000Z');

/**
 * A clock that stands still until `advance()` moves it. Timers whose time comes during an advance
 * run in time order, each at its own instant, and the advance waits for the work they start (via
 * `settle`) before looking for the next one: so a retry that schedules another retry inside the
 * same window runs too, and an 8-hour schedule passes in milliseconds.
 */
export interface VirtualClock extends Clock {
  readonly kind: 'virtual';
  /** Moves time forward by `ms`, running every timer that comes due; resolves when all have settled. */
  advance(ms: number): Promise<void>;
  /** Milliseconds until the next timer, or undefined when none is pending. */
  nextTimerIn(): number | undefined;
  /** Sets what `advance` awaits after each timer (the dispatcher's in-flight attempts). */
  settleWith(settle: () => Promise<void>): void;
}

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

export function createVirtualClock(start: number = VIRTUAL_CLOCK_START): VirtualClock {
  let now = start;
  let order = 0;
  let timers: Timer[] = [];
  let settle: () => Promise<void> = async () => undefined;
  let advancing: Promise<void> = Promise.resolve();

  const nextDue = (limit: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const timer of timers) {
      if (timer.at <= limit && (!next || timer.at < next.at || (timer.at === next.at && timer.order < next.order))) next = timer;
    }
    return next;
  };

  const runAdvance = async (ms: number) => {
    const target = now + ms;
    // Let work already started (e.g. a first attempt in flight) finish before time moves.
    await settle();
    for (let timer = nextDue(target); timer; timer = nextDue(target)) {
      timers = timers.filter((t) => t !== timer);
      now = Math.max(now, timer.at);
      timer.callback();
      await settle();
    }
    now = target;
  };

  return {
    kind: 'virtual',
    now: () => now,
    setTimer(callback, delayMs) {
      const timer: Timer = { at: now + Math.max(0, delayMs), order: order++, callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('advance() takes a non-negative number of milliseconds'));
      // Advances queue behind each other, so two concurrent calls move time by their sum, in order.
      const run = advancing.catch(() => undefined).then(() => runAdvance(ms));
      advancing = run;
      return run;
    },
    nextTimerIn() {
      const next = nextDue(Number.POSITIVE_INFINITY);
      return next === undefined ? undefined : next.at - now;
    },
    settleWith(fn) {
      settle = fn;
    },
  };
}
