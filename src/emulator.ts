import type { Hono } from 'hono';
import { createApp } from './api/app.js';
import { createCatalogue } from './catalogue/catalogue.js';
import { loadCustomCatalog } from './catalogue/custom-catalog.js';
import type { Catalogue } from './catalogue/types.js';
import { EmulatorConfigSchema, type EmulatorConfig, type EmulatorOptions } from './config.js';
import { createHttpSender, type SendAttempt } from './delivery/attempt.js';
import { createSystemClock, type Clock } from './delivery/clock.js';
import { waitForDelivery, type DeliveryFilter, type WaitOptions } from './delivery/delivery-waiter.js';
import { createVirtualClock, VIRTUAL_CLOCK_START, type VirtualClock } from './delivery/virtual-clock.js';
import type { Delivery } from './domain/delivery.js';
import { EmulatorError } from './errors.js';
import { createDispatcher, type Dispatcher } from './delivery/dispatcher.js';
import { createEventService, type EventService, type FiredEventResult } from './delivery/event-service.js';
import { retryDelays } from './delivery/retry-schedule.js';
import { createRandom, type Random } from './random.js';
import { acquireDataLock } from './store/data-lock.js';
import { openHistoryStore, type HistoryStore } from './store/history-store.js';
import { openSubscriptionStore, type StorageOptions, type SubscriptionStore } from './store/subscription-store.js';
import { createSubscriptionService, type SubscriptionService } from './subscriptions/service.js';
import type { LiveActivity } from './live/frames.js';
import { createLiveFeed, type LiveFeed } from './live/live-feed.js';
import { resolveReplayInput, resolveScenario, type ReplayInput } from './fixtures/load.js';
import { replayEvents, withoutGeneration, type ReplayOptions, type ReplayResult } from './fixtures/replay.js';
import { runScenario, waitOnClock, type RunScenarioOptions, type ScenarioResult } from './fixtures/scenario.js';
import type { ScenarioInput } from './fixtures/schemas.js';
import { loadAtStart } from './fixtures/seed.js';

/** Collaborators a test may replace; each has a real default. */
export interface EmulatorDeps {
  clock?: Clock;
  random?: Random;
  /** Sends one delivery attempt; default: undici's `dispatch` with keep-alive. */
  send?: SendAttempt;
}

/** Everything the emulator does, as events (the live log and the test harness listen here). */
export type EmulatorActivity = LiveActivity;

export interface Emulator {
  readonly config: EmulatorConfig;
  /** The Hono app: `app.fetch` serves requests; `app.request()` calls it in-process. */
  readonly app: Hono;
  readonly catalogue: Catalogue;
  readonly subscriptionStore: SubscriptionStore;
  readonly subscriptions: SubscriptionService;
  readonly history: HistoryStore;
  readonly events: EventService;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  /** The live log: every activity as a numbered frame, for the WebSocket (`listen({ live })`). */
  readonly live: LiveFeed;
  /** Registers a listener for activity; returns a function that removes it. */
  onActivity(listener: (activity: EmulatorActivity) => void): () => void;
  /** Resolves with the newest delivery matching `filter` (one that already did included). */
  waitForDelivery(filter?: DeliveryFilter, options?: WaitOptions): Promise<Delivery>;
  /**
   * Moves a virtual clock forward, running the retries that come due (and their follow-ups)
   * before resolving. A `Conflict` error on the system clock.
   */
  advanceClock(ms: number): Promise<void>;
  /**
   * Runs a scenario (an object, a scenario file's path, or a shipped scenario's name such as
   * `sms-delivered`): each step waits its `delayMs` on the emulator's clock (a virtual clock is
   * advanced, so delays pass at once), then fires with its references to earlier steps resolved.
   */
  runScenario(scenario: ScenarioInput | string, options?: RunScenarioOptions): Promise<ScenarioResult>;
  /**
   * Fires recorded events (a file or folder, event fixtures, or a fixture set) with their payloads
   * as they are, filtered against the current subscriptions and signed with their keys. An event
   * that cannot be fired is reported in the result and the others go on.
   */
  replay(fixtures: ReplayInput, options?: ReplayOptions): Promise<ReplayResult>;
  /** Empties subscriptions and history. */
  reset(): Promise<void>;
  /** Stops retries, waits for attempts in flight and writes everything to disk. */
  close(): Promise<void>;
}

