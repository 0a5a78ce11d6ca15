import { Hono } from 'hono';
import type { Catalogue } from '../catalogue/types.js';
import type { EventService } from '../delivery/event-service.js';
import { EmulatorError } from '../errors.js';
import type { HistoryStore } from '../store/history-store.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import type { SubscriptionService } from '../subscriptions/service.js';
import { requireAccessKey } from './bird/access-key.js';
import { availableWebhookRoutes } from './bird/available-webhooks.js';
import { logRoutes } from './bird/logs.js';
import { workspaceScope, type ScopeVariables } from './bird/scope.js';
import { subscriptionRoutes } from './bird/subscriptions.js';
import type { Clock } from '../delivery/clock.js';
import { clockRoutes } from './control/clock.js';
import { dashboardRoutes } from './control/dashboard.js';
import { deliveryRoutes, type WaitForDelivery } from './control/deliveries.js';
import { eventRoutes } from './control/events.js';
import { fixtureRoutes, type FixtureRoutesOptions } from './control/fixtures.js';
import { systemRoutes } from './control/system.js';
import { limitBody } from './body-limit.js';
import { errorResponse } from './errors.js';
import { hostGuard } from './host-guard.js';

export interface AppOptions {
  subscriptions: SubscriptionService;
  /** Every subscription across workspaces, for the dashboard (the store's `all()`). */
  subscriptionStore: Pick<SubscriptionStore, 'all'>;
  events: EventService;
  history: HistoryStore;
  catalogue: Catalogue;
  /** Accepted access keys; empty accepts any non-empty key. */
  accessKeys: readonly string[];
  maxBodyBytes: number;
  startedAt: number;
  reset: () => Promise<void>;
  waitForDelivery: WaitForDelivery;
  clock: Clock;
  clockKind: string;
  advanceClock: (ms: number) => Promise<void>;
  /** Scenarios, replay and fixture export (`/_emulator/scenarios`, `/replay`, `…/{id}/fixture`); absent, those routes are not served. */
  fixtures?: FixtureRoutesOptions;
}

/** The emulator's HTTP surface: Bird's API and the `/_emulator` control API. No sockets here. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => errorResponse(c, new EmulatorError('NotFound', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));
  app.use('*', hostGuard());
  app.use('*', limitBody(options.maxBodyBytes));

  const bird = new Hono<{ Variables: ScopeVariables }>();
  bird.use('*', requireAccessKey({ accessKeys: options.accessKeys }), workspaceScope);
  bird.route('/', subscriptionRoutes(options.subscriptions));
  bird.route('/', logRoutes(options.subscriptions, options.history));

  const workspaceOnly = new Hono<{ Variables: ScopeVariables }>();
  workspaceOnly.use('*', requireAccessKey({ accessKeys: options.accessKeys }), workspaceScope);
  workspaceOnly.route('/', availableWebhookRoutes(options.catalogue));
  workspaceOnly.route('/', subscriptionRoutes(options.subscriptions));
  workspaceOnly.route('/', logRoutes(options.subscriptions, options.history));

  app.route('/organizations/:organizationId/workspaces/:workspaceId', bird);
  app.route('/workspaces/:workspaceId', workspaceOnly);

  app.route('/_emulator', systemRoutes({ startedAt: options.startedAt, reset: options.reset }));
  app.route('/_emulator', eventRoutes(options.events, options.history, options.catalogue));
  app.route('/_emulator', deliveryRoutes(options.history, options.events, options.waitForDelivery));
  if (options.fixtures) app.route('/_emulator', fixtureRoutes(options.fixtures));
  app.route('/_emulator', clockRoutes({ clock: options.clock, kind: options.clockKind, advance: options.advanceClock }));
  app.route('/', dashboardRoutes({ subscriptions: options.subscriptionStore }));
  return app;
}
