import type { Delivery } from '../../domain/delivery.js';
import type { FiredEventResult } from '../../delivery/event-service.js';

/** A delivery in lists: everything but the request and response bodies. */
export function deliverySummary(delivery: Delivery) {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    subscriptionId: delivery.subscriptionId,
    event: delivery.event,
    service: delivery.service,
    url: delivery.url,
    status: delivery.status,
    attemptCount: delivery.attempts.length,
    maxAttempts: delivery.maxAttempts,
    lastStatusCode: last?.response?.status,
    lastError: last?.error,
    nextAttemptAt: delivery.nextAttemptAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** The answer to a fire or redeliver request. */
export function firedEventView({ event, deliveries }: FiredEventResult) {
  return {
    id: event.id,
    service: event.service,
    event: event.event,
    payload: event.payload,
    firedAt: event.firedAt,
    matched: deliveries.length,
    ...(deliveries.length === 0 && { message: 'No active subscription matched this event; it is recorded with no delivery.' }),
    deliveries: deliveries.map(deliverySummary),
  };
}
