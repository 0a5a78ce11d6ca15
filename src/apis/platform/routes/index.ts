import { Hono, type Context } from 'hono';
import { createEndpointService } from '../endpoint-service.js';
import { createIdempotencyStore } from '../idempotency.js';
import type { PlatformRoutesOptions } from '../route-options.js';
import { createTestSender } from '../test-send.js';
import { requireBearerKey } from './auth.js';
import { assignRequestId, isPlatformPath, platformErrorResponse, type PlatformEnv } from './context.js';
import { honourIdempotencyKey } from './idempotency.js';
import { messageRoutes } from './messages.js';
import { SEND_CHANNELS } from '../sends/send-message.js';
import { webhookActionRoutes } from './webhook-actions.js';
import { webhookRoutes } from './webhooks.js';
import { workspaceRoutes } from './workspace.js';

/**
 * Bird's platform API under `/v1` (SPEC-PLATFORM §2, §5): `/v1/webhooks`, `/v1/workspace`, and the
 * e-mail, SMS and WhatsApp send routes (`/v1/{email,sms,whatsapp}/messages`). Every
 * answer carries `X-Request-Id`; every error is Bird's `{"error": {…}}` envelope.
 *
 * @note Hono applies a mounted app's `onError` to that app's own handlers (so errors here keep this
 * shape, and the Notifications API and `/_emulator` keep theirs), but never its `notFound`: a path
 * under `/v1` that no route has reaches the root app's `notFound`. That one, like the body cap the
 * root app applies before any route, answers through the dialect's `errorResponse`
 * (`platformErrorHook` below), so those errors are in this shape too.
 */
export function platformRoutes(options: PlatformRoutesOptions): Hono {
  const { clock } = options;
  const endpoints = createEndpointService(options);
  const testSend = createTestSender(options);

  const v1 = new Hono<PlatformEnv>();
  v1.onError((error, c) => platformErrorResponse(c, error, clock));
  v1.use('*', assignRequestId(clock), requireBearerKey(options.accessKeys), honourIdempotencyKey(createIdempotencyStore({ clock })));
  v1.route('/', webhookRoutes(endpoints));
  v1.route('/', webhookActionRoutes({ endpoints, clock, history: options.history, resend: options.resend, testSend }));
  v1.route('/', workspaceRoutes());
  for (const channel of SEND_CHANNELS) v1.route('/', messageRoutes(channel, options));

  const app = new Hono();
  app.route('/v1', v1);
  return app;
}

/**
 * The platform API's answer to an error the root app raises before or instead of a route under
 * `/v1` (no such route, a body over the cap); undefined for any other path.
 */
export function platformErrorHook(options: Pick<PlatformRoutesOptions, 'clock'>): (c: Context, error: unknown) => Response | undefined {
  return (c, error) => (isPlatformPath(c.req.path) ? platformErrorResponse(c, error, options.clock) : undefined);
}
