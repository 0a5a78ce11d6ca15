import type { ForwardRule } from '../config.js';
import type { Attempt, Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';
import type { Subscription } from '../domain/subscription.js';
import type { Random } from '../random.js';
import { hashBody, signatureHeaders } from '../signing/sign.js';
import type { HistoryStore } from '../store/history-store.js';
import type { SendAttempt } from './attempt.js';
import { isoTimestamp, type Clock } from './clock.js';
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
  random: Random;
  send: SendAttempt;
  /** Gaps before each retry; attempts in all = delays + 1. */
  retryDelays: readonly number[];
  attemptTimeoutMs: number;
  forward: readonly ForwardRule[];
  onActivity?: (activity: DeliveryActivity) => void;
}

export interface Dispatcher {
  /**
   * Signs and records one delivery per subscription (the same body for all; headers per
   * subscription). Attempts start with `start()`, once the caller has made the records durable.
   */
  createDeliveries(event: FiredEvent, subscriptions: readonly Subscription[], options?: { redeliveryOf?: string }): Delivery[];
  /** Starts the first attempt of each delivery now. */
  start(deliveries: readonly Delivery[]): void;
  /** Picks up deliveries left pending by a previous run: due ones now, the rest on schedule. */
  resume(): void;
  /** Resolves when no attempt is in flight. */
  idle(): Promise<void>;
  /** Cancels scheduled retries (they stay pending in the records) and waits for attempts in flight. */
  close(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { history, clock, random, send, retryDelays } = options;
  const maxAttempts = retryDelays.length + 1;
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
    const result = await send({
      attemptNumber: delivery.attempts.length + 1,
      destination: forwardedDestination(delivery.url, options.forward),
      headers: delivery.request.headers,
      body: delivery.request.body,
      timeoutMs: options.attemptTimeoutMs,
    });
    history.addAttempt(delivery.id, result);
    options.onActivity?.({ type: 'delivery.attempt', delivery, attempt: result });
    const updatedAt = isoTimestamp(clock.now());
    if (result.outcome === 'succeeded') {
      history.setState(delivery.id, { status: 'succeeded', updatedAt });
      options.onActivity?.({ type: 'delivery.succeeded', delivery });
    } else if (delivery.attempts.length >= delivery.maxAttempts) {
      history.setState(delivery.id, { status: 'failed', updatedAt });
      options.onActivity?.({ type: 'delivery.failed', delivery });
    } else {
      const gap = retryDelays[delivery.attempts.length - 1] ?? retryDelays[retryDelays.length - 1] ?? 0;
      const nextAttemptAt = isoTimestamp(clock.now() + gap);
      history.setState(delivery.id, { status: 'pending', nextAttemptAt, updatedAt });
      options.onActivity?.({ type: 'delivery.retry_scheduled', delivery, nextAttemptAt });
      schedule(delivery.id, clock.now() + gap);
    }
  }

  return {
    createDeliveries(event, subscriptions, { redeliveryOf } = {}) {
      const body = JSON.stringify({ service: event.service, event: event.event, payload: event.payload });
      const bodyDigest = subscriptions.length > 0 ? hashBody(body) : undefined;
      const now = clock.now();
      const timestamp = Math.floor(now / 1000);
      return subscriptions.map((sub) => {
        const id = random.uuid();
        const delivery: Delivery = {
          id,
          eventId: event.id,
          subscriptionId: sub.id,
          organizationId: sub.organizationId,
          workspaceId: sub.workspaceId,
          service: event.service,
          event: event.event,
          url: sub.url,
          status: 'pending',
          request: {
            headers: signatureHeaders({ signingKey: sub.signingKey, timestamp, url: sub.url, body, bodyDigest, requestId: id }),
            body,
          },
          attempts: [],
          maxAttempts,
          ...(redeliveryOf !== undefined && { redeliveryOf }),
          createdAt: isoTimestamp(now),
          updatedAt: isoTimestamp(now),
        };
        history.addDelivery(delivery);
        return delivery;
      });
    },

    start(deliveries) {
      for (const delivery of deliveries) run(delivery.id);
    },

    resume() {
      for (const delivery of history.pending()) {
        const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : clock.now();
        if (due <= clock.now()) run(delivery.id);
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
