import { Hono } from 'hono';
import * as z from 'zod';
import type { Clock } from '../../../clock/clock.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import type { HistoryStore } from '../../../store/history-store.js';
import { attemptsOf, replayFailed } from '../delivery-log.js';
import type { EndpointService } from '../endpoint-service.js';
import { invalidParam } from '../errors.js';
import type { WebhookTestResponse } from '../test-send.js';
import type { Endpoint } from '../../../domain/endpoint.js';
import type { PlatformEnv } from './context.js';
import { limitQuery, readBody, timestampQuery, TimestampSchema, webhookIdParam } from './params.js';

const TestRequestSchema = z.strictObject({ event_type: z.string().min(1).max(256).optional() });
const ReplayRequestSchema = z.strictObject({ since: TimestampSchema.optional(), until: TimestampSchema.optional() });

/** "Defaults to 24h ago when omitted." */
const REPLAY_DEFAULT_WINDOW_MS = 24 * 3_600_000;

export interface WebhookActionOptions {
  endpoints: EndpointService;
  clock: Clock;
  history: HistoryStore;
  resend(deliveryId: string): Promise<unknown>;
  testSend(endpoint: Endpoint, eventType?: string): Promise<WebhookTestResponse>;
}

/** `rotate-secret`, `test`, `attempts` and `replay` on one endpoint (research §1.6–§1.9). */
export function webhookActionRoutes({ endpoints, clock, history, resend, testSend }: WebhookActionOptions): Hono<PlatformEnv> {
  const app = new Hono<PlatformEnv>();

  // Bird defines no body here (its SDK sends none); one sent anyway is ignored. 200: Bird gives no status.
  app.post('/webhooks/:webhook_id/rotate-secret', async (c) =>
    c.json(await endpoints.rotateSecret(c.get('workspaceId'), webhookIdParam(c)), 200),
  );
  refuseOtherMethods(app, '/webhooks/:webhook_id/rotate-secret', ['POST']);

  app.post('/webhooks/:webhook_id/test', async (c) => {
    const id = webhookIdParam(c);
    const input = await readBody(c, TestRequestSchema, { optional: true });
    const endpoint = endpoints.get(c.get('workspaceId'), id);
    return c.json(await testSend(endpoint, input.event_type), 200);
  });
  refuseOtherMethods(app, '/webhooks/:webhook_id/test', ['POST']);

  app.get('/webhooks/:webhook_id/attempts', (c) => {
    const id = webhookIdParam(c);
    const query = {
      limit: limitQuery(c, { fallback: 50, max: 100, clamp: true }),
      before: timestampQuery(c, 'before'),
      after: timestampQuery(c, 'after'),
    };
    return c.json({ data: attemptsOf(history, endpoints.get(c.get('workspaceId'), id), query) }, 200);
  });
  refuseOtherMethods(app, '/webhooks/:webhook_id/attempts', ['GET']);

  app.post('/webhooks/:webhook_id/replay', async (c) => {
    const id = webhookIdParam(c);
    const input = await readBody(c, ReplayRequestSchema, { optional: true });
    const since = input.since === undefined ? clock.now() - REPLAY_DEFAULT_WINDOW_MS : Date.parse(input.since);
    const until = input.until === undefined ? undefined : Date.parse(input.until);
    if (until !== undefined && until < since) throw invalidParam('until', 'must not be before since');
    const endpoint = endpoints.get(c.get('workspaceId'), id);
    return c.json({ replayed: await replayFailed(history, resend, endpoint, { since, until }) }, 202);
  });
  refuseOtherMethods(app, '/webhooks/:webhook_id/replay', ['POST']);

  return app;
}
