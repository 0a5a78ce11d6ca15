import { Hono, type Context } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import type { EmulatorServices } from '../application/services.js';
import type { SendAttempt } from '../delivery/attempt.js';
import { EmulatorError } from '../errors.js';
import { limitBody } from '../http/body-limit.js';
import { cachedRouter } from '../http/cached-router.js';
import type { DirectRoute } from '../http/direct-route.js';
import { errorResponse } from '../http/errors.js';
import { hostGuard } from '../http/host-guard.js';
import type { HistoryStore } from '../store/history-store.js';
import { clockRoutes } from './control/clock.js';
import { dashboardRoutes } from './control/dashboard.js';
import { deliveryRoutes } from './control/deliveries.js';
import { eventRoutes, fireEventRoute } from './control/events.js';
import { fixtureRoutes } from './control/fixtures.js';
import { messageRoutes } from './control/messages.js';
import { loadTestRoutes } from './control/load-test.js';
import { systemRoutes } from './control/system.js';

export interface AppOptions {
  /** What every route calls: the app holds no logic of its own. */
  services: EmulatorServices;
  /** What the dialects' delivery logs read. */
  history: HistoryStore;
  /** Sends one HTTP attempt outside any delivery (the platform API's test send). */
  send: SendAttempt;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** The folder whose `scenarios/` holds the shipped scenarios. @default the package's `fixtures/` */
  fixturesDir?: string;
}

/**
 * The routes the server answers without Hono (see DirectRoute); `createApp` serves them too. Pass
 * them to `listen` with the app.
 */
export const directRoutes = ({ services, maxBodyBytes }: Pick<AppOptions, 'services' | 'maxBodyBytes'>): DirectRoute[] => [
  fireEventRoute(services, maxBodyBytes),
];

/** The emulator's HTTP surface: each Bird API's routes and the `/_emulator` control API. No sockets here. */
export function createApp({ services, history, send, maxBodyBytes, fixturesDir }: AppOptions): Hono {
  // Hono's own choice of router (RegExpRouter where it can, else TrieRouter), its matches remembered.
  const app = new Hono({ router: cachedRouter(new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] })) });
  // An error outside any API's routes is answered in the shape of the API whose path it is, if any.
  const respond = (c: Context, error: unknown): Response => {
    for (const dialect of services.dialects) {
      const answer = dialect.errorResponse?.(c, error);
      if (answer) return answer;
    }
    return errorResponse(c, error);
  };
  app.onError((error, c) => respond(c, error));
  app.notFound((c) => respond(c, new EmulatorError('NotFound', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));
  app.use('*', hostGuard(respond));
  app.use('*', limitBody(maxBodyBytes, respond));

  const resend = (deliveryId: string) => services.firing.resend(deliveryId);
  for (const dialect of services.dialects) app.route('/', dialect.routes({ history, resend, send, outbox: services.outbox }));

  app.route('/_emulator', systemRoutes(services.control));
  app.route('/_emulator', eventRoutes(services, fireEventRoute(services, maxBodyBytes)));
  app.route('/_emulator', deliveryRoutes(services));
  app.route('/_emulator', fixtureRoutes(services, fixturesDir));
  app.route('/_emulator', clockRoutes(services.control.clock));
  app.route('/_emulator', messageRoutes(services));
  app.route('/_emulator', loadTestRoutes(services));
  app.route('/', dashboardRoutes(services.dialects));
  return app;
}
