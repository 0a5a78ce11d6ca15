import type { Hono } from 'hono';
import type { DirectRoute } from './http/direct-route.js';
import { createApp, directRoutes } from './api/app.js';
import { openNotificationsDialect, type NotificationsDialect } from './apis/notifications/dialect.js';
import { openPlatformDialect, type PlatformDialect } from './apis/platform/dialect.js';
import type { ApiDialect } from './apis/api-dialect.js';
import { createEmulatorControl, type EmulatorControl } from './application/control.js';
import { createFiring, type Firing } from './application/firing.js';
import { createOutcomeRules, loadOutcomeRules } from './application/outcome-rules.js';
import { createOutbox, type MessageWaitOptions, type Outbox } from './application/outbox.js';
import { scenarioStepDeps } from './application/scenario-deps.js';
import { createLoadTests, type LoadTests } from './application/load-test.js';
import { createRecords, type Records } from './application/records.js';
import type { EmulatorServices } from './application/services.js';
import { loadCustomCatalog } from './catalogue/custom-catalog.js';
import { createRealTime, createSystemClock, type Clock } from './clock/clock.js';
import { createVirtualClock, VIRTUAL_CLOCK_START, type VirtualClock } from './clock/virtual-clock.js';
import { EmulatorConfigSchema, type EmulatorConfig, type EmulatorOptions } from './config.js';
import { createHttpSender, type SendAttempt } from './delivery/attempt.js';
import type { DeliveryFilter, WaitOptions } from './delivery/delivery-waiter.js';
import { createDialectRegistry, type DialectRegistry } from './delivery/dialect.js';
import { createDispatcher } from './delivery/dispatcher.js';
import { createPipeline } from './delivery/pipeline.js';
import type { Delivery } from './domain/delivery.js';
import type { MessageFilter, SentMessage } from './domain/message.js';
import { LoadTestInputSchema, type LoadTestOptions } from './domain/load-test-input.js';
import { parseOrThrow } from './domain/validation.js';
import type { LoadTestReport } from './views/load-test-views.js';
import { resolveReplayInput, resolveScenario, type ReplayInput } from './fixtures/load.js';
import type { ReplayOptions, ReplayResult } from './fixtures/replay.js';
import { waitOnClock, type RunScenarioOptions, type ScenarioResult } from './fixtures/scenario.js';
import type { ScenarioInput } from './fixtures/schemas.js';
import { loadAtStart } from './fixtures/seed.js';
import type { ApiName } from './domain/api.js';
import type { SubscriptionChange } from './domain/subscription.js';
import type { LiveActivity } from './live/frames.js';
import type { Subscriber } from './views/live-frames.js';
import { createLiveFeed, type LiveFeed } from './live/live-feed.js';
import { createRandom, type Random } from './random.js';
import { acquireDataLock } from './store/data-lock.js';
import { openHistoryStore, type HistoryCodec, type HistoryStore } from './store/history-store.js';
import { openMessageStore, type MessageStore } from './store/message-store.js';
import type { StorageOptions } from './store/storage.js';

/** Collaborators a test may replace; each has a real default. */
export interface EmulatorDeps {
  clock?: Clock;
  random?: Random;
  /** Sends one delivery attempt; default: undici's `dispatch` with keep-alive. */
  send?: SendAttempt;
}

/** Everything the emulator does, as events (the live log and the test harness listen here). */
export type EmulatorActivity = LiveActivity;

export interface Emulator extends EmulatorServices {
  readonly config: EmulatorConfig;
  /** The Hono app: `app.fetch` serves requests; `app.request()` calls it in-process. */
  readonly app: Hono;
  /** Routes of the app that `listen` answers without Hono, for speed (see DirectRoute); pass them to it. */
  readonly directRoutes: readonly DirectRoute[];
  readonly clock: Clock;
  /** The Notifications API: its subscriptions (service and store) and its catalogue. */
  readonly notifications: NotificationsDialect;
  /** Bird's platform API: its endpoints and its catalogue. */
  readonly platform: PlatformDialect;
  /** Events, deliveries and attempts as recorded (read it; the pipeline writes it). */
  readonly history: HistoryStore;
  /** The live log: every activity as a numbered frame, for the WebSocket (`listen({ live })`). */
  readonly live: LiveFeed;
  /** Registers a listener for activity; returns a function that removes it. */
  onActivity(listener: (activity: EmulatorActivity) => void): () => void;
  /** Resolves once no delivery attempt is in flight. */
  idle(): Promise<void>;
  /** Resolves with the newest delivery matching `filter` (one that already did included). */
  waitForDelivery(filter?: DeliveryFilter, options?: WaitOptions): Promise<Delivery>;
  /** Resolves with the newest message sent through Bird's send routes matching `filter` (one already sent included). */
  waitForMessage(filter?: MessageFilter, options?: MessageWaitOptions): Promise<SentMessage>;
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
  /**
   * Runs a load test: `event` fired at `rate` per second (or as fast as `concurrency` allows) until
   * `count` events or `duration` seconds, through the normal pipeline to the existing subscriptions
   * and endpoints it reaches; resolves with the report (latency percentiles, status codes, errors,
   * and how far it fell behind the rate). `stopLoadTest()` ends it early with a partial report.
   * @throws EmulatorError `InvalidPayload` for bad options or an event nobody receives; `Conflict`
   * while another load test runs.
   */
  loadTest(options: LoadTestOptions, runOptions?: { signal?: AbortSignal }): Promise<LoadTestReport>;
  /** Stops the running load test; resolves with its report. @throws EmulatorError `Conflict` when none runs. */
  stopLoadTest(): Promise<LoadTestReport>;
  /** Empties subscriptions and history. */
  reset(): Promise<void>;
  /** Stops retries, waits for attempts in flight and writes everything to disk. */
  close(): Promise<void>;
}

