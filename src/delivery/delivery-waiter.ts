import * as z from 'zod';
import type { Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';
import { EmulatorError } from '../errors.js';
import { isPlainObject } from '../objects.js';
import type { HistoryStore } from '../store/history-store.js';

/** Which delivery to wait for, and for which state. Every field given must match. */
export const DeliveryFilterSchema = z.strictObject({
  event: z.string().optional(),
  eventId: z.string().optional(),
  subscriptionId: z.string().optional(),
  /** The subscription URL the delivery was signed for. */
  url: z.string().optional(),
  /**
   * `settled` is succeeded or failed; `pending` matches as soon as the delivery exists.
   * @default 'settled'
   */
  status: z.enum(['pending', 'succeeded', 'failed', 'settled']).optional(),
  /** At least this many attempts made (e.g. 1 to await a first, failed attempt). */
  attempts: z.number().int().min(1).optional(),
  /** A delivery of an event caused by this sent message (`em_…`, `sms_…`, `wam_…`, a Notifications message id). */
  messageId: z.string().optional(),
  /**
   * Fields the event's payload (the platform API's `data`) must have: objects match when every key
   * given matches, arrays item by item, anything else when equal. `{"email_id": "em_…"}`.
   */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type DeliveryFilter = z.infer<typeof DeliveryFilterSchema>;

function deliveryMatches(delivery: Delivery, filter: DeliveryFilter, eventOf: (id: string) => FiredEvent | undefined): boolean {
  const status = filter.status ?? 'settled';
  const stateOk = status === 'pending' || (status === 'settled' ? delivery.status !== 'pending' : delivery.status === status);
  const matchesEvent = () => {
    if (filter.messageId === undefined && filter.payload === undefined) return true;
    const event = eventOf(delivery.eventId);
    return (
      event !== undefined &&
      (filter.messageId === undefined || event.messageId === filter.messageId) &&
      (filter.payload === undefined || contains(event.payload, filter.payload))
    );
  };
  return (
    stateOk &&
    (filter.attempts === undefined || delivery.attempts.length >= filter.attempts) &&
    (filter.event === undefined || delivery.event === filter.event) &&
    (filter.eventId === undefined || delivery.eventId === filter.eventId) &&
    (filter.subscriptionId === undefined || delivery.subscriptionId === filter.subscriptionId) &&
    (filter.url === undefined || delivery.url === filter.url) &&
    matchesEvent()
  );
}

/** Whether `value` has everything `wanted` has (see `payload` above). */
export function contains(value: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return Array.isArray(value) && value.length === wanted.length && wanted.every((w, i) => contains(value[i], w));
  if (isPlainObject(wanted))
    return isPlainObject(value) && Object.entries(wanted).every(([key, w]) => Object.hasOwn(value, key) && contains(value[key], w));
  return Object.is(value, wanted);
}

export interface WaitOptions {
  /** Real milliseconds, even under a virtual clock. @default 10000 */
  timeoutMs?: number;
  /** Stops waiting (e.g. the HTTP client went away). */
  signal?: AbortSignal;
}

/** Rejection of a wait: says what did arrive, so a failing test explains itself. */
export class DeliveryWaitTimeoutError extends EmulatorError {
  readonly arrived: readonly Delivery[];
  constructor(filter: DeliveryFilter, timeoutMs: number, arrived: readonly Delivery[]) {
    const shown = arrived.slice(0, 20).map(describeDelivery);
    const list =
      shown.length === 0 ? 'none' : shown.join('; ') + (arrived.length > shown.length ? `; and ${arrived.length - shown.length} more` : '');
    super('Timeout', `No delivery matching ${JSON.stringify(filter)} within ${timeoutMs} ms. Deliveries so far (newest first): ${list}.`);
    this.arrived = arrived;
  }
}

export function describeDelivery(d: Delivery): string {
  const last = d.attempts[d.attempts.length - 1];
  const outcome = last?.response ? `HTTP ${last.response.status}` : (last?.error?.code ?? 'no attempt yet');
  return `${d.event} -> ${d.url} ${d.status} after ${d.attempts.length} attempt(s), last ${outcome} [${d.id}]`;
}

/** The newest delivery matching `filter` now, if any. */
export function findDelivery(history: HistoryStore, filter: DeliveryFilter): Delivery | undefined {
  const eventOf = (id: string) => history.getEvent(id);
  return history.deliveries().find((d) => deliveryMatches(d, filter, eventOf));
}

/**
 * Resolves with the newest delivery matching `filter`, at once if one already does, else as soon
 * as one does; `onChange` registers a listener called whenever a delivery changes.
 */
export function waitForDelivery(
  history: HistoryStore,
  onChange: (listener: (delivery: Delivery) => void) => () => void,
  filter: DeliveryFilter,
  { timeoutMs = 10_000, signal }: WaitOptions = {},
): Promise<Delivery> {
  const eventOf = (id: string) => history.getEvent(id);
  const existing = findDelivery(history, filter);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      stop();
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = onChange((delivery) => {
      if (!deliveryMatches(delivery, filter, eventOf)) return;
      finish();
      resolve(delivery);
    });
    const timer = setTimeout(() => {
      finish();
      reject(new DeliveryWaitTimeoutError(filter, timeoutMs, history.deliveries()));
    }, timeoutMs);
    const onAbort = () => {
      finish();
      reject(new EmulatorError('Timeout', 'The wait was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort);
  });
}
