import type { DialectRegistry } from '../delivery/dialect.js';
import { waitForDelivery, type DeliveryFilter, type WaitOptions } from '../delivery/delivery-waiter.js';
import type { Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';
import { EmulatorError } from '../errors.js';
import type { DeliveryQuery, HistoryStore } from '../store/history-store.js';

/** What was fired and delivered, for the control API, the harness and the dashboard. */
export interface Records {
  /** Newest first; `event` keeps only events of that name. */
  events(query?: { event?: string | undefined }): FiredEvent[];
  /** @throws EmulatorError `NotFound` */
  event(id: string): FiredEvent;
  /** Newest first. */
  deliveries(query?: DeliveryQuery): Delivery[];
  /** @throws EmulatorError `NotFound` */
  delivery(id: string): Delivery;
  /** The deliveries the history still keeps of these events, oldest first (a sent message's webhooks). */
  deliveriesOfEvents(eventIds: readonly string[]): Delivery[];
  /** The delivery body an event makes (its API's envelope), as sent to each subscriber. */
  bodyOf(event: FiredEvent): string;
  /** Resolves with the newest delivery matching `filter` (one that already did included). */
  waitForDelivery(filter?: DeliveryFilter, options?: WaitOptions): Promise<Delivery>;
}

export interface RecordsOptions {
  history: HistoryStore;
  /** Each delivery's API, whose envelope reads its body. */
  dialects: DialectRegistry;
  /** Registers a listener told of every delivery as it changes; returns a function that removes it. */
  onDeliveryChange(listener: (delivery: Delivery) => void): () => void;
}

export function createRecords({ history, dialects, onDeliveryChange }: RecordsOptions): Records {
  return {
    events: ({ event } = {}) => history.events().filter((e) => event === undefined || e.event === event),
    event(id) {
      const event = history.getEvent(id);
      if (!event) throw new EmulatorError('NotFound', `Event ${id} was not found.`);
      return event;
    },
    deliveries: (query) => history.deliveries(query),
    delivery(id) {
      const delivery = history.getDelivery(id);
      if (!delivery) throw new EmulatorError('NotFound', `Delivery ${id} was not found.`);
      return delivery;
    },
    deliveriesOfEvents: (eventIds) =>
      eventIds.flatMap((id) => (history.getEvent(id)?.deliveryIds ?? []).flatMap((deliveryId) => history.getDelivery(deliveryId) ?? [])),
    bodyOf: (event) => dialects.get(event.api).envelope.encode(event),
    waitForDelivery: (filter = {}, options) => waitForDelivery(history, onDeliveryChange, filter, options),
  };
}
