import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { EventDefinition } from '../catalogue/types.js';
import type { RetryScheduleOption } from '../config.js';
import type { Delivery } from '../domain/delivery.js';
import type { FiredEvent, FiredEventResult } from '../domain/event.js';
import type { HistoryStore } from '../store/history-store.js';
import type { DeliveryDialect, DialectRegistry, PlannedDelivery } from './dialect.js';
import type { DeliveryObserver, Dispatcher } from './dispatcher.js';

/** An event before the pipeline knows which deliveries it makes. */
export type NewEvent = Omit<FiredEvent, 'deliveryIds'>;

/** An event encoded and planned, nothing sent or recorded yet (see `Pipeline.plan`). */
export interface PlannedEvent {
  readonly event: FiredEvent;
  /** The envelope's text, which every delivery carries. */
  readonly body: string;
  readonly planned: readonly PlannedDelivery[];
}

/** How a load test's event is delivered (see `Pipeline.deliverPlanned`). */
export interface LoadDeliveryOptions {
  /** Record the event and its deliveries in the history, and announce them, as a fired event is. */
  record: boolean;
  /** Follow the retry schedule; without, each delivery has one attempt. */
  retries: boolean;
  /** Told of every attempt of the deliveries. */
  observe: DeliveryObserver;
}

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
  /** Encodes an event and plans its deliveries (its API's filters and signatures); sends and records nothing. */
  plan(event: NewEvent, definition: EventDefinition): PlannedEvent;
  /**
   * Starts the deliveries of a planned event the way a load test does: at once, without waiting
   * for the journal, recorded and announced only when `options.record` says so. Returns them.
   */
  deliverPlanned(planned: PlannedEvent, options: LoadDeliveryOptions): readonly Delivery[];
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { history, dispatcher, dialects, clock } = options;

  /** The delivery records of `planned`, as made for `event` now. */
  const makeDeliveries = (
    event: FiredEvent,
    body: string,
    planned: readonly PlannedDelivery[],
    maxAttempts: number,
    redeliveryOf?: string,
  ) => {
    const now = isoTimestamp(clock.now());
    // Field by field in the order and layout of a stored record (stored-records.ts): the history keeps these as they are.
    return planned.map((p): Delivery => ({
      id: p.id,
      api: event.api,
      eventId: event.id,
      subscriptionId: p.subscriberId,
      ...(p.organizationId !== undefined && { organizationId: p.organizationId }),
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
  };
  const attemptsAllowed = (dialect: DeliveryDialect) => dialect.retryDelays(options.retrySchedule).length + 1;

  /**
   * Records `event` with the deliveries planned for it (after any it has already), then starts them.
   * `body` is the event's envelope text, which every delivery carries.
   */
  async function deliver(event: FiredEvent, body: string, planned: readonly PlannedDelivery[], redeliveryOf?: string) {
    const recorded: FiredEvent = { ...event, deliveryIds: [...event.deliveryIds, ...planned.map((p) => p.id)] };
    const made = makeDeliveries(event, body, planned, attemptsAllowed(dialects.get(event.api)), redeliveryOf);
    const deliveries = history.addEvent(recorded, body, made);
    // @note The answer to the fire request waits for the journal, so an answered event is on disk.
    await history.flush();
    dispatcher.start(deliveries.filter((d) => d.status === 'pending'));
    return { event: recorded, deliveries };
  }

  /** A new event: encoded once, and the deliveries its dialect plans for it. */
  const planNew = (newEvent: NewEvent, plan: (dialect: DeliveryDialect, event: FiredEvent, body: string) => PlannedDelivery[]) => {
    const dialect = dialects.get(newEvent.api);
    const event: FiredEvent = { ...newEvent, deliveryIds: [] };
    const body = dialect.envelope.encode(event);
    return { event, body, planned: plan(dialect, event, body) };
  };

  /** A new event: planned, recorded and announced. */
  async function fireNew(
    newEvent: NewEvent,
    plan: (dialect: DeliveryDialect, event: FiredEvent, body: string) => PlannedDelivery[],
    redeliveryOf?: string,
  ) {
    const { event, body, planned } = planNew(newEvent, plan);
    const result = await deliver(event, body, planned, redeliveryOf);
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

    plan: (event, definition) => planNew(event, (dialect, fired, body) => dialect.plan(fired, definition, body)),

    deliverPlanned({ event, body, planned }, { record, retries, observe }) {
      const made = makeDeliveries(event, body, planned, retries ? attemptsAllowed(dialects.get(event.api)) : 1);
      if (!record) {
        dispatcher.start(
          made.filter((d) => d.status === 'pending'),
          { recorded: false, observe },
        );
        return made;
      }
      const recorded: FiredEvent = { ...event, deliveryIds: planned.map((p) => p.id) };
      const deliveries = history.addEvent(recorded, body, made);
      // @note Started at once: a load test's sample is written with the next journal batch, and
      // waiting for it would hold the schedule up.
      dispatcher.start(
        deliveries.filter((d) => d.status === 'pending'),
        { observe },
      );
      options.onFired?.({ event: recorded, deliveries });
      return deliveries;
    },
  };
}
