import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { EventDefinition } from '../catalogue/types.js';
import type { RetryScheduleOption } from '../config.js';
import type { Delivery } from '../domain/delivery.js';
import type { FiredEvent, FiredEventResult } from '../domain/event.js';
import type { HistoryStore } from '../store/history-store.js';
import type { DeliveryDialect, DialectRegistry, PlannedDelivery } from './dialect.js';
import type { Dispatcher } from './dispatcher.js';

/** An event before the pipeline knows which deliveries it makes. */
export type NewEvent = Omit<FiredEvent, 'deliveryIds'>;

export interface PipelineOptions {
  history: HistoryStore;
  dispatcher: Dispatcher;
  dialects: DialectRegistry;
  clock: Clock;
  retrySchedule: RetryScheduleOption;
  /** Told of every event once it and its deliveries are recorded. */
  onFired?: (result: FiredEventResult) => void;
}

/**
 * Fire → match → sign → deliver → record, for every Bird API: the event's dialect encodes its body
 * once and plans one signed delivery per subscriber it reaches; the pipeline records the event and
 * its deliveries (durably, before answering), then starts their attempts.
 */
export interface Pipeline {
  /** Delivers an event to every subscriber of its API that it reaches. */
  fire(event: NewEvent, definition: EventDefinition): Promise<FiredEventResult>;
  /**
   * Delivers an event to one subscriber (by id), as a new delivery that repeats `redeliveryOf`.
   * @throws EmulatorError `NotFound` when that subscriber is gone.
   */
  redeliver(event: NewEvent, subscriberId: string, redeliveryOf: string): Promise<FiredEventResult>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { history, dispatcher, dialects, clock } = options;

  async function record(
    newEvent: NewEvent,
    plan: (dialect: DeliveryDialect, event: FiredEvent, body: string) => PlannedDelivery[],
    redeliveryOf?: string,
  ): Promise<FiredEventResult> {
    const dialect = dialects.get(newEvent.api);
    const unplanned: FiredEvent = { ...newEvent, deliveryIds: [] };
    const body = dialect.envelope.encode(unplanned);
    const planned = plan(dialect, unplanned, body);
    const event: FiredEvent = { ...newEvent, deliveryIds: planned.map((p) => p.id) };
    const now = isoTimestamp(clock.now());
    const maxAttempts = dialect.retryDelays(options.retrySchedule).length + 1;
    const made = planned.map((p): Delivery => ({
      id: p.id,
      api: event.api,
      eventId: event.id,
      subscriptionId: p.subscriberId,
      organizationId: p.organizationId,
      workspaceId: p.workspaceId,
      service: event.service,
      event: event.event,
      url: p.url,
      status: p.skipped === undefined ? 'pending' : 'skipped',
      request: { headers: p.headers, body },
      attempts: [],
      maxAttempts,
      ...(p.skipped !== undefined && { reason: p.skipped }),
      ...(redeliveryOf !== undefined && { redeliveryOf }),
      createdAt: now,
      updatedAt: now,
    }));
    const deliveries = history.addEvent(event, body, made);
    // @note The answer to the fire request waits for the journal, so an answered event is on disk.
    await history.flush();
    dispatcher.start(deliveries.filter((d) => d.status === 'pending'));
    const result = { event, deliveries };
    options.onFired?.(result);
    return result;
  }

  return {
    fire: (event, definition) => record(event, (dialect, unplanned, body) => dialect.plan(unplanned, definition, body)),
    redeliver: (event, subscriberId, redeliveryOf) =>
      record(event, (dialect, unplanned, body) => [dialect.planFor(subscriberId, unplanned, body)], redeliveryOf),
  };
}
