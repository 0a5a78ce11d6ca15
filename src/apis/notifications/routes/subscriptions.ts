import { Hono } from 'hono';
import { CreateSubscriptionInputSchema, UpdateSubscriptionInputSchema } from '../../../domain/subscription.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { EmulatorError } from '../../../errors.js';
import type { SubscriptionService } from '../subscription-service.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import { limitQuery, readJsonBody, uuidParam } from '../../../http/request.js';
import { scopeOf, type ScopeVariables } from './scope.js';

/** `/webhook-subscriptions` under a workspace base path. */
export function subscriptionRoutes(subscriptions: SubscriptionService): Hono<{ Variables: ScopeVariables }> {
  const app = new Hono<{ Variables: ScopeVariables }>();

  app.get('/webhook-subscriptions', (c) => {
    const page = subscriptions.list(scopeOf(c), {
      limit: limitQuery(c),
      pageToken: c.req.query('pageToken') || undefined,
      filters: searchFilters(new URL(c.req.url).searchParams),
    });
    return c.json(page, 200);
  });

  app.post('/webhook-subscriptions', async (c) => {
    const input = parseOrThrow(CreateSubscriptionInputSchema, await readJsonBody(c), '.body');
    return c.json(await subscriptions.create(scopeOf(c), input), 201);
  });
  refuseOtherMethods(app, '/webhook-subscriptions', ['GET', 'POST']);

  app.get('/webhook-subscriptions/:id', (c) => c.json(subscriptions.get(scopeOf(c), uuidParam(c, 'id')), 200));

  app.patch('/webhook-subscriptions/:id', async (c) => {
    const id = uuidParam(c, 'id');
    const body = await readJsonBody(c);
    refuseImmutableFields(body);
    const input = parseOrThrow(UpdateSubscriptionInputSchema, body, '.body');
    if (Object.keys(input).length === 0) {
      throw new EmulatorError('InvalidPayload', 'Send at least one field to update.', {
        '.body': ['must have at least one of template, url, signingKey, status, eventFilters'],
      });
    }
    return c.json(await subscriptions.update(scopeOf(c), id, input), 200);
  });

  app.delete('/webhook-subscriptions/:id', async (c) => {
    await subscriptions.remove(scopeOf(c), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
  refuseOtherMethods(app, '/webhook-subscriptions/:id', ['GET', 'PATCH', 'DELETE']);

  return app;
}

/** `SearchFilters[service]=channels` (Bird's docs also write `SearchFilter[...]`): accept both. */
function searchFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, value] of params) {
    const match = /^SearchFilters?\[([^\]]+)\]$/.exec(name);
    if (match) filters[match[1] as string] = value;
  }
  return filters;
}

/** `service` and `event` are immutable; say so plainly rather than "unknown field". */
function refuseImmutableFields(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const details: Record<string, string[]> = {};
  for (const field of ['service', 'event']) {
    if (field in body) details[`.body.${field}`] = [`${field} cannot be changed; create a new subscription instead`];
  }
  if (Object.keys(details).length > 0) {
    throw new EmulatorError('InvalidPayload', 'service and event of a subscription cannot be changed.', details);
  }
}