/**
 * The composition root: wires storage, the Bird APIs (dialects), the pipeline, the application
 * services and the HTTP app. Opens no socket; holds no use-case of its own.
 */
export async function createEmulator(options: EmulatorOptions = {}, deps: EmulatorDeps = {}): Promise<Emulator> {
  const config = EmulatorConfigSchema.parse(options);
  const virtualClock: VirtualClock | undefined =
    deps.clock === undefined && config.clock === 'virtual' ? createVirtualClock(startOf(config.clockStart)) : undefined;
  const clock = deps.clock ?? virtualClock ?? createSystemClock();
  const random = deps.random ?? createRandom(config.seed);
  const storage: StorageOptions = config.storage === 'file' ? { kind: 'file', dataDir: config.dataDir } : { kind: 'memory' };
  const customEvents = config.catalogFile ? await loadCustomCatalog(config.catalogFile) : [];
  const rules = createOutcomeRules(await loadOutcomeRules(config.outcomes));

  const listeners = new Set<(activity: EmulatorActivity) => void>();
  const emit = (activity: EmulatorActivity) => {
    for (const listener of listeners) listener(activity);
  };
  const onActivity = (listener: (activity: EmulatorActivity) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  // One emulator per data folder: a second process would interleave writes to the same files.
  const lock = storage.kind === 'file' ? await acquireDataLock(storage.dataDir) : undefined;
  let notifications: NotificationsDialect;
  let platform: PlatformDialect;
  let dialects: DialectRegistry;
  let history: HistoryStore;
  let messages: MessageStore;
  try {
    // What every Bird API is built with.
    const shared = {
      storage,
      clock,
      random,
      customEvents,
      accessKeys: config.accessKeys,
      strictUrls: config.strictUrls,
      onChange: (type: SubscriptionChange, api: ApiName, subscription: Subscriber) => emit({ type, api, subscription }),
    };
    notifications = await openNotificationsDialect({ ...shared, defaultOrganizationId: config.defaultOrganizationId });
    platform = await openPlatformDialect({ ...shared, forward: config.forward });
    dialects = createDialectRegistry([notifications, platform]);
    history = await openHistoryStore({ storage, limit: config.historyLimit, codec: historyCodec(dialects) });
    messages = await openMessageStore({ storage, limit: config.historyLimit });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const apiDialects: readonly ApiDialect[] = [notifications, platform];

  const live = createLiveFeed({ clock, replay: config.liveReplay });
  onActivity((activity) => live.publish(activity));

  const sender = deps.send ? undefined : createHttpSender(clock);
  const send = deps.send ?? (sender as NonNullable<typeof sender>).send;
  const dispatcher = createDispatcher({
    history,
    clock,
    send,
    dialects,
    retrySchedule: config.retrySchedule,
    attemptTimeoutMs: config.attemptTimeoutMs,
    forward: config.forward,
    onActivity: emit,
  });
  const pipeline = createPipeline({
    history,
    dispatcher,
    dialects,
    clock,
    retrySchedule: config.retrySchedule,
    onFired: (result) => emit({ type: 'event.fired', result }),
  });
  const records: Records = createRecords({
    history,
    dialects,
    onDeliveryChange: (listener) =>
      onActivity((activity) => {
        if ('delivery' in activity) listener(activity.delivery);
        else if (activity.type === 'event.fired') activity.result.deliveries.forEach(listener);
      }),
  });
  const outbox: Outbox = createOutbox({
    store: messages,
    clock,
    stepMs: config.sendStepMs,
    rules,
    // Each step is an event of the message's API, fired through the pipeline into its workspace.
    fire: (message, step) =>
      firing.fire(
        { event: step.event, api: message.api, service: message.service, workspaceId: message.workspaceId, payload: { ...step.payload } },
        { source: 'send', generate: false, messageId: message.id },
      ),
    onActivity: emit,
  });
  // What is in flight: the lifecycle steps being fired, then the attempts they (and everything else) started.
  const settle = async () => {
    await outbox.idle();
    await dispatcher.idle();
  };
  const firing: Firing = createFiring({
    dialects,
    pipeline,
    history,
    clock,
    random,
    settle,
    wait: (ms, signal) => waitOnClock(clock, ms, { advance: virtualClock && ((n) => virtualClock.advance(n)), signal }),
    scenarioSteps: scenarioStepDeps({
      platform,
      outbox,
      history,
      clock,
      virtualClock,
      waitForDelivery: (filter, waitOptions) => records.waitForDelivery(filter, waitOptions),
    }),
  });
  const control: EmulatorControl = createEmulatorControl({
    clock,
    virtualClock,
    injected: deps.clock !== undefined,
    settle,
    clearStores: async () => {
      await outbox.clear();
      await Promise.all([history.clear(), ...apiDialects.map((dialect) => dialect.clear())]);
    },
    afterReset: () => {
      // A client connecting after a reset must not be replayed frames from before it; the ones
      // connected now are told, so a dashboard empties itself.
      live.clear();
      emit({ type: 'emulator.reset' });
    },
  });
  const loadTests: LoadTests = createLoadTests({
    firing,
    pipeline,
    release: (ids) => dispatcher.release(ids),
    clock,
    realTime: createRealTime(),
    random,
    onActivity: emit,
  });
  const services: EmulatorServices = { dialects: apiDialects, firing, records, control, outbox, loadTests };
  const app = createApp({ services, history, send, maxBodyBytes: config.maxBodyBytes });

  virtualClock?.settleWith(settle);
  dispatcher.resume();
  outbox.resume();
  // After the start-up work of this turn, so the HTTP client loads while the server starts listening
  // and is ready by the first delivery, without making the ready line wait for it.
  if (sender) setImmediate(sender.warmUp);

  const emulator: Emulator = {
    ...services,
    config,
    app,
    directRoutes: directRoutes({ services, maxBodyBytes: config.maxBodyBytes }),
    clock,
    notifications,
    platform,
    history,
    live,
    onActivity,
    idle: settle,
    waitForDelivery: records.waitForDelivery,
    waitForMessage: outbox.waitForMessage,
    advanceClock: control.clock.advance,
    runScenario: async (input, runOptions) => firing.runScenario(await resolveScenario(input), runOptions),
    async replay(input, replayOptions = {}) {
      const { events, ...scope } = await resolveReplayInput(input);
      return firing.replay(events, {
        organizationId: replayOptions.organizationId ?? scope.organizationId,
        workspaceId: replayOptions.workspaceId ?? scope.workspaceId,
      });
    },
    loadTest: (loadOptions, runOptions) => loadTests.run(parseOrThrow(LoadTestInputSchema, loadOptions, '.options'), runOptions),
    stopLoadTest: () => loadTests.stop(),
    reset: control.reset,
    async close() {
      // A load test still running ends first, so its last attempts are counted and recorded.
      if (loadTests.latest()?.status === 'running') await loadTests.stop();
      // Then lifecycles: a step fired after the dispatcher closed would start no attempt.
      await outbox.close();
      await dispatcher.close();
      await Promise.all(apiDialects.map((dialect) => dialect.close()));
      await history.close();
      await messages.close();
      await lock?.release();
      await sender?.close();
    },
  };

  if (config.load !== undefined) {
    try {
      await loadAtStart(config.load, {
        findEvent: (event) => firing.findEvent(event.event, event)?.definition,
        subscriptions: notifications.subscriptions,
        store: notifications.store,
        defaultOrganizationId: config.defaultOrganizationId,
        replay: (list, scope) => firing.replay([...list], { ...scope, payloadsChecked: true }),
        declareChannel: (channel) => notifications.declareChannel(channel),
      });
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }
  return emulator;
}

/** How the history reads and writes each API's bodies: through that API's envelope. */
function historyCodec(dialects: DialectRegistry): HistoryCodec {
  return {
    encode: (event) => dialects.get(event.api).envelope.encode(event),
    decode: (api, body) => dialects.get(api).envelope.decode(body),
    payloadText: (body, event) => dialects.get(event.api).envelope.payloadText(body, event),
    perRequestHeaders: new Set(dialects.all.flatMap((dialect) => dialect.perRequestHeaders)),
  };
}

function startOf(clockStart: number | string | undefined): number {
  if (clockStart === undefined) return VIRTUAL_CLOCK_START;
  return typeof clockStart === 'number' ? clockStart : Date.parse(clockStart);
}
