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
  /**
   * Delivers a recorded event once more to the subscriber of one of its deliveries, as a new
   * delivery of the same event: the same body, byte for byte, under a new delivery id.
   * @throws EmulatorError `NotFound` when that subscriber is gone.
   */
  resend(event: FiredEvent, original: Delivery): Promise<FiredEventResult>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { history, dispatcher, dialects, clock } = options;

  /**
   * Records `event` with the deliveries planned for it (after any it has already), then starts them.
   * `body` is the event's envelope text, which every delivery carries.
   */
  async function deliver(event: FiredEvent, body: string, planned: readonly PlannedDelivery[], redeliveryOf?: string) {
    const dialect = dialects.get(event.api);
    const recorded: FiredEvent = { ...event, deliveryIds: [...event.deliveryIds, ...planned.map((p) => p.id)] };
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
    const deliveries = history.addEvent(recorded, body, made);
    // @note The answer to the fire request waits for the journal, so an answered event is on disk.
    await history.flush();
    dispatcher.start(deliveries.filter((d) => d.status === 'pending'));
    return { event: recorded, deliveries };
  }

  /** A new event: encoded once, planned by its dialect, recorded and announced. */
  async function fireNew(
    newEvent: NewEvent,
    plan: (dialect: DeliveryDialect, event: FiredEvent, body: string) => PlannedDelivery[],
    redeliveryOf?: string,
  ) {
    const dialect = dialects.get(newEvent.api);
    const event: FiredEvent = { ...newEvent, deliveryIds: [] };
    const body = dialect.envelope.encode(event);
    const result = await deliver(event, body, plan(dialect, event, body), redeliveryOf);
    options.onFired?.(result);
    return result;
  }

  return {
    fire: (event, definition) => fireNew(event, (dialect, fired, body) => dialect.plan(fired, definition, body)),
    redeliver: (event, subscriberId, redeliveryOf) =>
      fireNew(event, (dialect, fired, body) => [dialect.planFor(subscriberId, fired, body)], redeliveryOf),
    // Not announced as a fired event: the event fired once; its new delivery shows in its attempts.
    resend: (event, original) =>
      deliver(
        event,
        original.request.body,
        [dialects.get(event.api).planFor(original.subscriptionId, event, original.request.body)],
        original.id,
      ),
  };
}
