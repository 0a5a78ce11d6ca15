import type { EmulatorOptions } from '../config.js';
import type { DeliveryFilter, WaitOptions } from '../delivery/delivery-waiter.js';
import type { FiredEventResult } from '../domain/event.js';
import { FireEventInputSchema, type FireEventInput } from '../domain/fire-input.js';
import type { Delivery } from '../domain/delivery.js';
import { messageMatches, type MessageFilter, type SentMessage } from '../domain/message.js';
import type { MessageWaitOptions } from '../application/outbox.js';
import type { LoadTestOptions } from '../domain/load-test-input.js';
import type { LoadTestReport } from '../views/load-test-views.js';
import type { CreateSubscriptionInput, Subscription } from '../domain/subscription.js';
import { CreateSubscriptionInputSchema } from '../domain/subscription.js';
import { parseOrThrow } from '../domain/validation.js';
import { createEmulator, type Emulator, type EmulatorDeps } from '../emulator.js';
import type { ReplayInput } from '../fixtures/load.js';
import type { ReplayOptions, ReplayResult } from '../fixtures/replay.js';
import type { RunScenarioOptions, ScenarioResult } from '../fixtures/scenario.js';
import type { ScenarioInput } from '../fixtures/schemas.js';
import { listen } from '../server/listen.js';
import { workspaceId as platformWorkspaceId } from '../apis/platform/ids.js';

/** Options of `startEmulator`: every emulator option, with test-friendly defaults. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default 'memory' */
  storage?: 'memory' | 'file';
  /** The organization `subscribe()` and `trigger()` use by default. @default '00000000-0000-4000-8000-000000000000' */
  organizationId?: string;
  /** The workspace `subscribe()` uses. @default '00000000-0000-4000-8000-000000000001' */
  workspaceId?: string;
}

export interface StartedEmulator {
  /** Base URL of Bird's API and the control API, e.g. `http://127.0.0.1:53211`. */
  readonly url: string;
  /** The live log, `ws://…/_emulator/ws`. */
  readonly wsUrl: string;
  /** A key the emulator accepts: send `Authorization: AccessKey <accessKey>`. */
  readonly accessKey: string;
  readonly organizationId: string;
  readonly workspaceId: string;
  /** `${url}/organizations/${organizationId}/workspaces/${workspaceId}`: where your app's Bird client points. */
  readonly birdBaseUrl: string;
  /**
   * Bird's platform API (`/v1`), for its SDK: `new BirdClient({ apiKey, baseUrl })` from
   * `@messagebird/sdk`. Each API key is its own workspace; `workspaceId` is this key's.
   */
  readonly platform: { readonly baseUrl: string; readonly apiKey: string; readonly workspaceId: string };
  /** The emulator itself, for what this handle does not wrap. */
  readonly emulator: Emulator;
  /** Creates a subscription in the default workspace (Bird's rules apply). */
  subscribe(input: CreateSubscriptionInput): Promise<Subscription>;
  /** Fires an event, as `POST /_emulator/events` does; without `workspaceId` it reaches every workspace. */
  trigger(event: string, options?: Omit<FireEventInput, 'event'>): Promise<FiredEventResult>;
  /**
   * Resolves with the newest delivery matching `filter` once it is settled (or in the state asked
   * with `status`), one that already happened included; rejects after `timeoutMs` (default 10 s)
   * with a message that lists what did arrive.
   */
  waitForDelivery(filter?: DeliveryFilter, options?: WaitOptions): Promise<Delivery>;
  /** Every delivery so far, newest first. */
  deliveries(filter?: { event?: string; subscriptionId?: string; status?: Delivery['status'] }): Delivery[];
  /**
   * Resolves with the newest message your app sent through the emulator (Bird's send routes) that
   * matches `filter` (`{to, status, channel, id…}`), one already sent included; rejects after
   * `timeoutMs` (default 10 s) listing the messages there are.
   */
  waitForMessage(filter?: MessageFilter, options?: MessageWaitOptions): Promise<SentMessage>;
  /** Every message sent through the emulator so far, newest first. */
  messages(filter?: MessageFilter): SentMessage[];
  /**
   * Runs a scenario: an object, a file path, or a shipped scenario's name (`sms-delivered`). With
   * `clock: 'virtual'` its delays pass at once; without `workspaceId` its events reach every workspace.
   */
  runScenario(scenario: ScenarioInput | string, options?: RunScenarioOptions): Promise<ScenarioResult>;
  /** Fires recorded events (a file or folder, fixtures, or a fixture set) with their payloads as recorded. */
  replay(fixtures: ReplayInput, options?: ReplayOptions): Promise<ReplayResult>;
  /**
   * Hits the receivers of the existing subscriptions and endpoints with `event` at `rate` per second
   * (or as fast as `concurrency` allows) until `count` events or `duration` seconds, and resolves
   * with how they coped: latency percentiles from each event's scheduled send time, status codes,
   * timeouts and connection errors, and how far the achieved rate fell behind the asked one.
   */
  loadTest(options: LoadTestOptions): Promise<LoadTestReport>;
  /** Stops the running load test; resolves with its partial report. */
  stopLoadTest(): Promise<LoadTestReport>;
  /** Back to empty: no subscriptions, events or deliveries. */
  reset(): Promise<void>;
  readonly clock: {
    /** The emulator's time, ms since the epoch. */
    now(): number;
    /** With `clock: 'virtual'`: moves time, running the retries that come due. */
    advance(ms: number): Promise<void>;
  };
  /** Stops the server and the emulator; leaves no open handle. */
  close(): Promise<void>;
}

