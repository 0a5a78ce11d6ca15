import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { ForwardRule, RetryScheduleOption } from '../config.js';
import { withAttempt, withState, type Attempt, type Delivery, type DeliveryState } from '../domain/delivery.js';
import type { HistoryStore } from '../store/history-store.js';
import type { SendAttempt } from './attempt.js';
import { dueAt, nextDeliveryState } from './delivery-state.js';
import type { DialectRegistry } from './dialect.js';
import { forwardedDestination } from './forwarding.js';

/** What the dispatcher reports as it works (the live log is built on these). */
export type DeliveryActivity =
  | { type: 'delivery.attempt'; delivery: Delivery; attempt: Attempt }
  | { type: 'delivery.succeeded'; delivery: Delivery }
  | { type: 'delivery.failed'; delivery: Delivery }
  | { type: 'delivery.retry_scheduled'; delivery: Delivery; nextAttemptAt: string };

export interface DispatcherOptions {
  history: HistoryStore;
  clock: Clock;
  send: SendAttempt;
  /** Each delivery's API: its retry schedule, per-attempt headers and endpoint health. */
  dialects: DialectRegistry;
  retrySchedule: RetryScheduleOption;
  attemptTimeoutMs: number;
  forward: readonly ForwardRule[];
  onActivity?: (activity: DeliveryActivity) => void;
}

/**
 * Told where a delivery stands after each of its attempts (`attempt`), or after it was stopped
 * before one (its subscriber paused or deleted; no `attempt`). `delivery` is the record before.
 */
export type DeliveryObserver = (delivery: Delivery, state: DeliveryState, attempt?: Attempt) => void;

export interface StartOptions {
  /**
   * False for deliveries the history does not hold (a load test's, outside its sample): the
   * dispatcher keeps each only while it is owed an attempt, announces none of it as activity, and
   * tells only `observe`. @default true
   */
  recorded?: boolean;
  /** Told of every attempt of these deliveries until they settle (or are released). */
  observe?: DeliveryObserver;
}

/** Runs the attempts of recorded deliveries, on the clock, until each succeeds or runs out of attempts. */
export interface Dispatcher {
  /** Starts the first attempt of each delivery now (recorded already, unless `options.recorded` is false). */
  start(deliveries: readonly Delivery[], options?: StartOptions): void;
  /**
   * Stops observing these deliveries; those the history does not hold are dropped with their
   * scheduled retry (a stopped load test's). Recorded ones keep their schedule.
   */
  release(deliveryIds: Iterable<string>): void;
  /** Picks up deliveries left pending by a previous run: due ones now, the rest on schedule. */
  resume(): void;
  /** Resolves when no attempt is in flight. */
  idle(): Promise<void>;
  /** Cancels scheduled retries (they stay pending in the records) and waits for attempts in flight. */
  close(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { history, clock, send, dialects } = options;
  const timers = new Map<string, () => void>();
  // Attempts in flight, and who waits for there to be none: a count, not a set of their promises,
  // which cost two more promises per attempt.
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  const attemptDone = () => {
    if (--inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)));
  // Deliveries started with options: the record itself for those outside the history, and the observer.
  const tracked = new Map<string, { record: Delivery | undefined; observe: DeliveryObserver | undefined }>();
  let closed = false;

  const run = (deliveryId: string) => {
    timers.delete(deliveryId);
    if (closed) return;
    inFlight++;
    attempt(deliveryId).then(attemptDone, (error: unknown) => {
      attemptDone();
      throw error;
    });
  };

  const schedule = (deliveryId: string, atMs: number) => {
    // An attempt that was in flight when close() ran still records its retry, but sets no timer.
    if (closed) return;
    timers.get(deliveryId)?.();
    timers.set(
      deliveryId,
      clock.setTimer(() => run(deliveryId), atMs - clock.now()),
    );
  };