/** The composition root: wires storage, catalogue, delivery and the HTTP app. Opens no socket. */
export async function createEmulator(options: EmulatorOptions = {}, deps: EmulatorDeps = {}): Promise<Emulator> {
  const config = EmulatorConfigSchema.parse(options);
  const virtualClock: VirtualClock | undefined =
    deps.clock === undefined && config.clock === 'virtual' ? createVirtualClock(startOf(config.clockStart)) : undefined;
  const clock = deps.clock ?? virtualClock ?? createSystemClock();
  const random = deps.random ?? createRandom(config.seed);
  const storage: StorageOptions = config.storage === 'file' ? { kind: 'file', dataDir: config.dataDir } : { kind: 'memory' };
  const customEvents = config.catalogFile ? await loadCustomCatalog(config.catalogFile) : [];
  const catalogue = createCatalogue({ customEvents });

  // One emulator per data folder: a second process would interleave writes to the same files.
  const lock = storage.kind === 'file' ? await acquireDataLock(storage.dataDir) : undefined;
  let subscriptionStore: SubscriptionStore;
  let history: HistoryStore;
  try {
    subscriptionStore = await openSubscriptionStore(storage);
    history = await openHistoryStore({ storage, limit: config.historyLimit });
  } catch (error) {
    await lock?.release();
    throw error;
  }

  const listeners = new Set<(activity: EmulatorActivity) => void>();
  const emit = (activity: EmulatorActivity) => {
    for (const listener of listeners) listener(activity);
  };
  const addListener = (listener: (activity: EmulatorActivity) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  const live = createLiveFeed({ clock, replay: config.liveReplay });
  addListener((activity) => live.publish(activity));

  const sender = deps.send ? undefined : createHttpSender(clock);
  const dispatcher = createDispatcher({
    history,
    clock,
    random,
    send: deps.send ?? (sender as NonNullable<typeof sender>).send,
    retryDelays: retryDelays(config.retrySchedule),
    attemptTimeoutMs: config.attemptTimeoutMs,
    forward: config.forward,
    onActivity: emit,
  });
  const subscriptions = createSubscriptionService({
    store: subscriptionStore,
    catalogue,
    clock,
    random,
    strictUrls: config.strictUrls,
    defaultOrganizationId: config.defaultOrganizationId,
    onChange: (type, subscription) => emit({ type, subscription }),
  });
  const pipeline = {
    subscriptions: subscriptionStore,
    history,
    dispatcher,
    clock,
    random,
    onFired: (result: FiredEventResult) => emit({ type: 'event.fired', result }),
  };
  const events = createEventService({ catalogue, ...pipeline });
  // A replay sends recorded payloads as they are: the same pipeline over a catalogue that generates nothing.
  const replayService = createEventService({ catalogue: withoutGeneration(catalogue), ...pipeline });
  const settle = () => dispatcher.idle();
  const currentDelivery = (id: string) => history.getDelivery(id);
  const runScenarioOn = async (input: ScenarioInput | string, runOptions: RunScenarioOptions = {}) =>
    runScenario(
      await resolveScenario(input),
      {
        fire: (fireInput, source) => events.fire(fireInput, source),
        wait: (ms, signal) => waitOnClock(clock, ms, { advance: virtualClock && ((n) => virtualClock.advance(n)), signal }),
        settle,
        currentDelivery,
      },
      runOptions,
    );
  const replay = async (input: ReplayInput, replayOptions: ReplayOptions = {}) => {
    const { events: list, ...scope } = await resolveReplayInput(input);
    return replayEvents(
      list,
      { catalogue, fire: (fireInput, source) => replayService.fire(fireInput, source), settle, currentDelivery },
      { organizationId: replayOptions.organizationId ?? scope.organizationId, workspaceId: replayOptions.workspaceId ?? scope.workspaceId },
    );
  };

  const reset = async () => {
    await dispatcher.idle();
    await Promise.all([subscriptionStore.clear(), history.clear()]);
    // A client connecting after a reset must not be replayed frames from before it; the ones
    // connected now are told, so a dashboard empties itself.
    live.clear();
    emit({ type: 'emulator.reset' });
  };

  const onDeliveryChange = (listener: (delivery: Delivery) => void) =>
    addListener((activity) => {
      if ('delivery' in activity) listener(activity.delivery);
      else if (activity.type === 'event.fired') activity.result.deliveries.forEach(listener);
    });
  const waitFor = (filter: DeliveryFilter = {}, options?: WaitOptions) => waitForDelivery(history, onDeliveryChange, filter, options);
  const advanceClock = async (ms: number) => {
    if (!virtualClock) throw new EmulatorError('Conflict', "The clock only advances when the emulator runs with clock: 'virtual'.");
    await virtualClock.advance(ms);
  };

  const app = createApp({
    subscriptions,
    subscriptionStore,
    events,
    history,
    catalogue,
    accessKeys: config.accessKeys,
    maxBodyBytes: config.maxBodyBytes,
    startedAt: performance.now(),
    reset,
    waitForDelivery: waitFor,
    clock,
    clockKind: virtualClock ? 'virtual' : deps.clock ? 'injected' : 'system',
    advanceClock,
    fixtures: { history, runScenario: runScenarioOn, replay },
  });

  virtualClock?.settleWith(() => dispatcher.idle());
  dispatcher.resume();
  // After the start-up work of this turn, so the HTTP client loads while the server starts listening
  // and is ready by the first delivery, without making the ready line wait for it.
  if (sender) setImmediate(sender.warmUp);

  const emulator: Emulator = {
    config,
    app,
    catalogue,
    subscriptionStore,
    subscriptions,
    history,
    events,
    dispatcher,
    clock,
    live,
    onActivity: addListener,
    waitForDelivery: waitFor,
    advanceClock,
    runScenario: runScenarioOn,
    replay,
    reset,
    async close() {
      await dispatcher.close();
      await subscriptionStore.flush();
      await history.close();
      await lock?.release();
      await sender?.close();
    },
  };

  if (config.load !== undefined) {
    try {
      await loadAtStart(config.load, {
        catalogue,
        subscriptions,
        store: subscriptionStore,
        defaultOrganizationId: config.defaultOrganizationId,
        replay: (list, scope) => replay([...list], scope),
      });
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }
  return emulator;
}

function startOf(clockStart: number | string | undefined): number {
  if (clockStart === undefined) return VIRTUAL_CLOCK_START;
  return typeof clockStart === 'number' ? clockStart : Date.parse(clockStart);
}
