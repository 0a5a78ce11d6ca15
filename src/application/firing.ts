import type { EventDefinition, Payload } from '../catalogue/types.js';
import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { DeliveryDialect, DialectRegistry } from '../delivery/dialect.js';
import type { NewEvent, Pipeline } from '../delivery/pipeline.js';
import type { ApiName } from '../domain/api.js';
import type { FiredEvent, FiredEventResult } from '../domain/event.js';
import type { FireEventInput } from '../domain/fire-input.js';
import { zodIssueDetails } from '../domain/validation.js';
import { EmulatorError, invalidField } from '../errors.js';
import { replayEvents, type ReplayOptions, type ReplayResult } from '../fixtures/replay.js';
import { runScenario, type RunScenarioOptions, type ScenarioResult, type ScenarioRunnerDeps } from '../fixtures/scenario.js';
import type { EventFixture, Scenario } from '../fixtures/schemas.js';
import { deepMerge } from '../objects.js';
import type { Random } from '../random.js';
import type { HistoryStore } from '../store/history-store.js';

export interface FireOptions {
  /** What fired it. @default 'api' */
  source?: FiredEvent['source'];
  /**
   * Merge the input's payload over a generated one. A replay passes false: what Bird sent is fired
   * as it is, without a generated field added. @default true
   */
  generate?: boolean;
  /** Check a given payload against its event's schema; false when the caller already has. @default true */
  validate?: boolean;
  /** The sent message whose lifecycle this event is a step of. */
  messageId?: string;
}

/** Firing events, by every route there is: a fire request, a redelivery, a replay, a scenario. */
export interface Firing {
  /** Fires one event of the catalogue (any API's) through the pipeline. */
  fire(input: FireEventInput, options?: FireOptions): Promise<FiredEventResult>;
  /**
   * The event `input` makes, as `fire` would fire it (its payload generated, merged and checked),
   * without firing it: a load test fires it through `Pipeline.plan` and `deliverPlanned`.
   * @throws EmulatorError `InvalidPayload` for an unknown event or a payload that does not fit it.
   */
  newEvent(input: FireEventInput, options?: FireOptions): { event: NewEvent; definition: EventDefinition };
  /** Sends a recorded delivery's event again to its subscriber, optionally with an edited payload, signed afresh. */
  redeliver(deliveryId: string, payloadOverride?: Payload): Promise<FiredEventResult>;
  /**
   * Sends the same event again to a delivery's subscriber, as a new delivery: the same event id and
   * body byte for byte, a new delivery id (a replay of Bird's platform API). An event the history
   * no longer holds is redelivered as a new one.
   */
  resend(deliveryId: string): Promise<FiredEventResult>;
  /** Fires recorded events with their payloads as they are (see `fixtures/replay.ts`). */
  replay(events: readonly EventFixture[], options?: ReplayOptions): Promise<ReplayResult>;
  /** Runs a validated scenario (see `fixtures/scenario.ts`). */
  runScenario(scenario: Scenario, options?: RunScenarioOptions): Promise<ScenarioResult>;
  /** The event a name means, in the API given, or in whichever API has it. */
  findEvent(name: string, within?: { api?: ApiName | undefined; service?: string | undefined }): FoundEvent | undefined;
}

export interface FoundEvent {
  dialect: DeliveryDialect;
  definition: EventDefinition;
}

export interface FiringOptions {
  dialects: DialectRegistry;
  pipeline: Pipeline;
  history: HistoryStore;
  clock: Clock;
  random: Random;
  /** Resolves once no attempt is in flight (a replay and a scenario fire one event at a time). */
  settle(): Promise<void>;
  /** Waits `ms` of emulator time (a virtual clock is advanced instead). */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  /** A scenario's `send` and `expect` steps (application/scenario-deps.ts). */
  scenarioSteps: Pick<ScenarioRunnerDeps, 'send' | 'expect' | 'eventOf'>;
}

