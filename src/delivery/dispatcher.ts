import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { ForwardRule, RetryScheduleOption } from '../config.js';
import type { Attempt, Delivery } from '../domain/delivery.js';
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

/** Runs the attempts of recorded deliveries, on the clock, until each succeeds or runs out of attempts. */
export interface Dispatcher {
  /** Starts the first attempt of each delivery now (they must be recorded already). */
  start(deliveries: readonly Delivery[]): void;
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
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const run = (deliveryId: string) => {
    timers.delete(deliveryId);
    if (closed) return;
    const task = attempt(deliveryId).finally(() => inFlight.delete(task));
    inFlight.add(task);
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

  async function attempt(deliveryId: string): Promise<void> {
    const delivery = history.getDelivery(deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const dialect = dialects.get(delivery.api);
    const stop = dialect.stopReason?.(delivery);
    if (stop !== undefined) {
      const stopped = history.setState(delivery.id, { status: 'failed', updatedAt: isoTimestamp(clock.now()), reason: stop });
      if (stopped) options.onActivity?.({ type: 'delivery.failed', delivery: stopped });
      return;
    }
    const attemptNumber = delivery.attempts.length + 1;
    const stamped = dialect.attemptHeaders?.(delivery, attemptNumber);
    const sent = await send({
      attemptNumber,
      destination: forwardedDestination(delivery.url, options.forward),
      headers: stamped ?? delivery.request.headers,
      body: delivery.request.body,
      timeoutMs: options.attemptTimeoutMs,
    });
    const result = stamped ? { ...sent, requestHeaders: stamped } : sent;
    // @note The state follows from the record as it was before this attempt; what the store returns
    // is the record from now on (records are values: `delivery` itself never changes).
    const state = nextDeliveryState(delivery, result, dialect.retryDelays(options.retrySchedule), clock.now());
    const updated = history.recordAttempt(delivery.id, result, state);
    if (!updated) return;
    dialect.onAttempt?.(updated, result);
    options.onActivity?.({ type: 'delivery.attempt', delivery: updated, attempt: result });
    if (state.status === 'pending') {
      options.onActivity?.({ type: 'delivery.retry_scheduled', delivery: updated, nextAttemptAt: state.nextAttemptAt });
      schedule(updated.id, Date.parse(state.nextAttemptAt));
    } else {
      options.onActivity?.({ type: state.status === 'succeeded' ? 'delivery.succeeded' : 'delivery.failed', delivery: updated });
    }
  }

  return {
    start(deliveries) {
      for (const delivery of deliveries) run(delivery.id);
    },

    resume() {
      const now = clock.now();
      for (const delivery of history.pending()) {
        const due = dueAt(delivery, now);
        if (due <= now) run(delivery.id);
        else schedule(delivery.id, due);
      }
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async close() {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