  /**
   * Records where a delivery stands after an attempt (or a stop, without one) and tells its
   * observer; returns the new record, or undefined when there is none to announce (a delivery
   * outside the history, or one a reset removed meanwhile).
   */
  const commit = (delivery: Delivery, state: DeliveryState, result: Attempt | undefined): Delivery | undefined => {
    const entry = tracked.get(delivery.id);
    let updated: Delivery | undefined;
    if (entry?.record) {
      // Kept only while another attempt is owed; the observer is its only record.
      if (state.status === 'pending') entry.record = withState(result ? withAttempt(delivery, result) : delivery, state);
    } else {
      updated = result ? history.recordAttempt(delivery.id, result, state) : history.setState(delivery.id, state);
    }
    if (entry) {
      if (state.status !== 'pending' || (!entry.record && !updated)) tracked.delete(delivery.id);
      entry.observe?.(delivery, state, result);
    }
    return updated;
  };

  async function attempt(deliveryId: string): Promise<void> {
    const delivery = tracked.get(deliveryId)?.record ?? history.getDelivery(deliveryId);
    if (!delivery || delivery.status !== 'pending') {
      tracked.delete(deliveryId);
      return;
    }
    const dialect = dialects.get(delivery.api);
    const stop = dialect.stopReason?.(delivery);
    if (stop !== undefined) {
      const stopped = commit(delivery, { status: 'failed', updatedAt: isoTimestamp(clock.now()), reason: stop }, undefined);
      if (stopped) options.onActivity?.({ type: 'delivery.failed', delivery: stopped });
      return;
    }
    const attemptNumber = delivery.attempts.length + 1;
    const unrecorded = tracked.get(deliveryId)?.record !== undefined;
    const stamped = dialect.attemptHeaders?.(delivery, attemptNumber);
    const sent = await send({
      attemptNumber,
      destination: forwardedDestination(delivery.url, options.forward),
      headers: stamped ?? delivery.request.headers,
      body: delivery.request.body,
      timeoutMs: options.attemptTimeoutMs,
      // Outside the history, nothing reads the answer beyond its status.
      ...(unrecorded && { keepResponse: false }),
    });
    const result = stamped ? { ...sent, requestHeaders: stamped } : sent;
    // @note The state follows from the record as it was before this attempt; what the store returns
    // is the record from now on (records are values: `delivery` itself never changes).
    const state = nextDeliveryState(delivery, result, dialect.retryDelays(options.retrySchedule), clock.now());
    const updated = commit(delivery, state, result);
    if (updated || unrecorded) dialect.onAttempt?.(updated ?? delivery, result);
    if (state.status === 'pending' && (updated || tracked.has(delivery.id))) schedule(delivery.id, Date.parse(state.nextAttemptAt));
    if (!updated) return;
    options.onActivity?.({ type: 'delivery.attempt', delivery: updated, attempt: result });
    if (state.status === 'pending') {
      options.onActivity?.({ type: 'delivery.retry_scheduled', delivery: updated, nextAttemptAt: state.nextAttemptAt });
    } else {
      options.onActivity?.({ type: state.status === 'succeeded' ? 'delivery.succeeded' : 'delivery.failed', delivery: updated });
    }
  }

  return {
    start(deliveries, { recorded = true, observe } = {}) {
      for (const delivery of deliveries) {
        if (!recorded || observe) tracked.set(delivery.id, { record: recorded ? undefined : delivery, observe });
        run(delivery.id);
      }
    },

    release(deliveryIds) {
      for (const id of deliveryIds) {
        const entry = tracked.get(id);
        if (!entry) continue;
        tracked.delete(id);
        if (entry.record) {
          timers.get(id)?.();
          timers.delete(id);
        }
      }
    },

    resume() {
      const now = clock.now();
      for (const delivery of history.pending()) {
        const due = dueAt(delivery, now);
        if (due <= now) run(delivery.id);
        else schedule(delivery.id, due);
      }
    },

    idle,

    async close() {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      tracked.clear();
      await idle();
    },
  };
}