export const DEFAULT_TEST_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';
const DEFAULT_TEST_ACCESS_KEY = 'emulator-test-key';
/** Shaped like Bird's keys (`bk_{region}_…`), so an SDK given no `baseUrl` would still parse it. */
const DEFAULT_TEST_API_KEY = 'bk_us1_emulatortestkey';

/**
 * Starts an emulator in this process for integration tests: port 0 and memory storage unless told
 * otherwise. Several can run side by side; each is fully isolated.
 */
export async function startEmulator(options: StartEmulatorOptions = {}, deps: EmulatorDeps = {}): Promise<StartedEmulator> {
  const { organizationId: org, workspaceId: ws, ...emulatorOptions } = options;
  const emulator = await createEmulator({ port: 0, storage: 'memory', ...emulatorOptions }, deps);
  const organizationId = org ?? emulator.config.defaultOrganizationId;
  const workspaceId = ws ?? DEFAULT_TEST_WORKSPACE_ID;
  let server;
  try {
    server = await listen(emulator.app, {
      port: emulator.config.port,
      host: emulator.config.host,
      allowedHosts: emulator.config.allowedHosts,
      directRoutes: emulator.directRoutes,
      live: emulator.live,
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const scope = { organizationId, workspaceId };
  const apiKey = emulator.config.accessKeys[0] ?? DEFAULT_TEST_API_KEY;
  let closed: Promise<void> | undefined;

  return {
    url: server.url,
    wsUrl: server.wsUrl,
    accessKey: emulator.config.accessKeys[0] ?? DEFAULT_TEST_ACCESS_KEY,
    organizationId,
    workspaceId,
    birdBaseUrl: `${server.url}/organizations/${organizationId}/workspaces/${workspaceId}`,
    platform: { baseUrl: server.url, apiKey, workspaceId: platformWorkspaceId(apiKey) },
    emulator,
    subscribe: (input) => emulator.notifications.subscriptions.create(scope, parseOrThrow(CreateSubscriptionInputSchema, input, '.body')),
    trigger: (event, rest = {}) => emulator.firing.fire(parseOrThrow(FireEventInputSchema, { ...rest, event }, '.body')),
    waitForDelivery: (filter, waitOptions) => emulator.waitForDelivery(filter, waitOptions),
    deliveries: (filter = {}) => emulator.history.deliveries(filter),
    waitForMessage: (filter, waitOptions) => emulator.waitForMessage(filter, waitOptions),
    messages: (filter = {}) => emulator.outbox.list().filter((m) => messageMatches(m, filter)),
    runScenario: (scenario, runOptions) => emulator.runScenario(scenario, runOptions),
    replay: (fixtures, replayOptions) => emulator.replay(fixtures, replayOptions),
    loadTest: (loadOptions) => emulator.loadTest(loadOptions),
    stopLoadTest: () => emulator.stopLoadTest(),
    reset: () => emulator.reset(),
    clock: { now: () => emulator.clock.now(), advance: (ms) => emulator.advanceClock(ms) },
    close() {
      closed ??= server.close().then(() => emulator.close());
      return closed;
    },
  };
}
