import { Hono } from 'hono';
import { CreateEndpointInputSchema, endpointView, UpdateEndpointInputSchema } from '../../../domain/endpoint.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import type { EndpointService } from '../endpoint-service.js';
import type { PlatformEnv } from './context.js';
import { booleanQuery, cursorQuery, enumQuery, limitQuery, readBody, webhookIdParam } from './params.js';

/** Create, list, get, update and delete webhook endpoints (research §1.1–§1.5). */
export function webhookRoutes(endpoints: EndpointService): Hono<PlatformEnv> {
  const app = new Hono<PlatformEnv>();

  app.get('/webhooks', (c) => {
    const page = endpoints.list(c.get('workspaceId'), {
      limit: limitQuery(c, { fallback: 25, max: 100 }),
      sort: enumQuery(c, 'sort', ['created_at', 'url'], 'created_at'),
      order: enumQuery(c, 'order', ['asc', 'desc'], 'desc'),
      startingAfter: cursorQuery(c, 'starting_after'),
      endingBefore: cursorQuery(c, 'ending_before'),
      includeTotal: booleanQuery(c, 'include_total'),
    });
    return c.json(page, 200);
  });

  app.post('/webhooks', async (c) => {
    const input = await readBody(c, CreateEndpointInputSchema);
    return c.json(await endpoints.create(c.get('workspaceId'), input), 201);
  });
  refuseOtherMethods(app, '/webhooks', ['GET', 'POST']);

  app.get('/webhooks/:webhook_id', (c) => c.json(endpointView(endpoints.get(c.get('workspaceId'), webhookIdParam(c))), 200));

  app.patch('/webhooks/:webhook_id', async (c) => {
    const id = webhookIdParam(c);
    const input = await readBody(c, UpdateEndpointInputSchema);
    return c.json(await endpoints.update(c.get('workspaceId'), id, input), 200);
  });

  app.delete('/webhooks/:webhook_id', async (c) => {
    await endpoints.remove(c.get('workspaceId'), webhookIdParam(c));
    return c.body(null, 204);
  });
  refuseOtherMethods(app, '/webhooks/:webhook_id', ['GET', 'PATCH', 'DELETE']);

  return app;
}