export function createFiring(options: FiringOptions): Firing {
  const { dialects, pipeline, history, clock, random } = options;

  const findEvent: Firing['findEvent'] = (name, within = {}) => {
    const candidates = within.api ? [dialects.find(within.api)].filter((d) => d !== undefined) : dialects.all;
    for (const dialect of candidates) {
      const definition = dialect.catalogue.find(name, within.service as EventDefinition['service'] | undefined);
      if (definition) return { dialect, definition };
    }
    return undefined;
  };

  const newEvent: Firing['newEvent'] = (input, { source = 'api', generate = true, validate = true, messageId } = {}) => {
    const { dialect, definition } = resolveEvent(input);
    const generated = generate
      ? definition.generate({ random, now: clock.now(), workspaceId: input.workspaceId, override: input.payload })
      : {};
    // @note Only a merged payload is validated: a generated one is valid by construction (the
    // catalogue's tests parse every generator's output under many seeds), and parsing it on every
    // fire cost several percent of the emulator's CPU under load.
    const payload = input.payload ? deepMerge(generated, input.payload) : generated;
    if (input.payload && validate) checkPayload(definition, payload, '.body.payload');
    const event: NewEvent = {
      id: dialect.newEventId(),
      api: dialect.api,
      service: definition.service,
      event: definition.name,
      ...(input.organizationId !== undefined && { organizationId: input.organizationId }),
      ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }),
      payload,
      firedAt: isoTimestamp(clock.now()),
      source,
      ...(messageId !== undefined && { messageId }),
    };
    return { event, definition };
  };

  const fire: Firing['fire'] = async (input, fireOptions) => {
    const { event, definition } = newEvent(input, fireOptions);
    return pipeline.fire(event, definition);
  };

  /** The event `input` names, or a 422 that says why there is none. */
  function resolveEvent(input: FireEventInput): FoundEvent {
    const found = findEvent(input.event, input);
    if (found) return found;
    const known = findEvent(input.event, { api: input.api });
    throw invalidField(
      '.body.event',
      known && input.service
        ? `event ${input.event} belongs to service ${known.definition.service}, not ${input.service}`
        : `unknown event ${input.event}; GET /_emulator/catalog lists the events`,
    );
  }

  return {
    fire,
    newEvent,
    findEvent,

    async redeliver(deliveryId, payloadOverride) {
      const original = history.getDelivery(deliveryId);
      if (!original) throw new EmulatorError('NotFound', `Delivery ${deliveryId} was not found.`);
      const dialect = dialects.get(original.api);
      const basePayload = history.getEvent(original.eventId)?.payload ?? dialect.envelope.decode(original.request.body);
      const payload = payloadOverride ? deepMerge(basePayload, payloadOverride) : basePayload;
      const definition = dialect.catalogue.find(original.event, original.service);
      if (definition && payloadOverride) checkPayload(definition, payload, '.body.payload');
      return pipeline.redeliver(
        {
          id: dialect.newEventId(),
          api: original.api,
          service: original.service,
          event: original.event,
          organizationId: original.organizationId,
          workspaceId: original.workspaceId,
          payload,
          firedAt: isoTimestamp(clock.now()),
          source: 'redeliver',
        },
        original.subscriptionId,
        original.id,
      );
    },

    async resend(deliveryId) {
      const original = history.getDelivery(deliveryId);
      if (!original) throw new EmulatorError('NotFound', `Delivery ${deliveryId} was not found.`);
      const event = history.getEvent(original.eventId);
      return event ? pipeline.resend(event, original) : this.redeliver(deliveryId);
    },

    replay: (events, replayOptions) =>
      replayEvents(
        events,
        {
          knows: (fixture) => findEvent(fixture.event, fixture)?.definition,
          serviceOf: (name) => findEvent(name)?.definition.service,
          fire: (input) => fire(input, { source: 'replay', generate: false, validate: !replayOptions?.payloadsChecked }),
          settle: options.settle,
          currentDelivery: (id) => history.getDelivery(id),
        },
        replayOptions,
      ),

    runScenario: (scenario, runOptions) =>
      runScenario(
        scenario,
        {
          ...options.scenarioSteps,
          fire: (input) => fire(input, { source: 'scenario' }),
          wait: options.wait,
          settle: options.settle,
          currentDelivery: (id) => history.getDelivery(id),
        },
        runOptions,
      ),
  };
}

/** A payload given with the event must still be a valid payload of it: a 422 naming the paths that fail. */
function checkPayload(definition: EventDefinition, payload: Payload, at: string): void {
  const result = definition.payloadSchema.safeParse(payload);
  if (!result.success) {
    throw new EmulatorError(
      'InvalidPayload',
      `The payload is not a valid ${definition.name} payload; see details.`,
      zodIssueDetails(result.error.issues, at),
    );
  }
}
