import { Hono } from 'hono';
import type { Catalogue } from '../../../catalogue/types.js';
import { ServiceSchema } from '../../../domain/subscription.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import type { ScopeVariables } from './scope.js';

/** `GET /available-webhooks[?service=]` under `/workspaces/{workspaceId}`. */
export function availableWebhookRoutes(catalogue: Catalogue): Hono<{ Variables: ScopeVariables }> {
  const app = new Hono<{ Variables: ScopeVariables }>();
  app.get('/available-webhooks', (c) => {
    const service = c.req.query('service');
    const parsed = service === undefined || service === '' ? undefined : parseOrThrow(ServiceSchema, service, '.query.service');
    return c.json(catalogue.availableWebhooks(parsed), 200);
  });
  refuseOtherMethods(app, '/available-webhooks', ['GET']);
  return app;
}
