import { Hono } from 'hono';
import * as z from 'zod';
import type { Attempt, Delivery } from '../../../domain/delivery.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { EmulatorError } from '../../../errors.js';
import type { HistoryStore } from '../../../store/history-store.js';
import { byCreation, paginate } from '../page-token.js';
import type { SubscriptionService } from '../subscription-service.js';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import { limitQuery, uuidParam } from '../../../http/request.js';
import { scopeOf, type ScopeVariables } from './scope.js';

const ExecutionStatusSchema = z.enum(['succeeded', 'failed']);

/** Bird's log row: one per request (delivery), reflecting its latest attempt. */
interface LogRow {
  requestId: string;
  attemptCount: number;
  httpStatusCode: number;
  executionStatus: 'succeeded' | 'failed';
  createdAt: string;
}

/** `/webhook-subscriptions/{id}/logs` and `/logs/details?requestId=`. */
export function logRoutes(subscriptions: SubscriptionService, history: HistoryStore): Hono<{ Variables: ScopeVariables }> {
  const app = new Hono<{ Variables: ScopeVariables }>();

  app.get('/webhook-subscriptions/:id/logs', (c) => {
    const subscription = subscriptions.get(scopeOf(c), uuidParam(c, 'id'));
    const limit = limitQuery(c);
    const statusText = c.req.query('executionStatus');
    const executionStatus = statusText ? parseOrThrow(ExecutionStatusSchema, statusText, '.query.executionStatus') : undefined;
    const rows = history
      .deliveries({ subscriptionId: subscription.id })
      .filter((d) => d.attempts.length > 0)
      .map(logRow)
      .filter((row) => executionStatus === undefined || row.executionStatus === executionStatus);
    // @note paginate() is keyset pagination on (createdAt, id): the rows must be in that order, not
    // in insertion order, or requests created in the same millisecond are skipped or repeated.
    const ordered = rows.map((row) => ({ ...row, id: row.requestId })).sort((a, b) => byCreation(b, a));
    const page = paginate(ordered, {
      limit,
      pageToken: c.req.query('pageToken') || undefined,
      order: 'newest-first',
    });
    return c.json({ ...page, results: page.results.map(({ id: _id, ...row }) => row) }, 200);
  });
  refuseOtherMethods(app, '/webhook-subscriptions/:id/logs', ['GET']);

  app.get('/webhook-subscriptions/:id/logs/details', (c) => {
    const subscription = subscriptions.get(scopeOf(c), uuidParam(c, 'id'));
    const requestId = parseOrThrow(
      z.uuid('must be a UUID (the messagebird-request-id header)'),
      c.req.query('requestId'),
      '.query.requestId',
    ).toLowerCase();
    const delivery = history.getDelivery(requestId);
    if (!delivery || delivery.subscriptionId !== subscription.id) {
      throw new EmulatorError('NotFound', `No request ${requestId} was logged for subscription ${subscription.id}.`);
    }
    return c.json({ results: delivery.attempts.map((attempt) => detailRow(delivery, attempt)) }, 200);
  });
  refuseOtherMethods(app, '/webhook-subscriptions/:id/logs/details', ['GET']);

  return app;
}

function logRow(delivery: Delivery): LogRow {
  const last = delivery.attempts[delivery.attempts.length - 1] as Attempt;
  return {
    requestId: delivery.id,
    attemptCount: delivery.attempts.length,
    httpStatusCode: last.response?.status ?? 0,
    executionStatus: last.outcome,
    createdAt: delivery.createdAt,
  };
}

function detailRow(delivery: Delivery, attempt: Attempt) {
  return {
    organizationId: delivery.organizationId,
    workspaceId: delivery.workspaceId,
    subscriptionId: delivery.subscriptionId,
    requestId: delivery.id,
    attemptCount: attempt.attemptNumber,
    httpStatusCode: attempt.response?.status ?? 0,
    executionStatus: attempt.outcome,
    createdAt: attempt.startedAt,
    updatedAt: new Date(Date.parse(attempt.startedAt) + Math.round(attempt.durationMs)).toISOString(),
    payloadDetails: {
      request: delivery.request.body,
      response: attempt.response?.body ?? attempt.error?.message ?? '',
    },
  };
}
